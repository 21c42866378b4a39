// Paddle `scale`: Out = bias_after_scale ? scale * X + bias : scale * (X + bias) -> Scale.
// A ScaleTensor input replaces `scale`: folded into the attribute when constant, else passed on.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertScale(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(ir::ValueId x, ctx.Input("X"));
  OAR_ASSIGN_OR_RETURN(ir::ValueId scale_tensor, ctx.OptionalInput("ScaleTensor"));
  ir::ScaleAttrs attrs;
  OAR_ASSIGN_OR_RETURN(attrs.scale, ctx.Float("scale", 1.0f));
  OAR_ASSIGN_OR_RETURN(attrs.bias, ctx.Float("bias", 0.0f));
  OAR_ASSIGN_OR_RETURN(attrs.bias_after_scale, ctx.Bool("bias_after_scale", true));
  if (scale_tensor == ir::kNoValue) return ctx.Emit(ir::OpKind::kScale, {x}, attrs);
  if (const Tensor* c = ctx.ConstantOf(scale_tensor)) {
    if (c->numel() != 1) return ctx.Error("input 'ScaleTensor' must hold one value, got " + c->Describe());
    attrs.scale = static_cast<float>(c->GetDouble(0));
    return ctx.Emit(ir::OpKind::kScale, {x}, attrs);
  }
  return ctx.Emit(ir::OpKind::kScale, {x, scale_tensor}, attrs);
}

}  // namespace

void RegisterScaleConverter(ConverterRegistry& registry) { registry.Register("scale", ConvertScale); }

}  // namespace oar::frontends::paddle
