// Structural checks of a graph: ids in range, every value produced at most once and by the
// node that says so, inputs available before use (acyclic), graph outputs produced, inputs
// not produced by nodes, schema input counts respected.
#pragma once

#include "core/status.h"
#include "ir/graph.h"

namespace oar::ir {

Status VerifyGraph(const Graph& graph);

}  // namespace oar::ir
