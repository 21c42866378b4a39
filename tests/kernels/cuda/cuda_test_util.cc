#include "kernels/cuda/cuda_test_util.h"

#include "cuda/cuda_context.h"
#include "ir/op_schema.h"
#include "runtime/kernel.h"
#include "runtime/single_op.h"

namespace oar::testing {

Tensor ToHalf(const Tensor& f32) {
  Tensor h(DType::kFloat16, f32.shape());
  for (int64_t i = 0; i < f32.numel(); ++i) h.data<uint16_t>()[i] = FloatToHalf(f32.data<float>()[i]);
  return h;
}

Tensor ToFloat(const Tensor& f16) {
  Tensor f(DType::kFloat32, f16.shape());
  for (int64_t i = 0; i < f16.numel(); ++i) f.data<float>()[i] = HalfToFloat(f16.data<uint16_t>()[i]);
  return f;
}

Tensor RandomTensorOf(DType dtype, const Shape& shape, uint64_t seed) {
  switch (dtype) {
    case DType::kFloat32:
      return RandomTensor(shape, seed);
    case DType::kFloat16:
      return ToHalf(RandomTensor(shape, seed));
    case DType::kBool:
      return RandomIntTensor(dtype, shape, seed, 0, 1);
    default:
      return RandomIntTensor(dtype, shape, seed, -1000, 1000);
  }
}

StatusOr<std::vector<Tensor>> RunOnCuda(ir::OpKind kind, ir::Attrs attrs, const std::vector<const Tensor*>& inputs,
                                        int num_outputs, DType dtype, const std::string& kernel_name) {
  ir::Node node;
  node.name = std::string("gpu_") + ir::OpKindName(kind);
  node.kind = kind;
  node.attrs = std::move(attrs);
  for (size_t i = 0; i < inputs.size(); ++i) node.inputs.push_back(inputs[i] ? static_cast<ir::ValueId>(i) : ir::kNoValue);
  node.outputs.assign(static_cast<size_t>(num_outputs), 0);

  std::vector<Tensor> host_in;
  for (const Tensor* t : inputs) {
    if (!t) {
      host_in.emplace_back();
    } else if (dtype == DType::kFloat16 && t->dtype() == DType::kFloat32) {
      host_in.push_back(ToHalf(*t));
    } else {
      host_in.push_back(*t);
    }
  }
  const ir::OpSchema* schema = ir::FindSchema(kind);
  if (!schema) return Internal("no schema");
  std::vector<ir::InputInfo> infos;
  std::vector<DType> dtypes;
  for (size_t i = 0; i < inputs.size(); ++i) {
    ir::InputInfo info;
    if (inputs[i]) {
      info.present = true;
      info.dtype = host_in[i].dtype();
      info.shape = host_in[i].shape();
      info.value = &host_in[i];
    }
    dtypes.push_back(inputs[i] ? host_in[i].dtype() : DType::kUndefined);
    infos.push_back(std::move(info));
  }
  ir::InferContext ictx(node, std::move(infos), node.outputs.size());
  OAR_RETURN_IF_ERROR(schema->infer(ictx));

  OAR_ASSIGN_OR_RETURN(std::unique_ptr<cuda::CudaContext> cctx, cuda::CudaContext::Create(0));
  std::vector<Tensor> dev_in(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i]) {
      OAR_ASSIGN_OR_RETURN(dev_in[i], cuda::ToDevice(host_in[i], *cctx));
    }
  }
  std::vector<Tensor> dev_out(node.outputs.size());
  for (size_t i = 0; i < dev_out.size(); ++i) {
    OAR_ASSIGN_OR_RETURN(dev_out[i], cctx->Empty(ictx.outputs()[i].dtype, ictx.outputs()[i].shape));
  }
  OAR_ASSIGN_OR_RETURN(const runtime::KernelDef* def, runtime::KernelRegistry::Global().Find(
                                                           node, runtime::DeviceType::kCuda, dtypes, kernel_name));
  std::unique_ptr<runtime::Kernel> kernel = def->factory();
  runtime::KernelContext kctx;
  kctx.node = &node;
  for (size_t i = 0; i < inputs.size(); ++i) kctx.inputs.push_back(inputs[i] ? &dev_in[i] : nullptr);
  for (Tensor& t : dev_out) kctx.outputs.push_back(&t);
  kctx.cuda = cctx.get();
  OAR_RETURN_IF_ERROR(kernel->Prepare(kctx));
  OAR_RETURN_IF_ERROR(kernel->Run(kctx));
  OAR_RETURN_IF_ERROR(cctx->Synchronize());
  std::vector<Tensor> out;
  for (const Tensor& d : dev_out) {
    OAR_ASSIGN_OR_RETURN(Tensor h, cuda::ToHost(d, *cctx));
    out.push_back(h.dtype() == DType::kFloat16 ? ToFloat(h) : h);
  }
  return out;
}

::testing::AssertionResult CudaMatchesReference(ir::OpKind kind, ir::Attrs attrs,
                                                const std::vector<const Tensor*>& inputs, int num_outputs,
                                                DType dtype, double rtol, double atol) {
  // The reference sees the same (rounded) values the GPU sees.
  std::vector<Tensor> ref_in;
  for (const Tensor* t : inputs) {
    if (!t) {
      ref_in.emplace_back();
    } else if (dtype == DType::kFloat16 && t->dtype() == DType::kFloat32) {
      ref_in.push_back(ToFloat(ToHalf(*t)));
    } else {
      ref_in.push_back(*t);
    }
  }
  std::vector<const Tensor*> ref_ptrs;
  for (size_t i = 0; i < inputs.size(); ++i) ref_ptrs.push_back(inputs[i] ? &ref_in[i] : nullptr);
  auto ref = runtime::RunOp(kind, attrs, ref_ptrs, num_outputs, "ref");
  if (!ref.ok()) return ::testing::AssertionFailure() << "reference failed: " << ref.status().ToString();
  auto gpu = RunOnCuda(kind, attrs, inputs, num_outputs, dtype);
  if (!gpu.ok()) return ::testing::AssertionFailure() << "cuda failed: " << gpu.status().ToString();
  for (size_t i = 0; i < ref->size(); ++i) {
    // RunOnCuda hands f16 results back as f32: compare in f32.
    const Tensor r_out = (*ref)[i].dtype() == DType::kFloat16 ? ToFloat((*ref)[i]) : (*ref)[i];
    auto r = TensorsNear((*gpu)[i], r_out, rtol, atol);
    if (!r) return ::testing::AssertionFailure() << "output " << i << ": " << r.message();
  }
  return ::testing::AssertionSuccess();
}

}  // namespace oar::testing
