// What the CPU engine backend takes (design.md §3, Capability contract). The generic partitioner
// (partition/partitioner.h) calls CpuEngineSupports once per node; every "no" carries a precise
// reason that `oar inspect --engine` prints.
//
// Supported (f32 data only): conv2d, pool2d, matmul, batch_norm, layer_norm, lrn, softmax, the
// unary activations (relu, leaky_relu, sigmoid, tanh, hard_sigmoid, hard_swish, swish, gelu, exp,
// sqrt), scale, clip, binary elementwise with broadcasting (add, sub, mul, div, max, min, pow),
// concat, split, flatten / reshape / transpose / squeeze / unsqueeze with static target shapes, identity,
// resize, pad.
// Native by design: detection post-processing (yolo_box, multiclass_nms), integer shape
// arithmetic (shape, and slice/fill/cast or any op on integer tensors), ops whose output shape
// depends on data, reshape/resize/scale driven by a runtime tensor, arg_max, and every kind the
// engine has no layer for (reductions, stack, sum, ...).
#pragma once

#include "core/status.h"
#include "ir/graph.h"
#include "partition/partition_options.h"
#include "partition/partitioner.h"

namespace oar::engine::cpu {

/// Backend name used in engine nodes ("cpu_engine_<i>") and reports.
inline constexpr const char* kCpuBackendName = "cpu";

/// Capability of the CPU engine for node `id` of `graph` (value dtypes must be inferred).
partition::SupportResult CpuEngineSupports(const ir::Graph& graph, ir::NodeId id);

/// Partitions `graph` for the CPU engine: partition::PartitionGraph with CpuEngineSupports and
/// options.backend = "cpu" (whatever it was). For `oar inspect --engine` and the predictor.
StatusOr<partition::PartitionResult> PartitionForCpuEngine(const ir::Graph& graph, partition::PartitionOptions options);

}  // namespace oar::engine::cpu
