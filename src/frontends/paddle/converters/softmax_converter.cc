// Paddle `softmax`: softmax along `axis` (default -1) -> Softmax.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertSoftmax(ConverterContext& ctx) {
  OAR_RETURN_IF_ERROR(RequireNchw(ctx, "data_format"));
  OAR_ASSIGN_OR_RETURN(int64_t axis, ctx.Int("axis", -1));
  return ConvertUnary(ctx, ir::OpKind::kSoftmax, ir::SoftmaxAttrs{axis});
}

}  // namespace

void RegisterSoftmaxConverter(ConverterRegistry& registry) { registry.Register("softmax", ConvertSoftmax); }

}  // namespace oar::frontends::paddle
