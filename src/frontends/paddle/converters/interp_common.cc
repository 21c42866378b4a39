#include "frontends/paddle/converters/interp_common.h"

#include "frontends/paddle/converters/converter_utils.h"

namespace oar::frontends::paddle {

Status ConvertInterpolate(ConverterContext& ctx, bool v2) {
  OAR_ASSIGN_OR_RETURN(ir::ValueId x, ctx.Input("X"));
  OAR_RETURN_IF_ERROR(RequireNchw(ctx, "data_layout"));
  const bool nearest_op = ctx.op_type().rfind("nearest", 0) == 0;
  ir::ResizeAttrs attrs;
  OAR_ASSIGN_OR_RETURN(std::string method, ctx.String("interp_method", nearest_op ? "nearest" : "bilinear"));
  if (method == "nearest") {
    attrs.mode = ir::ResizeMode::kNearest;
  } else if (method == "bilinear") {
    attrs.mode = ir::ResizeMode::kBilinear;
  } else {
    return ctx.UnsupportedAttr("interp_method", "\"" + method + "\"", "nearest or bilinear");
  }
  OAR_ASSIGN_OR_RETURN(attrs.align_corners, ctx.Bool("align_corners", true));
  OAR_ASSIGN_OR_RETURN(attrs.align_mode, ctx.Int("align_mode", 1));
  OAR_ASSIGN_OR_RETURN(int64_t out_d, ctx.Int("out_d", -1));
  if (out_d > 0) return ctx.UnsupportedAttr("out_d", std::to_string(out_d), "only 2-D resizing");
  OAR_ASSIGN_OR_RETURN(int64_t out_h, ctx.Int("out_h", -1));
  OAR_ASSIGN_OR_RETURN(int64_t out_w, ctx.Int("out_w", -1));
  std::vector<float> scale_attr;
  if (v2) {
    OAR_ASSIGN_OR_RETURN(scale_attr, ctx.Floats("scale", {}));
  } else {
    OAR_ASSIGN_OR_RETURN(float s, ctx.Float("scale", 0.0f));
    scale_attr = {s};
  }
  ir::ValueId out_size_operand = ir::kNoValue;
  ir::ValueId scale_operand = ir::kNoValue;

  OAR_ASSIGN_OR_RETURN(std::vector<ir::ValueId> size_list, ctx.InputList("SizeTensor"));
  if (!size_list.empty()) {
    // Highest priority; Paddle then ignores every scale.
    if (size_list.size() != 2) {
      return ctx.Error("input 'SizeTensor' must list 2 tensors (h, w), got " + std::to_string(size_list.size()));
    }
    std::vector<int64_t> hw;
    if (ConstantScalarList(ctx, size_list, &hw)) {
      out_h = hw[0];
      out_w = hw[1];
    } else {
      OAR_ASSIGN_OR_RETURN(out_size_operand, JoinScalarList(ctx, size_list, "out_size"));
    }
  } else {
    OAR_ASSIGN_OR_RETURN(ir::ValueId scale_tensor, ctx.OptionalInput("Scale"));
    std::vector<float> scale = scale_attr;
    if (scale_tensor != ir::kNoValue) {
      if (const Tensor* c = ctx.ConstantOf(scale_tensor)) {
        scale = TensorToFloats(*c);
      } else {
        scale.clear();
        const ir::Value& sv = ctx.value(scale_tensor);
        int64_t n = sv.dtype == DType::kUndefined || sv.shape.rank() != 1 ? -1 : sv.shape[0];
        if (n == 1) {
          scale_operand = ctx.AddTemp(ir::OpKind::kConcat, {scale_tensor, scale_tensor}, ir::AxisAttrs{0}, "scale_hw",
                                      sv.dtype, Shape({2}));
        } else if (n == 2) {
          scale_operand = scale_tensor;
        } else {
          return ctx.Error("input 'Scale' '" + sv.name + "' must be a 1-D tensor of 1 or 2 values, got " +
                           sv.shape.ToString());
        }
        out_h = out_w = -1;  // a run-time scale overrides out_h/out_w
      }
    }
    if (!scale.empty()) {
      float sh = scale[0], sw = scale.size() > 1 ? scale[1] : scale[0];
      if (sh > 0.0f && sw > 0.0f) {
        attrs.scale_h = sh;
        attrs.scale_w = sw;
        out_h = out_w = -1;  // the scale gives the size
      }
    }
    OAR_ASSIGN_OR_RETURN(ir::ValueId out_size, ctx.OptionalInput("OutSize"));
    if (out_size != ir::kNoValue) {
      if (const Tensor* c = ctx.ConstantOf(out_size)) {
        std::vector<int64_t> hw = TensorToInts(*c);
        if (hw.size() != 2) return ctx.Error("input 'OutSize' must hold 2 values (h, w), got " + c->Describe());
        out_h = hw[0];
        out_w = hw[1];
      } else {
        out_size_operand = out_size;
      }
    }
  }
  attrs.out_h = out_h > 0 ? out_h : -1;
  attrs.out_w = out_w > 0 ? out_w : -1;
  const bool has_size = (attrs.out_h > 0 && attrs.out_w > 0) || out_size_operand != ir::kNoValue;
  const bool has_scale = attrs.scale_h > 0.0f || scale_operand != ir::kNoValue;
  if (!has_size && !has_scale) {
    return ctx.Error("no output size: out_h/out_w are " + std::to_string(out_h) + "/" + std::to_string(out_w) +
                     ", no positive scale and no OutSize/SizeTensor/Scale input");
  }
  std::vector<ir::ValueId> inputs = {x};
  if (out_size_operand != ir::kNoValue || scale_operand != ir::kNoValue) inputs.push_back(out_size_operand);
  if (scale_operand != ir::kNoValue) inputs.push_back(scale_operand);
  return ctx.Emit(ir::OpKind::kResize, inputs, attrs);
}

}  // namespace oar::frontends::paddle
