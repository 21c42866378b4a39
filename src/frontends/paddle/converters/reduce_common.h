// The conversion shared by Paddle's reduce_* ops (reduce_mean, reduce_sum, reduce_max).
#pragma once

#include "frontends/paddle/converter_context.h"
#include "ir/op_kind.h"

namespace oar::frontends::paddle {

/// X -> Out reduced over `dim` (default [0]; negative from the end), keep_dim, reduce_all (also
/// implied when `dim` covers every axis). Reducing everything without keep_dim gives [] in the IR;
/// when the output VarDesc says [1] (Paddle before 2.5) a Reshape keeps [1]. An `out_dtype` other
/// than -1 adds a Cast; an `in_dtype` other than -1 is kUnsupported.
Status ConvertReduce(ConverterContext& ctx, ir::OpKind kind);

}  // namespace oar::frontends::paddle
