// Paddle `unsqueeze2` (and the older `unsqueeze`) -> Unsqueeze. Paddle inserts the listed axes one
// after another, each relative to the rank reached so far (negative a means a + rank_so_far + 1);
// the IR lists the final positions in the output, so the insertions are replayed here.
// AxesTensor / AxesTensorList must be constants.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertUnsqueeze2(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(ir::ValueId x, ctx.Input("X"));
  OAR_ASSIGN_OR_RETURN(std::vector<int64_t> axes, ctx.Ints("axes", {}));
  OAR_ASSIGN_OR_RETURN(ir::ValueId axes_tensor, ctx.OptionalInput("AxesTensor"));
  OAR_ASSIGN_OR_RETURN(std::vector<ir::ValueId> axes_list, ctx.InputList("AxesTensorList"));
  if (axes_tensor != ir::kNoValue) {
    const Tensor* c = ctx.ConstantOf(axes_tensor);
    if (!c) return ctx.UnsupportedError("input 'AxesTensor' must be a constant (run-time axes are not supported)");
    axes = TensorToInts(*c);
  } else if (!axes_list.empty() && !ConstantScalarList(ctx, axes_list, &axes)) {
    return ctx.UnsupportedError("input 'AxesTensorList' must hold constants (run-time axes are not supported)");
  }
  OAR_ASSIGN_OR_RETURN(int rank, ctx.Rank(x));
  std::vector<char> is_new(static_cast<size_t>(rank), 0);
  for (int64_t a : axes) {
    const int64_t cur = static_cast<int64_t>(is_new.size());
    const int64_t pos = a < 0 ? a + cur + 1 : a;
    if (pos < 0 || pos > cur) {
      return ctx.Error("attribute 'axes' " + IntsToString(axes) + ": axis " + std::to_string(a) +
                       " is out of range for rank " + std::to_string(cur));
    }
    is_new.insert(is_new.begin() + pos, 1);
  }
  ir::AxesAttrs attrs;
  for (size_t i = 0; i < is_new.size(); ++i) {
    if (is_new[i]) attrs.axes.push_back(static_cast<int64_t>(i));
  }
  return ctx.Emit(ir::OpKind::kUnsqueeze, {x}, attrs);
}

}  // namespace

void RegisterUnsqueeze2Converter(ConverterRegistry& registry) {
  registry.Register("unsqueeze2", ConvertUnsqueeze2);
  registry.Register("unsqueeze", ConvertUnsqueeze2);
}

}  // namespace oar::frontends::paddle
