// Precision lowering for an engine subgraph (design.md §3 Precision): the engine keeps f32 at its
// boundary (the caller's tensors) and computes inside in a 16-bit float type.
//
//   g' = LowerFloatPrecision(g, DType::kFloat16)
//
// Every f32 subgraph input gets a cast to the low type right after it; every f32 constant
// (weights, biases) is converted once; every f32 intermediate value takes the low dtype; every
// f32 subgraph output is produced in the low type and cast back to f32 into a new output value
// ("<name>_f32"). Shapes are re-inferred. Inputs keep their names; inputs and outputs keep their
// order, dtypes and shapes, so the lowered graph is a drop-in replacement.
#pragma once

#include "core/status.h"
#include "ir/graph.h"

namespace oar::engine {

/// `low` is kFloat16 or kBFloat16. Errors: kInvalidArgument for another dtype; shape inference
/// errors of the rewritten graph.
StatusOr<ir::Graph> LowerFloatPrecision(const ir::Graph& graph, DType low);

}  // namespace oar::engine
