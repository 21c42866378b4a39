#include "zoo/zoo_weights.h"

namespace oar::zoo {
namespace {

constexpr double kTwoPow32Inv = 1.0 / 4294967296.0;
constexpr double kSqrt3 = 1.7320508075688772;

uint64_t Mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

uint64_t SplitMix64::Next() {
  state_ += 0x9e3779b97f4a7c15ULL;
  return Mix(state_);
}

double SplitMix64::NextUniform() { return static_cast<double>(Next() >> 11) * (1.0 / 9007199254740992.0); }

double SplitMix64::NextNormalish() {
  uint64_t a = Next();
  uint64_t b = Next();
  // Four independent uniforms in [0, 1): sum has mean 2 and variance 4/12.
  double sum = static_cast<double>(a >> 32) + static_cast<double>(a & 0xffffffffULL) + static_cast<double>(b >> 32) +
               static_cast<double>(b & 0xffffffffULL);
  return (sum * kTwoPow32Inv - 2.0) * kSqrt3;
}

uint64_t HashString(const std::string& s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

uint64_t ParamSeed(const std::string& model_name, uint64_t seed, const std::string& param_name) {
  return Mix(Mix(HashString(model_name) ^ Mix(seed + 0x632be59bd9b4e019ULL)) ^ HashString(param_name));
}

std::vector<float> GenerateParam(const std::string& model_name, uint64_t seed, const ZooParam& param) {
  SplitMix64 rng(ParamSeed(model_name, seed, param.name));
  std::vector<float> out(static_cast<size_t>(param.numel()));
  // The product goes through a volatile so that no compiler fuses it with the add into an FMA
  // (GCC contracts by default where the ISA has FMA): the bytes must not depend on -march.
  volatile double product = 0.0;
  if (param.dist == ParamDist::kNormal) {
    for (float& v : out) {
      product = param.b * rng.NextNormalish();
      v = static_cast<float>(param.a + product);
    }
  } else {
    const double width = param.b - param.a;
    for (float& v : out) {
      product = width * rng.NextUniform();
      v = static_cast<float>(param.a + product);
    }
  }
  return out;
}

}  // namespace oar::zoo
