// Sum against a float64 reference: one to four inputs, broadcasting, ints, two threads.
#include <vector>

#include "elementwise_test_util.h"

namespace oar::testing {
namespace {

void Check(const std::vector<Tensor>& in, int threads = 1) {
  Shape out = in[0].shape();
  for (const Tensor& t : in) ASSERT_TRUE(ir::BroadcastShapes(out, t.shape(), &out));
  std::vector<double> expect(static_cast<size_t>(out.NumElements()), 0.0);
  for (const Tensor& t : in) {
    std::vector<double> v = ToDoubles(t);
    for (int64_t i = 0; i < out.NumElements(); ++i) {
      expect[static_cast<size_t>(i)] += v[static_cast<size_t>(BroadcastFlat(Unravel(i, out), t.shape()))];
    }
  }
  std::vector<const Tensor*> ptrs;
  for (const Tensor& t : in) ptrs.push_back(&t);
  auto r = RunRef(ir::OpKind::kSum, ir::NoAttrs{}, ptrs, 1, threads);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(TensorsNear((*r)[0], FromDoubles(in[0].dtype(), out, expect), 1e-6, 1e-6))
      << in.size() << " inputs to " << out.ToString();
}

TEST(SumKernelTest, OneToFourInputs) {
  Check({RandomTensor(Shape{3, 5}, 1)});
  Check({RandomTensor(Shape{}, 2)});
  Check({RandomTensor(Shape{3, 5}, 3), RandomTensor(Shape{3, 5}, 4)});
  Check({RandomTensor(Shape{2, 3, 5}, 5), RandomTensor(Shape{5}, 6), RandomTensor(Shape{3, 1}, 7)});
  // The first two inputs broadcast against each other, a later one widens nothing.
  Check({RandomTensor(Shape{4, 1}, 8), RandomTensor(Shape{1, 6}, 9), RandomTensor(Shape{}, 10),
         RandomTensor(Shape{4, 6}, 11)});
  Check({RandomTensor(Shape{0, 3}, 12), RandomTensor(Shape{3}, 13)});
}

TEST(SumKernelTest, DtypesAndThreads) {
  Check({RandomOf(DType::kFloat64, Shape{7, 3}, 20), RandomOf(DType::kFloat64, Shape{7, 1}, 21)});
  Check({RandomOf(DType::kInt32, Shape{7, 3}, 22, -50, 50), RandomOf(DType::kInt32, Shape{3}, 23, -50, 50),
         RandomOf(DType::kInt32, Shape{7, 3}, 24, -50, 50)});
  Check({RandomOf(DType::kInt64, Shape{5}, 25, -50, 50), RandomOf(DType::kInt64, Shape{2, 5}, 26, -50, 50)});
  Check({RandomTensor(Shape{8, 64, 33, 17}, 27), RandomTensor(Shape{64, 1, 1}, 28), RandomTensor(Shape{17}, 29)}, 2);
}

}  // namespace
}  // namespace oar::testing
