// Element conversions between every DType, shared by Cast and Fill. f16/bf16 go through f32
// (core/dtype.h, round to nearest even); floating -> integer truncates toward zero and saturates
// (NaN -> 0); integer -> integer wraps as C++ does; anything -> bool is (x != 0).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "core/dtype.h"

namespace oar::kernels::cpu {

/// Storage tags of the dtypes without a native C++ type.
struct HalfT {
  uint16_t bits;
};
struct BFloat16T {
  uint16_t bits;
};
struct BoolT {
  uint8_t byte;
};

template <typename T>
inline constexpr bool kIsTag = std::is_same_v<T, HalfT> || std::is_same_v<T, BFloat16T> || std::is_same_v<T, BoolT>;

/// One element of type S converted to D (S, D: native arithmetic types or the tags above).
template <typename S, typename D>
inline D ConvertElem(S s) {
  if constexpr (std::is_same_v<S, HalfT>) {
    return ConvertElem<float, D>(HalfToFloat(s.bits));
  } else if constexpr (std::is_same_v<S, BFloat16T>) {
    return ConvertElem<float, D>(BFloat16ToFloat(s.bits));
  } else if constexpr (std::is_same_v<S, BoolT>) {
    return ConvertElem<uint8_t, D>(s.byte != 0 ? 1 : 0);
  } else if constexpr (std::is_same_v<D, HalfT>) {
    return HalfT{FloatToHalf(static_cast<float>(s))};
  } else if constexpr (std::is_same_v<D, BFloat16T>) {
    return BFloat16T{FloatToBFloat16(static_cast<float>(s))};
  } else if constexpr (std::is_same_v<D, BoolT>) {
    return BoolT{static_cast<uint8_t>(s != S(0) ? 1 : 0)};
  } else if constexpr (std::is_floating_point_v<S> && std::is_integral_v<D>) {
    if (std::isnan(s)) return D(0);
    if (s <= static_cast<S>(std::numeric_limits<D>::lowest())) return std::numeric_limits<D>::lowest();
    // Where max() is not exact in S it rounds up to a power of two, so >= still catches every
    // value that overflows D.
    if (s >= static_cast<S>(std::numeric_limits<D>::max())) return std::numeric_limits<D>::max();
    return static_cast<D>(s);
  } else {
    return static_cast<D>(s);
  }
}

/// Calls fn(T{}) with T the storage type of `dtype`; false for kUndefined.
template <typename Fn>
bool DispatchStorageType(DType dtype, Fn&& fn) {
  switch (dtype) {
    case DType::kFloat32:
      fn(float{});
      return true;
    case DType::kFloat64:
      fn(double{});
      return true;
    case DType::kFloat16:
      fn(HalfT{});
      return true;
    case DType::kBFloat16:
      fn(BFloat16T{});
      return true;
    case DType::kInt8:
      fn(int8_t{});
      return true;
    case DType::kUInt8:
      fn(uint8_t{});
      return true;
    case DType::kInt16:
      fn(int16_t{});
      return true;
    case DType::kInt32:
      fn(int32_t{});
      return true;
    case DType::kInt64:
      fn(int64_t{});
      return true;
    case DType::kBool:
      fn(BoolT{});
      return true;
    case DType::kUndefined:
      return false;
  }
  return false;
}

}  // namespace oar::kernels::cpu
