// Element types of tensors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace oar {

enum class DType : uint8_t {
  kUndefined = 0,
  kFloat32,
  kFloat16,
  kBFloat16,
  kFloat64,
  kInt8,
  kUInt8,
  kInt16,
  kInt32,
  kInt64,
  kBool,
};

/// Bytes per element (0 for kUndefined).
size_t DTypeSize(DType t);
/// Short lower-case name: "f32", "f16", "bf16", "f64", "i8", "u8", "i16", "i32", "i64", "bool".
const char* DTypeName(DType t);
/// Parses the names above and numpy-style aliases ("float32", "int64", ...).
bool ParseDType(const std::string& name, DType* out);
bool IsFloating(DType t);

template <typename T>
struct DTypeOf;
template <> struct DTypeOf<float> { static constexpr DType value = DType::kFloat32; };
template <> struct DTypeOf<double> { static constexpr DType value = DType::kFloat64; };
template <> struct DTypeOf<int8_t> { static constexpr DType value = DType::kInt8; };
template <> struct DTypeOf<uint8_t> { static constexpr DType value = DType::kUInt8; };
template <> struct DTypeOf<int16_t> { static constexpr DType value = DType::kInt16; };
template <> struct DTypeOf<int32_t> { static constexpr DType value = DType::kInt32; };
template <> struct DTypeOf<int64_t> { static constexpr DType value = DType::kInt64; };
template <> struct DTypeOf<bool> { static constexpr DType value = DType::kBool; };

/// IEEE half <-> float conversions (round to nearest even).
float HalfToFloat(uint16_t h);
uint16_t FloatToHalf(float f);
float BFloat16ToFloat(uint16_t h);
uint16_t FloatToBFloat16(float f);

}  // namespace oar
