// Paddle `relu6`: Out = min(max(X, 0), threshold) (threshold default 6) -> Clip{0, threshold}.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertRelu6(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(float threshold, ctx.Float("threshold", 6.0f));
  ir::ClipAttrs attrs;
  attrs.min = 0.0f;
  attrs.max = threshold;
  return ConvertUnary(ctx, ir::OpKind::kClip, attrs);
}

}  // namespace

void RegisterRelu6Converter(ConverterRegistry& registry) { registry.Register("relu6", ConvertRelu6); }

}  // namespace oar::frontends::paddle
