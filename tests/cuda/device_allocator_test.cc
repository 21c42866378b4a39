// The caching device allocator and pinned host memory (GPU machine only; skipped elsewhere).
#include "cuda/device_allocator.h"

#include <gtest/gtest.h>

#include "cuda/cuda_context.h"
#include "kernels/cuda/cuda_test_util.h"

namespace oar::testing {
namespace {

TEST(DeviceAllocatorTest, ReusesFreedBlocksOfSimilarSize) {
  OAR_SKIP_WITHOUT_GPU();
  cuda::DeviceAllocator& a = cuda::DeviceAllocator::Get(0);
  void* first = nullptr;
  {
    OAR_ASSERT_OK_AND_ASSIGN(std::shared_ptr<Buffer> b, a.Allocate(3 << 20));
    EXPECT_TRUE(b->device().is_cuda());
    EXPECT_EQ(b->size(), size_t{3} << 20);
    first = b->data();
  }
  const size_t driver_before = a.stats().driver_allocations;
  OAR_ASSERT_OK_AND_ASSIGN(std::shared_ptr<Buffer> again, a.Allocate((3 << 20) - 1000));
  EXPECT_EQ(again->data(), first);
  EXPECT_EQ(a.stats().driver_allocations, driver_before);
  // A much smaller request does not take the large block.
  OAR_ASSERT_OK_AND_ASSIGN(std::shared_ptr<Buffer> small, a.Allocate(1000));
  EXPECT_NE(small->data(), first);
}

TEST(DeviceAllocatorTest, ImpossibleRequestIsOutOfMemoryNamingTheSize) {
  OAR_SKIP_WITHOUT_GPU();
  auto r = cuda::DeviceAllocator::Get(0).Allocate(size_t{1} << 50);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kOutOfMemory);
  EXPECT_NE(r.status().message().find(std::to_string(size_t{1} << 50)), std::string::npos) << r.status().message();
}

TEST(CudaContextTest, RoundTripThroughTheDeviceKeepsEveryByte) {
  OAR_SKIP_WITHOUT_GPU();
  OAR_ASSERT_OK_AND_ASSIGN(std::unique_ptr<cuda::CudaContext> ctx, cuda::CudaContext::Create(0));
  Tensor host = RandomTensor(Shape{7, 13, 5}, 3);
  OAR_ASSERT_OK_AND_ASSIGN(Tensor dev, cuda::ToDevice(host, *ctx));
  EXPECT_TRUE(dev.device().is_cuda());
  OAR_ASSERT_OK_AND_ASSIGN(Tensor back, cuda::ToHost(dev, *ctx));
  EXPECT_TRUE(TensorsNear(back, host, 0, 0));
}

TEST(CudaContextTest, PinnedMemoryIsHostMemory) {
  std::shared_ptr<Buffer> p = cuda::AllocatePinned(4096);
  EXPECT_TRUE(p->device().is_cpu());
  static_cast<char*>(p->data())[4095] = 7;
  EXPECT_EQ(static_cast<char*>(p->data())[4095], 7);
}

TEST(CudaContextTest, MissingDeviceIsNotFound) {
  auto ctx = cuda::CudaContext::Create(977);
  ASSERT_FALSE(ctx.ok());
  EXPECT_EQ(ctx.status().code(), ErrorCode::kNotFound);
}

TEST(CudaContextTest, CopyBetweenMismatchedTensorsNamesBoth) {
  Tensor a(DType::kFloat32, Shape{4});
  Tensor b(DType::kFloat32, Shape{5});
  Status s = cuda::CopyTensor(a, &b, nullptr, "test copy");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("f32[4]"), std::string::npos);
  EXPECT_NE(s.message().find("f32[5]"), std::string::npos);
}

}  // namespace
}  // namespace oar::testing
