// Paddle `lrn`: Out = X / (k + alpha * sum over the n channels centred on c of X^2)^beta.
// Unlike Caffe/ONNX (and the IR), Paddle does not divide alpha by n, so IR alpha = alpha * n.
// Defaults are the op's: n 5, k 2.0, alpha 1e-4, beta 0.75. MidOut is a training output.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertLrn(ConverterContext& ctx) {
  OAR_RETURN_IF_ERROR(RequireNchw(ctx, "data_format"));
  ir::LrnAttrs attrs;
  OAR_ASSIGN_OR_RETURN(attrs.size, ctx.Int("n", 5));
  OAR_ASSIGN_OR_RETURN(attrs.k, ctx.Float("k", 2.0f));
  OAR_ASSIGN_OR_RETURN(float alpha, ctx.Float("alpha", 1e-4f));
  OAR_ASSIGN_OR_RETURN(attrs.beta, ctx.Float("beta", 0.75f));
  if (attrs.size < 1 || attrs.size % 2 == 0) {
    return ctx.Error("attribute 'n' must be a positive odd number, got " + std::to_string(attrs.size));
  }
  attrs.alpha = alpha * static_cast<float>(attrs.size);
  return ConvertUnary(ctx, ir::OpKind::kLrn, attrs);
}

}  // namespace

void RegisterLrnConverter(ConverterRegistry& registry) { registry.Register("lrn", ConvertLrn); }

}  // namespace oar::frontends::paddle
