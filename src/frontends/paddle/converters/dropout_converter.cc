// Paddle `dropout` at inference: "upscale_in_train" (scaling happened in training) -> Identity;
// "downgrade_in_infer" (Paddle's default) -> Scale by 1 - dropout_prob. Mask is a training output.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertDropout(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(std::string impl, ctx.String("dropout_implementation", "downgrade_in_infer"));
  OAR_ASSIGN_OR_RETURN(float prob, ctx.Float("dropout_prob", 0.5f));
  ctx.IgnoreAttrs({"fix_seed", "seed"});
  if (impl == "upscale_in_train") return ConvertUnary(ctx, ir::OpKind::kIdentity);
  if (impl == "downgrade_in_infer") {
    ir::ScaleAttrs attrs;
    attrs.scale = 1.0f - prob;
    return ConvertUnary(ctx, ir::OpKind::kScale, attrs);
  }
  return ctx.UnsupportedAttr("dropout_implementation", "\"" + impl + "\"", "upscale_in_train or downgrade_in_infer");
}

}  // namespace

void RegisterDropoutConverter(ConverterRegistry& registry) { registry.Register("dropout", ConvertDropout); }

}  // namespace oar::frontends::paddle
