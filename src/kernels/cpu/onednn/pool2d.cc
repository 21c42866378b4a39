// Pool2d through oneDNN pooling_forward on NCHW f32: max, avg exclusive
// (avg_exclude_padding) or inclusive (avg_include_padding, divisor kh*kw as attrs.h says),
// global, ceil_mode (extra bottom/right padding so oneDNN's floor arithmetic yields the
// rounded-up size; the extra cells are ignored by max and exclusive avg, and counted by
// inclusive avg exactly as a kh*kw divisor does), and adaptive pooling when the input size is
// a multiple of the output size (bins are then a plain kernel = stride = in/out).
#include <algorithm>
#include <variant>

#include "ir/schemas/nn_shape_util.h"
#include "kernels/cpu/onednn/onednn_common.h"

namespace oar::kernels::cpu::onednn {
namespace {

using dnnl::memory;
constexpr memory::data_type kF32 = memory::data_type::f32;

bool AcceptsPool2d(const ir::Node& node, const std::vector<DType>& input_dtypes) {
  if (!AllFloat32(input_dtypes)) return false;
  const auto* a = std::get_if<ir::Pool2dAttrs>(&node.attrs);
  if (!a) return false;
  if (a->global) return true;
  if (a->kernel.size() != 2) return false;
  for (int64_t k : a->kernel) {
    if (k < 1) return false;
  }
  if (a->adaptive) return true;
  if (a->strides.size() != 2) return false;
  if (a->pad_mode == ir::PadMode::kExplicit && a->pads.size() != 4) return false;
  for (int64_t s : a->strides) {
    if (s < 1) return false;
  }
  if (a->pad_mode == ir::PadMode::kExplicit) {
    for (int64_t p : a->pads) {
      if (p < 0) return false;
    }
  }
  return true;
}

class Pool2dKernel final : public OnednnKernel {
 protected:
  const char* Component() const override { return "onednn pool2d"; }

  Status PrepareOnednn(const runtime::KernelContext& ctx, std::string* decline) override {
    const ir::Pool2dAttrs& a = ctx.attr<ir::Pool2dAttrs>();
    const Shape& xs = ctx.input(0).shape();
    const Shape& ys = ctx.output(0).shape();
    if (xs.rank() != 4 || ys.rank() != 4 || ys[0] != xs[0] || ys[1] != xs[1]) {
      *decline = "needs NCHW input and output, got " + xs.ToString() + " -> " + ys.ToString();
      return Status::OK();
    }
    if (xs.NumElements() == 0 || ys.NumElements() == 0) {
      *decline = "empty tensor";
      return Status::OK();
    }
    const int64_t in[2] = {xs[2], xs[3]};
    const int64_t out[2] = {ys[2], ys[3]};
    memory::dims kernel(2), strides(2), pad_l(2, 0), pad_r(2, 0);
    const ir::Window2d geo = ir::ResolvePool2d(a, in[0], in[1]);  // pads as the schema resolves them
    for (size_t d = 0; d < 2; ++d) {
      if (a.global) {
        kernel[d] = in[d];
        strides[d] = 1;
      } else if (a.adaptive) {
        if (in[d] % out[d] != 0) {
          *decline = "adaptive pooling with input " + xs.ToString() + " not a multiple of output " + ys.ToString();
          return Status::OK();
        }
        kernel[d] = strides[d] = in[d] / out[d];
      } else {
        kernel[d] = geo.kernel[d];
        strides[d] = geo.strides[d];
        pad_l[d] = geo.pads[d];
        pad_r[d] = geo.pads[d + 2];
        // Grow the end padding until floor arithmetic gives the requested (ceil-mode) size.
        pad_r[d] = std::max(pad_r[d], (out[d] - 1) * strides[d] + kernel[d] - in[d] - pad_l[d]);
      }
      if ((in[d] + pad_l[d] + pad_r[d] - kernel[d]) / strides[d] + 1 != out[d] ||
          in[d] + pad_l[d] + pad_r[d] < kernel[d]) {
        *decline = "output " + ys.ToString() + " does not match the pooling arithmetic";
        return Status::OK();
      }
      // A window lying wholly in padding has no defined value (max) or divides by zero
      // (exclusive avg); leave such configurations to the reference kernel.
      if (pad_l[d] >= kernel[d] || (out[d] - 1) * strides[d] - pad_l[d] >= in[d]) {
        *decline = "a pooling window lies wholly in the padding";
        return Status::OK();
      }
    }
    dnnl::algorithm alg = dnnl::algorithm::pooling_max;
    if (a.type == ir::PoolType::kAvg) {
      alg = a.exclusive ? dnnl::algorithm::pooling_avg_exclude_padding : dnnl::algorithm::pooling_avg_include_padding;
    }
    const memory::desc src_md(ToDims(xs), kF32, memory::format_tag::nchw);
    const memory::desc dst_md(ToDims(ys), kF32, memory::format_tag::nchw);
    const dnnl::engine& eng = CpuEngine();
    dnnl::pooling_forward::desc desc(dnnl::prop_kind::forward_inference, alg, src_md, dst_md, strides, kernel, pad_l,
                                     pad_r);
    dnnl::pooling_forward::primitive_desc pd(desc, UserScratchpadAttr(), eng);
    set_impl_name(pd.impl_info_str());
    scratchpad_.Clear();
    scratchpad_.Require(pd);
    pool_ = Step{dnnl::pooling_forward(pd), {}};
    src_ = memory(src_md, eng, DNNL_MEMORY_NONE);
    dst_ = memory(dst_md, eng, DNNL_MEMORY_NONE);
    BindArg(&pool_, DNNL_ARG_SRC, src_);
    BindArg(&pool_, DNNL_ARG_DST, dst_);
    scratchpad_.Allocate(eng);
    scratchpad_.BindTo(&pool_);
    return Status::OK();
  }

  Status RunOnednn(const runtime::KernelContext& ctx) override {
    OAR_RETURN_IF_ERROR(SetHandle(ctx, src_, ctx.input(0).raw_data()));
    OAR_RETURN_IF_ERROR(SetHandle(ctx, dst_, ctx.output(0).raw_data()));
    OAR_RETURN_IF_ERROR(Execute(ctx, pool_, "pooling"));
    return Wait(ctx);
  }

 private:
  memory src_, dst_;
  Step pool_;
  Scratchpad scratchpad_;
};

}  // namespace

void RegisterPool2d(runtime::KernelRegistry& registry) {
  RegisterOnednnKernel<Pool2dKernel>(registry, ir::OpKind::kPool2d, AcceptsPool2d);
}

}  // namespace oar::kernels::cpu::onednn
