// Small graph queries and edits shared by the passes: uses of a value, constants, per-channel
// broadcast checks, fused activations of unary nodes, and the "producer takes over its
// consumer's output" edit that fusions use so that the value names users see never change.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/tensor.h"
#include "ir/graph.h"

namespace oar::passes {

/// Live consumers of each value (ir::Graph::ComputeConsumers): a node that uses a value twice
/// is listed twice, so `consumers[v].size()` is the number of uses.
using ConsumerMap = std::vector<std::vector<ir::NodeId>>;

bool IsGraphOutput(const ir::Graph& graph, ir::ValueId v);
bool IsGraphInput(const ir::Graph& graph, ir::ValueId v);

/// "op '<name>' (<kind>)" for log lines.
std::string DescribeNode(const ir::Graph& graph, ir::NodeId id);

/// The single use of `v`: the consuming node when `v` has exactly one use among live nodes and
/// is not a graph output. Otherwise kNoNode, and `*why` says which of those failed.
ir::NodeId SoleConsumer(const ir::Graph& graph, const ConsumerMap& consumers, ir::ValueId v, std::string* why);

/// The constant tensor of `v` when it is a constant of dtype f32, else nullptr (also for kNoValue).
const Tensor* ConstantF32(const ir::Graph& graph, ir::ValueId v);

/// Input `i` of `node`, or kNoValue when the node has fewer inputs.
ir::ValueId InputOrNone(const ir::Node& node, size_t i);

/// The fused form of a unary activation node (Relu, Clip, LeakyRelu, HardSwish, HardSigmoid,
/// Sigmoid, Swish with one input), or nullopt for any other node.
std::optional<ir::FusedActivation> ActivationOfNode(const ir::Node& node);

/// When the constant `c`, broadcast (numpy rules) against a tensor of rank `out_rank`, varies at
/// most along axis `axis` (which has `channels` elements) and does not widen that tensor, returns
/// its value for each of the `channels` positions; else nullopt. E.g. for out_rank 4, axis 1:
/// [C], [C,1,1], [1,C,1,1], [1], [] qualify (a [C] constant only when axis is the last one).
std::optional<std::vector<double>> PerChannelValues(const Tensor& c, int out_rank, int axis, int64_t channels);

/// Adds an f32 constant with `values` (rounded from double) under a fresh name derived from `base`.
ir::ValueId AddF32Constant(ir::Graph& graph, const std::string& base, const Shape& shape,
                           const std::vector<double>& values);

/// `producer` takes over output 0 of `consumer`, which is removed: afterwards `producer` writes
/// the consumer's output value (keeping its id and name), and the producer's old output 0 is
/// left without producer or uses. Precondition (checked by the caller's Matches): the consumer
/// was the old output's only use and that output is no graph output.
void AbsorbConsumer(ir::Graph& graph, ir::NodeId producer, ir::NodeId consumer);

/// Number of live nodes.
int CountLiveNodes(const ir::Graph& graph);

/// Same rank and, per dim, the same known size or unknown on both sides. Fusions that need two
/// operands of one shape accept unknown dims at the same position (in practice the batch, which
/// both derive from the same model input); the fused op's schema checks the real shapes at run
/// time and fails with an error naming both when they differ.
bool SameShapeUpToUnknownDims(const Shape& a, const Shape& b);

}  // namespace oar::passes
