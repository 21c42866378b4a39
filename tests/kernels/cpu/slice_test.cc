// Slice against a naive Python-slicing reference: positive and negative steps, clamped bounds,
// Starts/Ends tensors (whose contents may change between runs), decrease_axes, every element
// size, and two threads.
#include <vector>

#include "elementwise_test_util.h"
#include "kernels/tensor_attrs_test_util.h"

namespace oar::testing {
namespace {

/// Indices Python's x[start:end:step] takes along an axis of size dim.
std::vector<int64_t> PyRange(int64_t start, int64_t end, int64_t step, int64_t dim) {
  std::vector<int64_t> out;
  auto norm = [&](int64_t v) {
    if (v < 0) v += dim;
    return step > 0 ? std::min(std::max<int64_t>(v, 0), dim) : std::min(std::max<int64_t>(v, -1), dim - 1);
  };
  const int64_t s = norm(start), e = norm(end);
  for (int64_t i = s; step > 0 ? i < e : i > e; i += step) out.push_back(i);
  return out;
}

Tensor Naive(const Tensor& x, const ir::SliceAttrs& a, const std::vector<int64_t>& starts,
             const std::vector<int64_t>& ends) {
  const Shape& in = x.shape();
  std::vector<std::vector<int64_t>> take(static_cast<size_t>(in.rank()));
  for (int d = 0; d < in.rank(); ++d) {
    for (int64_t i = 0; i < in[d]; ++i) take[static_cast<size_t>(d)].push_back(i);
  }
  for (size_t i = 0; i < a.axes.size(); ++i) {
    const int ax = static_cast<int>(a.axes[i] < 0 ? a.axes[i] + in.rank() : a.axes[i]);
    take[static_cast<size_t>(ax)] = PyRange(starts[i], ends[i], a.steps.empty() ? 1 : a.steps[i], in[ax]);
  }
  Shape full;
  for (auto& t : take) full.push_back(static_cast<int64_t>(t.size()));
  Shape out;
  for (int d = 0; d < in.rank(); ++d) {
    bool drop = false;
    for (int64_t da : a.decrease_axes) drop = drop || (da < 0 ? da + in.rank() : da) == d;
    if (!drop) out.push_back(full[d]);
  }
  Tensor y(x.dtype(), out);
  const size_t es = DTypeSize(x.dtype());
  for (int64_t i = 0; i < y.numel(); ++i) {
    std::vector<int64_t> idx = Unravel(i, full);
    int64_t src = 0;
    for (int d = 0; d < in.rank(); ++d) src = src * in[d] + take[static_cast<size_t>(d)][static_cast<size_t>(idx[d])];
    std::memcpy(static_cast<char*>(y.raw_data()) + static_cast<size_t>(i) * es,
                static_cast<const char*>(x.raw_data()) + static_cast<size_t>(src) * es, es);
  }
  return y;
}


void Check(const Tensor& x, const ir::SliceAttrs& a, int threads = 1) {
  auto r = RunRef(ir::OpKind::kSlice, a, {&x}, 1, threads);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(SameBytes((*r)[0], Naive(x, a, a.starts, a.ends)))
      << x.Describe() << " axes " << ::testing::PrintToString(a.axes) << " starts "
      << ::testing::PrintToString(a.starts) << " ends " << ::testing::PrintToString(a.ends) << " steps "
      << ::testing::PrintToString(a.steps);
}

TEST(SliceKernelTest, ReferenceMatchesPython) {
  // list(range(9))[a:b:c] as Python prints it.
  EXPECT_EQ(PyRange(2, -1, 1, 9), (std::vector<int64_t>{2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(PyRange(-2, -100, -1, 9), (std::vector<int64_t>{7, 6, 5, 4, 3, 2, 1, 0}));
  EXPECT_EQ(PyRange(100, 0, -3, 9), (std::vector<int64_t>{8, 5, 2}));
  EXPECT_EQ(PyRange(-1000, 1000, 4, 9), (std::vector<int64_t>{0, 4, 8}));
  EXPECT_EQ(PyRange(5, 2, 1, 9), std::vector<int64_t>{});
  EXPECT_EQ(PyRange(3, 3, -1, 9), std::vector<int64_t>{});
}

TEST(SliceKernelTest, PythonSlicing) {
  uint64_t seed = 1;
  for (DType dt : {DType::kFloat32, DType::kInt64, DType::kUInt8, DType::kFloat16}) {
    Tensor x = RandomOf(dt, Shape{4, 7, 9}, ++seed, -100, 100);
    Check(x, SliceAttrsOf({0}, {1}, {3}));
    Check(x, SliceAttrsOf({2}, {2}, {-1}));                      // innermost: contiguous run
    Check(x, SliceAttrsOf({-1}, {0}, {9}, {2}));                 // innermost strided: gather
    Check(x, SliceAttrsOf({1}, {-2}, {-100}, {-1}));             // negative step through index 0
    Check(x, SliceAttrsOf({1, 2}, {6, 100}, {0, 0}, {-2, -3}));  // negative steps on two axes
    Check(x, SliceAttrsOf({0, 1, 2}, {-1000, 2, 3}, {1000, 5, 4}));
    Check(x, SliceAttrsOf({1}, {5}, {2}));           // empty
    Check(x, SliceAttrsOf({0}, {0}, {4}));           // everything
    Check(x, SliceAttrsOf({1}, {3}, {4}, {}, {1}));  // decrease_axes
    Check(x, SliceAttrsOf({0, 2}, {2, 8}, {3, 9}, {}, {0, 2}));
    Check(x, SliceAttrsOf({1}, {1}, {7}, {3}));  // middle axis strided, whole rows after it
  }
  Check(RandomTensor(Shape{5}, 50), SliceAttrsOf({0}, {2}, {3}, {}, {0}));  // to rank 0
}

TEST(SliceKernelTest, StartsEndsTensorsChangeBetweenRuns) {
  Tensor x = RandomTensor(Shape{6, 8}, 60);
  ir::SliceAttrs a = SliceAttrsOf({0, 1}, {0, 0}, {0, 0});
  for (const auto& se : std::vector<std::pair<std::vector<double>, std::vector<double>>>{
           {{1, 2}, {4, -1}}, {{-3, 0}, {6, 3}}, {{0, 7}, {2, 8}}}) {
    Tensor starts = FromDoubles(DType::kInt64, Shape{2}, se.first);
    Tensor ends = FromDoubles(DType::kInt32, Shape{2}, se.second);
    auto r = RunRef(ir::OpKind::kSlice, a, {&x, &starts, &ends});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    std::vector<int64_t> s(se.first.begin(), se.first.end()), e(se.second.begin(), se.second.end());
    EXPECT_TRUE(SameBytes((*r)[0], Naive(x, a, s, e)));
  }
  // Only Starts as a tensor: Ends from the attribute.
  Tensor starts = FromDoubles(DType::kInt64, Shape{2}, {2, 1});
  ir::SliceAttrs b = SliceAttrsOf({0, 1}, {0, 0}, {5, 7});
  auto r = RunRef(ir::OpKind::kSlice, b, {&x, &starts, nullptr});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(SameBytes((*r)[0], Naive(x, b, {2, 1}, {5, 7})));
}

TEST(SliceKernelTest, TwoThreads) {
  Check(RandomTensor(Shape{64, 3, 80, 81}, 70), SliceAttrsOf({2, 3}, {1, 0}, {79, 81}, {1, 2}), 2);
  Check(RandomTensor(Shape{300, 1000}, 71), SliceAttrsOf({1}, {100}, {-100}), 2);
  Check(RandomTensor(Shape{2, 255, 40, 40}, 72), SliceAttrsOf({1}, {85}, {170}), 2);
}

}  // namespace
}  // namespace oar::testing
