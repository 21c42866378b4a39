// Helpers shared by several Paddle op converters (one converter per file lives next to this).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/tensor.h"
#include "frontends/paddle/converter_context.h"
#include "ir/attrs.h"

namespace oar::frontends::paddle {

/// X -> Out through one node of `kind`.
Status ConvertUnary(ConverterContext& ctx, ir::OpKind kind, ir::Attrs attrs = ir::NoAttrs{});

/// elementwise_* ops: X, Y -> Out with Paddle's `axis` broadcasting turned into numpy broadcasting.
/// When the lower-rank operand does not align to the trailing dims (axis != -1 and
/// axis != rank difference), it is reshaped to the higher rank with 1s around its dims (Paddle
/// first trims its trailing 1s when they would not fit): a constant gets a reshaped copy, anything
/// else an Unsqueeze node (after a Squeeze for trimmed dims).
Status ConvertElementwise(ConverterContext& ctx, ir::OpKind kind);

/// Fails with kUnsupported unless attribute `name` is absent or names NCHW ("NCHW", "AnyLayout", "").
Status RequireNchw(ConverterContext& ctx, const std::string& name);

/// Paddle `paddings` ([pad_h, pad_w] or [top, bottom, left, right]) -> IR {top, left, bottom, right}.
StatusOr<std::vector<int64_t>> PaddlePadsToIr(const ConverterContext& ctx, const std::vector<int64_t>& paddings);

/// `padding_algorithm` ("EXPLICIT" default, "SAME", "VALID") -> IR PadMode.
StatusOr<ir::PadMode> PaddingAlgorithm(const ConverterContext& ctx);

/// A Paddle VarType element code (attribute `attr` of the op) -> DType.
StatusOr<DType> PaddleDTypeAttr(const ConverterContext& ctx, int64_t code, const std::string& attr);

/// Integer contents of a constant tensor of any integer (or bool) dtype.
std::vector<int64_t> TensorToInts(const Tensor& t);
/// Float contents of a constant tensor of any numeric dtype.
std::vector<float> TensorToFloats(const Tensor& t);
/// A new 1-D i64 tensor.
Tensor Int64Vector(const std::vector<int64_t>& values);
/// The same elements seen with another shape (shares memory; element counts must match).
Tensor Reshaped(const Tensor& t, Shape shape);

/// Joins a list of one-element integer tensors (Paddle's *TensorList inputs: ShapeTensor,
/// SizeTensor, StartsTensorList, ...) into one 1-D i64 value: a constant when all parts are
/// constant, else Reshape/Cast/Concat helper nodes.
StatusOr<ir::ValueId> JoinScalarList(ConverterContext& ctx, const std::vector<ir::ValueId>& parts,
                                     const std::string& suffix);

/// All parts of a *TensorList input are constant: their values, in order. False otherwise.
bool ConstantScalarList(const ConverterContext& ctx, const std::vector<ir::ValueId>& parts,
                        std::vector<int64_t>* values);

/// An integer list given either as attribute `name`, as a 1-D tensor in `tensor_slot`, or as a list
/// of one-element tensors in `list_slot` (Paddle's priority: tensor, list, attribute). Constants
/// end up in `values` with `*operand` = kNoValue; otherwise `*operand` is the (joined) value.
Status ResolveIntListOperand(ConverterContext& ctx, const std::string& name, const std::string& tensor_slot,
                             const std::string& list_slot, std::vector<int64_t>* values, ir::ValueId* operand);

/// Emits `kind` into output slot `out_slot`. `ir_rank` is the rank the IR op gives; when that is
/// 0 but the output's VarDesc has rank 1 (Paddle before 2.5 returned [1] where it now returns
/// []), a Reshape to [1] follows so the graph keeps the program's shapes.
Status EmitKeepingVarDescRank(ConverterContext& ctx, ir::OpKind kind, std::vector<ir::ValueId> inputs, ir::Attrs attrs,
                              int ir_rank, const std::string& out_slot = "Out");

/// Normalises `axis` against `rank` (negative counts from the end); error naming the attribute.
StatusOr<int64_t> NormalizeAxisAttr(const ConverterContext& ctx, int64_t axis, int rank, const std::string& attr);

/// NormalizeAxisAttr for each element of `axes`, in place.
Status NormalizeAxesAttr(const ConverterContext& ctx, std::vector<int64_t>* axes, int rank, const std::string& attr);

/// Rank of a value when known at conversion time, else -1.
int KnownRank(const ConverterContext& ctx, ir::ValueId v);

/// "[1,2,3]" for messages.
std::string IntsToString(const std::vector<int64_t>& v);

}  // namespace oar::frontends::paddle
