// Tests of the device signature and the stable hashes used by cache keys and file checksums.
#include "engine/device_signature.h"

#include <gmock/gmock.h>

namespace oar::engine {
namespace {

TEST(DeviceSignatureTest, NamesVendorIsaAndOnednn) {
  const std::string& sig = CpuDeviceSignature();
  EXPECT_EQ(sig.rfind("cpu;vendor=", 0), 0u) << sig;
  EXPECT_THAT(sig, ::testing::HasSubstr(";isa="));
  EXPECT_THAT(sig, ::testing::HasSubstr(";onednn="));
  EXPECT_EQ(&sig, &CpuDeviceSignature());  // computed once
}

TEST(DeviceSignatureTest, HashesAreStableAndSensitive) {
  // Fixed values: a change here would silently invalidate every cache directory.
  EXPECT_EQ(Hash64(""), 14695981039346656037ull);
  EXPECT_EQ(Hash64("a"), 0xaf63dc4c8601ec8cull);
  const std::string h = HashHex128("oar");
  EXPECT_EQ(h.size(), 32u);
  EXPECT_EQ(h, HashHex128("oar"));
  EXPECT_NE(h, HashHex128("oas"));
  EXPECT_NE(HashHex128("ab"), HashHex128("ba"));
  EXPECT_EQ(h.find_first_not_of("0123456789abcdef"), std::string::npos);
}

}  // namespace
}  // namespace oar::engine
