// Shared helpers of the engine tests: a small conv/relu/pool network with a dynamic batch, and a
// native run of a graph for reference outputs.
#pragma once

#include <memory>
#include <vector>

#include "ir/graph.h"
#include "partition/partition_test_util.h"
#include "runtime/executor.h"
#include "test_util.h"

namespace oar::engine::testing {

/// x [?,3,9,11] -> conv_0 (8x3x3x3, pad 1, bias, fused relu) -> pool_0 (max 2x2 s2) -> conv_1
/// (6x8x3x3, pad 1) -> relu_1 -> "relu_1.out"; plus sigmoid_0(pool_0) -> "sigmoid_0.out".
/// `batch` is the declared leading dim (kUnknownDim for dynamic).
inline ir::Graph SmallConvNet(int64_t batch = kUnknownDim, uint64_t seed = 7) {
  partition::testing::GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{batch, 3, 9, 11});
  ir::Conv2dAttrs c0;
  c0.pads = {1, 1, 1, 1};
  c0.activation.kind = ir::ActivationKind::kRelu;
  ir::ValueId w0 = b.Const("w0", oar::testing::RandomTensor(Shape{8, 3, 3, 3}, seed));
  ir::ValueId b0 = b.Const("b0", oar::testing::RandomTensor(Shape{8}, seed + 1));
  ir::ValueId h = b.Op("conv_0", ir::OpKind::kConv2d, {x, w0, b0}, c0);
  ir::Pool2dAttrs p;
  p.kernel = {2, 2};
  p.strides = {2, 2};
  ir::ValueId pooled = b.Op("pool_0", ir::OpKind::kPool2d, {h}, p);
  ir::Conv2dAttrs c1;
  c1.pads = {1, 1, 1, 1};
  ir::ValueId w1 = b.Const("w1", oar::testing::RandomTensor(Shape{6, 8, 3, 3}, seed + 2));
  ir::ValueId h1 = b.Op("conv_1", ir::OpKind::kConv2d, {pooled, w1}, c1);
  ir::ValueId r1 = b.Op("relu_1", ir::OpKind::kRelu, {h1});
  ir::ValueId s0 = b.Op("sigmoid_0", ir::OpKind::kSigmoid, {pooled});
  b.Output(r1);
  b.Output(s0);
  return b.Build();
}

/// Runs `graph` on the native executor (no engine kernels involved unless it has engine nodes);
/// owned copies of the outputs.
inline StatusOr<std::vector<Tensor>> RunNative(const ir::Graph& graph, const std::vector<Tensor>& inputs) {
  auto shared = std::make_shared<const ir::Graph>(graph);
  OAR_ASSIGN_OR_RETURN(auto executor, runtime::Executor::Create(shared, runtime::ExecutorOptions{}));
  std::vector<Tensor> outputs;
  OAR_RETURN_IF_ERROR(executor->Run(inputs, &outputs));
  for (Tensor& t : outputs) t = t.Clone();
  return outputs;
}

}  // namespace oar::engine::testing
