// Seeded, portable weight generation for the model zoo. Values depend only on
// (model name, seed, param name) and use integer hashing plus IEEE double arithmetic
// (no <random> distributions, no libm), so every platform writes the same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "zoo/zoo_builder.h"

namespace oar::zoo {

/// splitmix64 (Steele, Lea, Flood 2014): a 64-bit counter through a bijective mixer.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  /// Uniform in [0, 1) with 53 random bits.
  double NextUniform();
  /// Zero-mean, unit-variance bell curve: the Irwin-Hall sum of four 32-bit uniforms, scaled;
  /// bounded to +-2*sqrt(3) (no outliers that would dominate a random network).
  double NextNormalish();

 private:
  uint64_t state_;
};

/// 64-bit FNV-1a of a string.
uint64_t HashString(const std::string& s);

/// Seed of one weight tensor: mixes the model name, the user seed and the param name.
uint64_t ParamSeed(const std::string& model_name, uint64_t seed, const std::string& param_name);

/// The values of `param` (numel floats, row-major) for `model_name` and `seed`.
std::vector<float> GenerateParam(const std::string& model_name, uint64_t seed, const ZooParam& param);

}  // namespace oar::zoo
