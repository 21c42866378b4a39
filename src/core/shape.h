// Shape: a list of dimensions where kUnknownDim (-1) marks a dimension known only at run time.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace oar {

constexpr int64_t kUnknownDim = -1;

class Shape {
 public:
  Shape() = default;
  Shape(std::initializer_list<int64_t> dims) : dims_(dims) {}
  explicit Shape(std::vector<int64_t> dims) : dims_(std::move(dims)) {}

  int rank() const { return static_cast<int>(dims_.size()); }
  int64_t operator[](int i) const { return dims_[static_cast<size_t>(i)]; }
  int64_t& operator[](int i) { return dims_[static_cast<size_t>(i)]; }
  const std::vector<int64_t>& dims() const { return dims_; }
  std::vector<int64_t>& mutable_dims() { return dims_; }
  /// True when no dimension is unknown.
  bool IsStatic() const;
  /// Product of the dims (1 for rank 0); -1 when a dim is unknown.
  int64_t NumElements() const;
  /// "[1,3,224,224]", unknown dims printed as "?".
  std::string ToString() const;
  void push_back(int64_t d) { dims_.push_back(d); }

  bool operator==(const Shape& o) const { return dims_ == o.dims_; }
  bool operator!=(const Shape& o) const { return dims_ != o.dims_; }

 private:
  std::vector<int64_t> dims_;
};

/// Normalises a possibly negative axis against rank; returns false when out of range.
bool NormalizeAxis(int64_t axis, int rank, int* out);

}  // namespace oar
