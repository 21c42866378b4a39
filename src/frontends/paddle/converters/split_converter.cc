// Paddle `split`: X cut along `axis` into `num` equal parts or into `sections` (one may be -1 = the
// rest) -> Split with one output per Out variable. AxisTensor / SectionsTensorList must be constants.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertSplit(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(ir::ValueId x, ctx.Input("X"));
  ir::SplitAttrs attrs;
  OAR_ASSIGN_OR_RETURN(attrs.axis, ctx.Int("axis", 0));
  OAR_ASSIGN_OR_RETURN(attrs.num, ctx.Int("num", 0));
  OAR_ASSIGN_OR_RETURN(attrs.sections, ctx.Ints("sections", {}));
  OAR_ASSIGN_OR_RETURN(ir::ValueId axis_tensor, ctx.OptionalInput("AxisTensor"));
  if (axis_tensor != ir::kNoValue) {
    const Tensor* c = ctx.ConstantOf(axis_tensor);
    if (!c || c->numel() != 1) {
      return ctx.UnsupportedError("input 'AxisTensor' must be a constant holding one value");
    }
    attrs.axis = c->GetInt(0);
  }
  OAR_ASSIGN_OR_RETURN(std::vector<ir::ValueId> section_parts, ctx.InputList("SectionsTensorList"));
  if (!section_parts.empty() && !ConstantScalarList(ctx, section_parts, &attrs.sections)) {
    return ctx.UnsupportedError("input 'SectionsTensorList' must hold constants (run-time sections are not supported)");
  }
  if (attrs.axis < 0) {
    OAR_ASSIGN_OR_RETURN(int rank, ctx.Rank(x));
    OAR_ASSIGN_OR_RETURN(attrs.axis, NormalizeAxisAttr(ctx, attrs.axis, rank, "axis"));
  }
  const int n = ctx.NumOutputs("Out");
  if (n == 0) return ctx.Error("output slot 'Out' lists no variables");
  if (!attrs.sections.empty()) {
    attrs.num = 0;
    if (static_cast<int>(attrs.sections.size()) != n) {
      return ctx.Error("attribute 'sections' " + IntsToString(attrs.sections) + " has " +
                       std::to_string(attrs.sections.size()) + " entries for " + std::to_string(n) + " outputs");
    }
  } else if (attrs.num != n) {
    return ctx.Error("attribute 'num' = " + std::to_string(attrs.num) + " does not match the " + std::to_string(n) +
                     " output variables (and no 'sections' are given)");
  }
  std::vector<ir::ValueId> outs;
  for (int i = 0; i < n; ++i) {
    OAR_ASSIGN_OR_RETURN(ir::ValueId o, ctx.Output("Out", i));
    outs.push_back(o);
  }
  ctx.AddNode(ir::OpKind::kSplit, {x}, outs, attrs);
  return Status::OK();
}

}  // namespace

void RegisterSplitConverter(ConverterRegistry& registry) { registry.Register("split", ConvertSplit); }

}  // namespace oar::frontends::paddle
