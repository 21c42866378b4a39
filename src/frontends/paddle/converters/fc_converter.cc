// Paddle `fc` (fused by Paddle's inference passes): Out = act(flatten(Input, in_num_col_dims) @ W + Bias)
// with act "" or "relu" -> MatMul with its bias operand (+ Relu). Input keeps its first
// in_num_col_dims dims as batch dims, as in `mul`. padding_weights (a padded W layout) is kUnsupported.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertFc(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(ir::ValueId x, ctx.Input("Input"));
  OAR_ASSIGN_OR_RETURN(ir::ValueId w, ctx.Input("W"));
  OAR_ASSIGN_OR_RETURN(ir::ValueId bias, ctx.OptionalInput("Bias"));
  OAR_ASSIGN_OR_RETURN(int64_t nc, ctx.Int("in_num_col_dims", 1));
  OAR_ASSIGN_OR_RETURN(std::string act, ctx.String("activation_type", ""));
  OAR_ASSIGN_OR_RETURN(bool padded, ctx.Bool("padding_weights", false));
  if (padded) return ctx.UnsupportedAttr("padding_weights", "true", "only false");
  if (!act.empty() && act != "relu") return ctx.UnsupportedAttr("activation_type", "\"" + act + "\"", "\"\" or relu");
  OAR_ASSIGN_OR_RETURN(int rx, ctx.Rank(x));
  OAR_ASSIGN_OR_RETURN(int rw, ctx.Rank(w));
  if (rw != 2)
    return ctx.Error("input 'W' '" + ctx.value(w).name + "' must be 2-D, got " + ctx.value(w).shape.ToString());
  if (nc < 1 || nc >= rx) {
    return ctx.Error("attribute 'in_num_col_dims' = " + std::to_string(nc) + " must be in [1, rank(Input)) = [1, " +
                     std::to_string(rx) + ")");
  }
  ir::ValueId x2 = x;
  if (rx > nc + 1) x2 = ctx.AddTemp(ir::OpKind::kFlatten, {x}, ir::FlattenAttrs{nc, -1}, "x_flat");
  std::vector<ir::ValueId> inputs = {x2, w};
  if (bias != ir::kNoValue) inputs.push_back(bias);
  if (act.empty()) return ctx.Emit(ir::OpKind::kMatMul, inputs, ir::MatMulAttrs{});
  ir::ValueId y = ctx.AddTemp(ir::OpKind::kMatMul, inputs, ir::MatMulAttrs{}, "fc");
  return ctx.Emit(ir::OpKind::kRelu, {y});
}

}  // namespace

void RegisterFcConverter(ConverterRegistry& registry) { registry.Register("fc", ConvertFc); }

}  // namespace oar::frontends::paddle
