#include "test_util.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <random>
#include <sstream>

namespace oar::testing {

std::string SharedDir() {
  if (const char* env = std::getenv("OAR_SHARED_DIR")) return env;
#ifdef OAR_SHARED_DIR
  return OAR_SHARED_DIR;
#else
  return "../shared";
#endif
}

std::string ModelDir(const std::string& name) {
  std::string dir = SharedDir() + "/models/" + name;
  struct stat st;
  return stat(dir.c_str(), &st) == 0 ? dir : "";
}

std::string TempDir() {
  static std::string dir = [] {
    std::string base = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp";
    std::string tmpl = base + "/oar_test_XXXXXX";
    char* p = mkdtemp(tmpl.data());
    return std::string(p ? p : "/tmp");
  }();
  return dir;
}

Tensor RandomTensor(const Shape& shape, uint64_t seed, float lo, float hi) {
  Tensor t(DType::kFloat32, shape);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  float* p = t.data<float>();
  for (int64_t i = 0; i < t.numel(); ++i) p[i] = dist(rng);
  return t;
}

Tensor RandomIntTensor(DType dtype, const Shape& shape, uint64_t seed, int64_t lo, int64_t hi) {
  Tensor t(dtype, shape);
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int64_t> dist(lo, hi);
  for (int64_t i = 0; i < t.numel(); ++i) {
    int64_t v = dist(rng);
    switch (dtype) {
      case DType::kInt64: t.data<int64_t>()[i] = v; break;
      case DType::kInt32: t.data<int32_t>()[i] = static_cast<int32_t>(v); break;
      case DType::kInt8: t.data<int8_t>()[i] = static_cast<int8_t>(v); break;
      case DType::kUInt8: t.data<uint8_t>()[i] = static_cast<uint8_t>(v); break;
      case DType::kBool: t.data<bool>()[i] = v != 0; break;
      default: t.data<float>()[i] = static_cast<float>(v); break;
    }
  }
  return t;
}

double MaxRelativeError(const Tensor& a, const Tensor& b) {
  double maxdiff = 0, maxref = 0;
  for (int64_t i = 0; i < b.numel(); ++i) {
    maxdiff = std::max(maxdiff, std::fabs(a.GetDouble(i) - b.GetDouble(i)));
    maxref = std::max(maxref, std::fabs(b.GetDouble(i)));
  }
  return maxdiff / std::max(maxref, 1e-30);
}

::testing::AssertionResult TensorsNear(const Tensor& a, const Tensor& b, double rtol, double atol) {
  if (a.dtype() != b.dtype() || a.shape() != b.shape()) {
    return ::testing::AssertionFailure() << "got " << a.Describe() << ", expected " << b.Describe();
  }
  int64_t bad = 0, first = -1;
  double worst = 0;
  for (int64_t i = 0; i < a.numel(); ++i) {
    double x = a.GetDouble(i), y = b.GetDouble(i);
    double d = std::fabs(x - y);
    bool ok = IsFloating(a.dtype()) ? (d <= atol + rtol * std::fabs(y) || (std::isnan(x) && std::isnan(y))) : x == y;
    if (!ok) {
      if (first < 0) first = i;
      ++bad;
      worst = std::max(worst, d);
    }
  }
  if (bad == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << bad << " of " << a.numel() << " elements differ (" << a.Describe()
                                       << "); first at flat index " << first << ": got " << a.GetDouble(first)
                                       << ", expected " << b.GetDouble(first) << "; worst |diff| " << worst;
}

}  // namespace oar::testing
