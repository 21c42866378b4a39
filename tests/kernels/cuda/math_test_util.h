// Helpers of the tests of the CUDA math kernels (pointwise, normalisation, reductions): the f32 and
// f16 comparison with the CPU reference at the suite's tolerances, and registry look-ups for the
// `accepts` tests that need no GPU.
#pragma once

#include <string>
#include <vector>

#include "kernels/cuda/cuda_test_util.h"
#include "runtime/kernel.h"

namespace oar::testing {

/// f32 (rtol 1e-4, atol 1e-5) and f16 (rtol 1e-2, atol 1e-2) runs of the CUDA kernel against the
/// CPU reference on the same inputs (f16: f32 inputs rounded to f16 for both).
inline void ExpectCudaMatchesF32AndF16(ir::OpKind kind, const ir::Attrs& attrs,
                                       const std::vector<const Tensor*>& inputs, const std::string& what) {
  EXPECT_TRUE(CudaMatchesReference(kind, attrs, inputs, 1, DType::kFloat32, 1e-4, 1e-5)) << what << " (f32)";
  EXPECT_TRUE(CudaMatchesReference(kind, attrs, inputs, 1, DType::kFloat16, 1e-2, 1e-2)) << what << " (f16)";
}

/// A node of `kind` with `attrs` and `num_inputs` inputs, for kernel look-ups.
inline ir::Node MathNode(ir::OpKind kind, ir::Attrs attrs, int num_inputs) {
  ir::Node node;
  node.name = std::string("n_") + ir::OpKindName(kind);
  node.kind = kind;
  node.attrs = std::move(attrs);
  for (int i = 0; i < num_inputs; ++i) node.inputs.push_back(static_cast<ir::ValueId>(i));
  node.outputs.push_back(0);
  return node;
}

/// True when a kernel named "cuda" is registered for the node's input dtypes and accepts it.
inline bool CudaKernelTakes(ir::OpKind kind, ir::Attrs attrs, const std::vector<DType>& input_dtypes) {
  const ir::Node node = MathNode(kind, std::move(attrs), static_cast<int>(input_dtypes.size()));
  return runtime::KernelRegistry::Global().Find(node, runtime::DeviceType::kCuda, input_dtypes, "cuda").ok();
}

/// The CUDA kernel defs named "cuda" registered for `kind`.
inline std::vector<const runtime::KernelDef*> CudaMathDefs(ir::OpKind kind) {
  std::vector<const runtime::KernelDef*> out;
  for (const runtime::KernelDef* d : runtime::KernelRegistry::Global().KernelsFor(kind, runtime::DeviceType::kCuda)) {
    if (d->name == "cuda") out.push_back(d);
  }
  return out;
}

}  // namespace oar::testing
