// conv2d through cuDNN's graph (backend) API: one operation graph per layer -- convolution, then
// bias add, residual add and ReLU as fused pointwise operations -- and the engine configurations
// cuDNN's heuristics (mode A) rank for it. Tactic "cudnn_graph_<i>" is the i-th configuration that
// finalizes into an execution plan within the workspace limit, so the engine builder times the
// leading candidates and keeps the fastest. Pre and post paddings are separate here, so
// asymmetric padding is fine.
//
// Taken: f16 data (f32 only with KernelContext::allow_tf32, since cuDNN's f32 configurations may
// use TF32), NCHW or channels-last (KernelContext::channels_last), activation none or ReLU.
// Anything else is refused in Prepare (kUnsupported), which skips the tactic.
#include <cudnn.h>

#include <memory>
#include <vector>

#include "core/logging.h"
#include "ir/schemas/nn_shape_util.h"
#include "kernels/cuda/conv_weights.h"
#include "kernels/cuda/cuda_kernel_util.h"
#include "kernels/cuda/register_groups.h"

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace oar::kernels::cuda {

namespace {

enum Uid : int64_t { kX = 1, kW = 2, kY = 3, kB = 4, kZ = 5, kT0 = 101, kT1 = 102, kT2 = 103 };

// Owns one backend descriptor.
class Desc {
 public:
  Desc() = default;
  ~Desc() {
    if (d_) cudnnBackendDestroyDescriptor(d_);
  }
  Desc(const Desc&) = delete;
  Desc& operator=(const Desc&) = delete;
  Status Create(cudnnBackendDescriptorType_t type) {
    return oar::cuda::FromCudnn(cudnnBackendCreateDescriptor(type, &d_), "cudnnBackendCreateDescriptor");
  }
  template <typename T>
  Status Set(cudnnBackendAttributeName_t name, cudnnBackendAttributeType_t type, int64_t count, const T* value) {
    return oar::cuda::FromCudnn(cudnnBackendSetAttribute(d_, name, type, count, value),
                                "cudnnBackendSetAttribute(" + std::to_string(static_cast<int>(name)) + ")");
  }
  Status Finalize(const char* what) {
    return oar::cuda::FromCudnn(cudnnBackendFinalize(d_), std::string("cudnnBackendFinalize of ") + what);
  }
  cudnnBackendDescriptor_t get() const { return d_; }
  cudnnBackendDescriptor_t* ptr() { return &d_; }

 private:
  cudnnBackendDescriptor_t d_ = nullptr;
};

cudnnDataType_t CudnnType(DType t) { return t == DType::kFloat16 ? CUDNN_DATA_HALF : CUDNN_DATA_FLOAT; }

// Strides of a logical [N,C,H,W] tensor stored NCHW or NHWC.
std::vector<int64_t> Strides(const int64_t d[4], bool channels_last) {
  if (channels_last) return {d[1] * d[2] * d[3], 1, d[3] * d[1], d[1]};
  return {d[1] * d[2] * d[3], d[2] * d[3], d[3], 1};
}

StatusOr<std::unique_ptr<Desc>> MakeTensor(int64_t uid, cudnnDataType_t type, const int64_t dims[4],
                                           bool channels_last, bool is_virtual) {
  auto t = std::make_unique<Desc>();
  OAR_RETURN_IF_ERROR(t->Create(CUDNN_BACKEND_TENSOR_DESCRIPTOR));
  std::vector<int64_t> strides = Strides(dims, channels_last);
  const int64_t alignment = 16;
  OAR_RETURN_IF_ERROR(t->Set(CUDNN_ATTR_TENSOR_DATA_TYPE, CUDNN_TYPE_DATA_TYPE, 1, &type));
  OAR_RETURN_IF_ERROR(t->Set(CUDNN_ATTR_TENSOR_DIMENSIONS, CUDNN_TYPE_INT64, 4, dims));
  OAR_RETURN_IF_ERROR(t->Set(CUDNN_ATTR_TENSOR_STRIDES, CUDNN_TYPE_INT64, 4, strides.data()));
  OAR_RETURN_IF_ERROR(t->Set(CUDNN_ATTR_TENSOR_UNIQUE_ID, CUDNN_TYPE_INT64, 1, &uid));
  OAR_RETURN_IF_ERROR(t->Set(CUDNN_ATTR_TENSOR_BYTE_ALIGNMENT, CUDNN_TYPE_INT64, 1, &alignment));
  bool v = is_virtual;
  OAR_RETURN_IF_ERROR(t->Set(CUDNN_ATTR_TENSOR_IS_VIRTUAL, CUDNN_TYPE_BOOLEAN, 1, &v));
  OAR_RETURN_IF_ERROR(t->Finalize("tensor"));
  return t;
}

StatusOr<std::unique_ptr<Desc>> MakePointwise(cudnnPointwiseMode_t mode, const Desc& x, const Desc* b, const Desc& y,
                                              std::vector<std::unique_ptr<Desc>>* keep) {
  auto pw = std::make_unique<Desc>();
  OAR_RETURN_IF_ERROR(pw->Create(CUDNN_BACKEND_POINTWISE_DESCRIPTOR));
  cudnnDataType_t prec = CUDNN_DATA_FLOAT;
  OAR_RETURN_IF_ERROR(pw->Set(CUDNN_ATTR_POINTWISE_MODE, CUDNN_TYPE_POINTWISE_MODE, 1, &mode));
  OAR_RETURN_IF_ERROR(pw->Set(CUDNN_ATTR_POINTWISE_MATH_PREC, CUDNN_TYPE_DATA_TYPE, 1, &prec));
  OAR_RETURN_IF_ERROR(pw->Finalize("pointwise"));
  auto op = std::make_unique<Desc>();
  OAR_RETURN_IF_ERROR(op->Create(CUDNN_BACKEND_OPERATION_POINTWISE_DESCRIPTOR));
  cudnnBackendDescriptor_t pwd = pw->get(), xd = x.get(), yd = y.get();
  OAR_RETURN_IF_ERROR(op->Set(CUDNN_ATTR_OPERATION_POINTWISE_PW_DESCRIPTOR, CUDNN_TYPE_BACKEND_DESCRIPTOR, 1, &pwd));
  OAR_RETURN_IF_ERROR(op->Set(CUDNN_ATTR_OPERATION_POINTWISE_XDESC, CUDNN_TYPE_BACKEND_DESCRIPTOR, 1, &xd));
  if (b) {
    cudnnBackendDescriptor_t bd = b->get();
    OAR_RETURN_IF_ERROR(op->Set(CUDNN_ATTR_OPERATION_POINTWISE_BDESC, CUDNN_TYPE_BACKEND_DESCRIPTOR, 1, &bd));
  }
  OAR_RETURN_IF_ERROR(op->Set(CUDNN_ATTR_OPERATION_POINTWISE_YDESC, CUDNN_TYPE_BACKEND_DESCRIPTOR, 1, &yd));
  OAR_RETURN_IF_ERROR(op->Finalize("pointwise operation"));
  keep->push_back(std::move(pw));
  return op;
}

class CudnnGraphConv2d : public runtime::Kernel {
 public:
  explicit CudnnGraphConv2d(int index) : index_(index) {}

  Status Prepare(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(CudaContext * cctx, GetContext(ctx));
    OAR_RETURN_IF_ERROR(CheckOnDevice(ctx));
    const std::string where = "cuda conv2d (graph): " + ctx.Where();
    const auto& a = ctx.attr<ir::Conv2dAttrs>();
    if (a.activation.kind != ir::ActivationKind::kNone && a.activation.kind != ir::ActivationKind::kRelu) {
      return Unsupported(where + "fuses only ReLU, not " + ir::ActivationKindName(a.activation.kind));
    }
    const Tensor& x = ctx.input(0);
    const Tensor& w = ctx.input(1);
    const Tensor& y = ctx.output(0);
    if (x.shape().rank() != 4 || w.shape().rank() != 4) return Unsupported(where + "needs 4-D input and weights");
    if (x.dtype() == DType::kFloat32 && !ctx.allow_tf32) {
      return Unsupported(where + "f32 engine configurations may use TF32; taken only when TF32 is allowed");
    }
    const bool cl = ctx.channels_last;
    if (cl && !(ctx.constant_inputs.size() > 1 && ctx.constant_inputs[1])) {
      return Unsupported(where + "channels-last needs constant weights");
    }
    const ir::Window2d g = ir::ResolveConv2d(a, x.shape()[2], x.shape()[3], w.shape()[2], w.shape()[3]);
    has_bias_ = ctx.has_input(2);
    has_sum_ = ctx.has_input(3);
    const cudnnDataType_t dt = CudnnType(x.dtype());
    const int64_t xd[4] = {x.shape()[0], x.shape()[1], x.shape()[2], x.shape()[3]};
    const int64_t wd[4] = {w.shape()[0], w.shape()[1], w.shape()[2], w.shape()[3]};
    const int64_t yd[4] = {y.shape()[0], y.shape()[1], y.shape()[2], y.shape()[3]};
    const int64_t bd[4] = {1, y.shape()[1], 1, 1};
    keep_.clear();
    OAR_ASSIGN_OR_RETURN(auto tx, MakeTensor(kX, dt, xd, cl, false));
    OAR_ASSIGN_OR_RETURN(auto tw, MakeTensor(kW, dt, wd, cl, false));
    OAR_ASSIGN_OR_RETURN(auto ty, MakeTensor(kY, dt, yd, cl, false));
    const bool relu = a.activation.kind == ir::ActivationKind::kRelu;
    const int epilogue_ops = (has_bias_ ? 1 : 0) + (has_sum_ ? 1 : 0) + (relu ? 1 : 0);
    // Chain: conv -> t0 [+ bias -> t1] [+ z -> t2] [relu -> y]; the last op writes y.
    std::vector<std::unique_ptr<Desc>> ops;
    auto conv_desc = std::make_unique<Desc>();
    OAR_RETURN_IF_ERROR(conv_desc->Create(CUDNN_BACKEND_CONVOLUTION_DESCRIPTOR));
    cudnnDataType_t comp = CUDNN_DATA_FLOAT;
    cudnnConvolutionMode_t mode = CUDNN_CROSS_CORRELATION;
    int64_t dims = 2;
    const int64_t dil[2] = {g.dilations[0], g.dilations[1]}, str[2] = {g.strides[0], g.strides[1]};
    const int64_t pre[2] = {g.pads[0], g.pads[1]}, post[2] = {g.pads[2], g.pads[3]};
    OAR_RETURN_IF_ERROR(conv_desc->Set(CUDNN_ATTR_CONVOLUTION_COMP_TYPE, CUDNN_TYPE_DATA_TYPE, 1, &comp));
    OAR_RETURN_IF_ERROR(conv_desc->Set(CUDNN_ATTR_CONVOLUTION_CONV_MODE, CUDNN_TYPE_CONVOLUTION_MODE, 1, &mode));
    OAR_RETURN_IF_ERROR(conv_desc->Set(CUDNN_ATTR_CONVOLUTION_SPATIAL_DIMS, CUDNN_TYPE_INT64, 1, &dims));
    OAR_RETURN_IF_ERROR(conv_desc->Set(CUDNN_ATTR_CONVOLUTION_DILATIONS, CUDNN_TYPE_INT64, 2, dil));
    OAR_RETURN_IF_ERROR(conv_desc->Set(CUDNN_ATTR_CONVOLUTION_FILTER_STRIDES, CUDNN_TYPE_INT64, 2, str));
    OAR_RETURN_IF_ERROR(conv_desc->Set(CUDNN_ATTR_CONVOLUTION_PRE_PADDINGS, CUDNN_TYPE_INT64, 2, pre));
    OAR_RETURN_IF_ERROR(conv_desc->Set(CUDNN_ATTR_CONVOLUTION_POST_PADDINGS, CUDNN_TYPE_INT64, 2, post));
    OAR_RETURN_IF_ERROR(conv_desc->Finalize("convolution"));

    std::unique_ptr<Desc> conv_out;
    if (epilogue_ops == 0) {
      conv_out = nullptr;
    } else {
      OAR_ASSIGN_OR_RETURN(conv_out, MakeTensor(kT0, CUDNN_DATA_FLOAT, yd, cl, true));
    }
    const Desc& conv_y = conv_out ? *conv_out : *ty;
    auto conv_op = std::make_unique<Desc>();
    OAR_RETURN_IF_ERROR(conv_op->Create(CUDNN_BACKEND_OPERATION_CONVOLUTION_FORWARD_DESCRIPTOR));
    float alpha = 1.0f, beta = 0.0f;
    cudnnBackendDescriptor_t cx = tx->get(), cw = tw->get(), cy = conv_y.get(), cd = conv_desc->get();
    OAR_RETURN_IF_ERROR(conv_op->Set(CUDNN_ATTR_OPERATION_CONVOLUTION_FORWARD_X, CUDNN_TYPE_BACKEND_DESCRIPTOR, 1, &cx));
    OAR_RETURN_IF_ERROR(conv_op->Set(CUDNN_ATTR_OPERATION_CONVOLUTION_FORWARD_W, CUDNN_TYPE_BACKEND_DESCRIPTOR, 1, &cw));
    OAR_RETURN_IF_ERROR(conv_op->Set(CUDNN_ATTR_OPERATION_CONVOLUTION_FORWARD_Y, CUDNN_TYPE_BACKEND_DESCRIPTOR, 1, &cy));
    OAR_RETURN_IF_ERROR(
        conv_op->Set(CUDNN_ATTR_OPERATION_CONVOLUTION_FORWARD_CONV_DESC, CUDNN_TYPE_BACKEND_DESCRIPTOR, 1, &cd));
    OAR_RETURN_IF_ERROR(conv_op->Set(CUDNN_ATTR_OPERATION_CONVOLUTION_FORWARD_ALPHA, CUDNN_TYPE_FLOAT, 1, &alpha));
    OAR_RETURN_IF_ERROR(conv_op->Set(CUDNN_ATTR_OPERATION_CONVOLUTION_FORWARD_BETA, CUDNN_TYPE_FLOAT, 1, &beta));
    OAR_RETURN_IF_ERROR(conv_op->Finalize("convolution operation"));
    ops.push_back(std::move(conv_op));

    const Desc* prev = &conv_y;
    int remaining = epilogue_ops;
    int64_t next_virtual = kT1;
    auto out_of_step = [&](std::unique_ptr<Desc>* holder) -> StatusOr<const Desc*> {
      --remaining;
      if (remaining == 0) return ty.get();
      OAR_ASSIGN_OR_RETURN(*holder, MakeTensor(next_virtual++, CUDNN_DATA_FLOAT, yd, cl, true));
      return holder->get();
    };
    std::unique_ptr<Desc> tb, tz, t1, t2, t3;
    if (has_bias_) {
      OAR_ASSIGN_OR_RETURN(tb, MakeTensor(kB, dt, bd, cl, false));
      OAR_ASSIGN_OR_RETURN(const Desc* out, out_of_step(&t1));
      OAR_ASSIGN_OR_RETURN(auto op, MakePointwise(CUDNN_POINTWISE_ADD, *prev, tb.get(), *out, &keep_));
      ops.push_back(std::move(op));
      prev = out;
    }
    if (has_sum_) {
      OAR_ASSIGN_OR_RETURN(tz, MakeTensor(kZ, dt, yd, cl, false));
      OAR_ASSIGN_OR_RETURN(const Desc* out, out_of_step(&t2));
      OAR_ASSIGN_OR_RETURN(auto op, MakePointwise(CUDNN_POINTWISE_ADD, *prev, tz.get(), *out, &keep_));
      ops.push_back(std::move(op));
      prev = out;
    }
    if (relu) {
      OAR_ASSIGN_OR_RETURN(const Desc* out, out_of_step(&t3));
      OAR_ASSIGN_OR_RETURN(auto op, MakePointwise(CUDNN_POINTWISE_RELU_FWD, *prev, nullptr, *out, &keep_));
      ops.push_back(std::move(op));
    }

    OAR_ASSIGN_OR_RETURN(cudnnHandle_t handle, cctx->cudnn());
    graph_ = std::make_unique<Desc>();
    OAR_RETURN_IF_ERROR(graph_->Create(CUDNN_BACKEND_OPERATIONGRAPH_DESCRIPTOR));
    std::vector<cudnnBackendDescriptor_t> op_ptrs;
    for (auto& o : ops) op_ptrs.push_back(o->get());
    OAR_RETURN_IF_ERROR(graph_->Set(CUDNN_ATTR_OPERATIONGRAPH_OPS, CUDNN_TYPE_BACKEND_DESCRIPTOR,
                                    static_cast<int64_t>(op_ptrs.size()), op_ptrs.data()));
    OAR_RETURN_IF_ERROR(graph_->Set(CUDNN_ATTR_OPERATIONGRAPH_HANDLE, CUDNN_TYPE_HANDLE, 1, &handle));
    Status fin = graph_->Finalize("operation graph");
    if (!fin.ok()) return Unsupported(where + fin.message());

    Desc heur;
    OAR_RETURN_IF_ERROR(heur.Create(CUDNN_BACKEND_ENGINEHEUR_DESCRIPTOR));
    cudnnBackendDescriptor_t gd = graph_->get();
    cudnnBackendHeurMode_t heur_mode = CUDNN_HEUR_MODE_A;
    OAR_RETURN_IF_ERROR(heur.Set(CUDNN_ATTR_ENGINEHEUR_OPERATION_GRAPH, CUDNN_TYPE_BACKEND_DESCRIPTOR, 1, &gd));
    OAR_RETURN_IF_ERROR(heur.Set(CUDNN_ATTR_ENGINEHEUR_MODE, CUDNN_TYPE_HEUR_MODE, 1, &heur_mode));
    fin = heur.Finalize("engine heuristics");
    if (!fin.ok()) return Unsupported(where + fin.message());
    int64_t count = 0;
    OAR_CUDA_RETURN_IF_ERROR(cudnnBackendGetAttribute(heur.get(), CUDNN_ATTR_ENGINEHEUR_RESULTS,
                                                      CUDNN_TYPE_BACKEND_DESCRIPTOR, 0, &count, nullptr),
                             where);
    std::vector<std::unique_ptr<Desc>> cfgs(static_cast<size_t>(count));
    std::vector<cudnnBackendDescriptor_t> cfg_ptrs;
    for (auto& c : cfgs) {
      c = std::make_unique<Desc>();
      OAR_RETURN_IF_ERROR(c->Create(CUDNN_BACKEND_ENGINECFG_DESCRIPTOR));
      cfg_ptrs.push_back(c->get());
    }
    int64_t got = 0;
    OAR_CUDA_RETURN_IF_ERROR(cudnnBackendGetAttribute(heur.get(), CUDNN_ATTR_ENGINEHEUR_RESULTS,
                                                      CUDNN_TYPE_BACKEND_DESCRIPTOR, count, &got, cfg_ptrs.data()),
                             where);
    const int64_t limit = ctx.workspace_limit < 0 ? (int64_t{1} << 31) : ctx.workspace_limit;
    int usable = 0;
    plan_.reset();
    for (int64_t i = 0; i < got && !plan_; ++i) {
      auto plan = std::make_unique<Desc>();
      OAR_RETURN_IF_ERROR(plan->Create(CUDNN_BACKEND_EXECUTION_PLAN_DESCRIPTOR));
      cudnnBackendDescriptor_t cfg = cfg_ptrs[static_cast<size_t>(i)];
      OAR_RETURN_IF_ERROR(plan->Set(CUDNN_ATTR_EXECUTION_PLAN_HANDLE, CUDNN_TYPE_HANDLE, 1, &handle));
      OAR_RETURN_IF_ERROR(plan->Set(CUDNN_ATTR_EXECUTION_PLAN_ENGINE_CONFIG, CUDNN_TYPE_BACKEND_DESCRIPTOR, 1, &cfg));
      if (cudnnBackendFinalize(plan->get()) != CUDNN_STATUS_SUCCESS) continue;
      int64_t ws = 0, n = 0;
      if (cudnnBackendGetAttribute(plan->get(), CUDNN_ATTR_EXECUTION_PLAN_WORKSPACE_SIZE, CUDNN_TYPE_INT64, 1, &n,
                                   &ws) != CUDNN_STATUS_SUCCESS ||
          ws > limit) {
        continue;
      }
      if (usable++ == index_) {
        plan_ = std::move(plan);
        workspace_bytes_ = static_cast<size_t>(ws);
      }
    }
    if (!plan_) {
      return Unsupported(where + "cuDNN offers " + std::to_string(usable) + " usable engine configurations, tactic #" +
                         std::to_string(index_) + " does not exist");
    }
    OAR_ASSIGN_OR_RETURN(void* ws, cctx->Workspace(std::max<size_t>(workspace_bytes_, 1)));
    (void)ws;
    OAR_ASSIGN_OR_RETURN(weights_, ConvWeightsFor(ctx.input(1), ctx.channels_last, *cctx, where));
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(CudaContext * cctx, GetContext(ctx));
    OAR_ASSIGN_OR_RETURN(cudnnHandle_t handle, cctx->cudnn());
    OAR_ASSIGN_OR_RETURN(void* ws, cctx->Workspace(std::max<size_t>(workspace_bytes_, 1)));
    std::vector<int64_t> uids = {kX, kW, kY};
    std::vector<void*> ptrs = {const_cast<void*>(ctx.input(0).raw_data()), weights_.raw_data(),
                               ctx.output(0).raw_data()};
    if (has_bias_) {
      uids.push_back(kB);
      ptrs.push_back(const_cast<void*>(ctx.input(2).raw_data()));
    }
    if (has_sum_) {
      uids.push_back(kZ);
      ptrs.push_back(const_cast<void*>(ctx.input(3).raw_data()));
    }
    Desc pack;
    OAR_RETURN_IF_ERROR(pack.Create(CUDNN_BACKEND_VARIANT_PACK_DESCRIPTOR));
    OAR_RETURN_IF_ERROR(pack.Set(CUDNN_ATTR_VARIANT_PACK_UNIQUE_IDS, CUDNN_TYPE_INT64,
                                 static_cast<int64_t>(uids.size()), uids.data()));
    OAR_RETURN_IF_ERROR(pack.Set(CUDNN_ATTR_VARIANT_PACK_DATA_POINTERS, CUDNN_TYPE_VOID_PTR,
                                 static_cast<int64_t>(ptrs.size()), ptrs.data()));
    OAR_RETURN_IF_ERROR(pack.Set(CUDNN_ATTR_VARIANT_PACK_WORKSPACE, CUDNN_TYPE_VOID_PTR, 1, &ws));
    OAR_RETURN_IF_ERROR(pack.Finalize("variant pack"));
    OAR_CUDA_RETURN_IF_ERROR(cudnnBackendExecute(handle, plan_->get(), pack.get()),
                             "cuda conv2d (graph): " + ctx.Where());
    return Status::OK();
  }

 private:
  const int index_;
  bool has_bias_ = false, has_sum_ = false;
  std::vector<std::unique_ptr<Desc>> keep_;
  std::unique_ptr<Desc> graph_;
  std::unique_ptr<Desc> plan_;
  size_t workspace_bytes_ = 0;
  Tensor weights_;
};

bool AcceptsGraphConv(const ir::Node& node, const std::vector<DType>& dtypes) {
  if (dtypes.empty() || !IsCudaFloat(dtypes[0])) return false;
  for (size_t i = 1; i < dtypes.size(); ++i) {
    if (dtypes[i] != DType::kUndefined && dtypes[i] != dtypes[0]) return false;
  }
  const auto* a = std::get_if<ir::Conv2dAttrs>(&node.attrs);
  return a && a->pads.size() == 4 && a->strides.size() == 2 && a->dilations.size() == 2 &&
         (a->activation.kind == ir::ActivationKind::kNone || a->activation.kind == ir::ActivationKind::kRelu);
}

template <int I>
std::unique_ptr<runtime::Kernel> MakeGraphConv() {
  return std::make_unique<CudnnGraphConv2d>(I);
}

}  // namespace

void RegisterConv2dGraphKernels(runtime::KernelRegistry& registry) {
  using runtime::KernelDef;
  RegisterCudaFloatKernel(registry, ir::OpKind::kConv2d, "cudnn_graph_0", &MakeGraphConv<0>, AcceptsGraphConv, 5,
                          KernelDef::Layout::kChannelsLast);
  RegisterCudaFloatKernel(registry, ir::OpKind::kConv2d, "cudnn_graph_1", &MakeGraphConv<1>, AcceptsGraphConv, 5,
                          KernelDef::Layout::kChannelsLast);
  RegisterCudaFloatKernel(registry, ir::OpKind::kConv2d, "cudnn_graph_2", &MakeGraphConv<2>, AcceptsGraphConv, 5,
                          KernelDef::Layout::kChannelsLast);
  RegisterCudaFloatKernel(registry, ir::OpKind::kConv2d, "cudnn_graph_3", &MakeGraphConv<3>, AcceptsGraphConv, 5,
                          KernelDef::Layout::kChannelsLast);
}

}  // namespace oar::kernels::cuda
