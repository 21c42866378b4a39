// Paddle `mul`: Out = flatten(X, x_num_col_dims) @ flatten(Y, y_num_col_dims), where flatten(T, k)
// views T as 2-D [prod(dims[:k]), prod(dims[k:])]; Out has shape X.dims[:xnc] + Y.dims[ync:].
// -> MatMul: X keeps its first xnc dims as batch dims (Flatten of dims [xnc, rank) when needed, which
// equals the 2-D product row by row), Y becomes 2-D (a reshaped copy for a constant, Flatten nodes
// otherwise), and a Reshape restores Y.dims[ync:] when that is more than one dim.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertMul(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(ir::ValueId x, ctx.Input("X"));
  OAR_ASSIGN_OR_RETURN(ir::ValueId y, ctx.Input("Y"));
  OAR_ASSIGN_OR_RETURN(int64_t xnc, ctx.Int("x_num_col_dims", 1));
  OAR_ASSIGN_OR_RETURN(int64_t ync, ctx.Int("y_num_col_dims", 1));
  OAR_ASSIGN_OR_RETURN(int rx, ctx.Rank(x));
  OAR_ASSIGN_OR_RETURN(int ry, ctx.Rank(y));
  if (xnc < 1 || xnc >= rx) {
    return ctx.Error("attribute 'x_num_col_dims' = " + std::to_string(xnc) + " must be in [1, rank(X)) = [1, " +
                     std::to_string(rx) + ")");
  }
  if (ync < 1 || ync >= ry) {
    return ctx.Error("attribute 'y_num_col_dims' = " + std::to_string(ync) + " must be in [1, rank(Y)) = [1, " +
                     std::to_string(ry) + ")");
  }
  const ir::Value& yv = ctx.value(y);
  std::vector<int64_t> y_tail(yv.shape.dims().begin() + ync, yv.shape.dims().end());

  ir::ValueId x2 = x;
  if (rx > xnc + 1) {
    x2 = ctx.AddTemp(ir::OpKind::kFlatten, {x}, ir::FlattenAttrs{xnc, -1}, "x_flat");
  }
  ir::ValueId y2 = y;
  if (ry > 2) {
    if (const Tensor* c = ctx.ConstantOf(y)) {
      int64_t rows = 1;
      for (int64_t i = 0; i < ync; ++i) rows *= c->shape()[static_cast<int>(i)];
      y2 = ctx.AddConstant("y_2d", Reshaped(*c, Shape({rows, c->numel() / rows})));
    } else {
      if (ync > 1) y2 = ctx.AddTemp(ir::OpKind::kFlatten, {y2}, ir::FlattenAttrs{0, ync - 1}, "y_rows");
      if (ry - ync > 1) y2 = ctx.AddTemp(ir::OpKind::kFlatten, {y2}, ir::FlattenAttrs{1, -1}, "y_2d");
    }
  }
  if (y_tail.size() == 1) return ctx.Emit(ir::OpKind::kMatMul, {x2, y2}, ir::MatMulAttrs{});
  for (int64_t d : y_tail) {
    if (d < 0) {
      return ctx.UnsupportedError("Y '" + yv.name + "' " + yv.shape.ToString() +
                                  " has unknown dims after y_num_col_dims; the output shape cannot be formed");
    }
  }
  ir::ValueId prod = ctx.AddTemp(ir::OpKind::kMatMul, {x2, y2}, ir::MatMulAttrs{}, "matmul");
  ir::ReshapeAttrs reshape;
  reshape.shape.assign(static_cast<size_t>(xnc), 0);  // 0 copies X's leading dims
  reshape.shape.insert(reshape.shape.end(), y_tail.begin(), y_tail.end());
  return ctx.Emit(ir::OpKind::kReshape, {prod}, reshape);
}

}  // namespace

void RegisterMulConverter(ConverterRegistry& registry) { registry.Register("mul", ConvertMul); }

}  // namespace oar::frontends::paddle
