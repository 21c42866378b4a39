// Shared helpers of the oneDNN network tests (header-only: the suites compile only *_test.cc):
// N(0,1) tensors, small graph pieces, the reference executor ("ref" kernels), running a network,
// and the FP32 / BF16 comparison every test uses.
#pragma once

#include <gmock/gmock.h>

#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "engine/cpu/onednn_network.h"
#include "partition/partition_test_util.h"
#include "runtime/executor.h"
#include "test_util.h"

#ifdef OAR_WITH_ONEDNN

namespace oar::engine::cpu::onednn_testing {

using partition::testing::GraphBuilder;

inline Tensor Normal(const Shape& shape, uint64_t seed, float scale = 1.0f, float shift = 0.0f) {
  Tensor t(DType::kFloat32, shape);
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> dist(0.0f, 1.0f);
  float* p = t.data<float>();
  for (int64_t i = 0; i < t.numel(); ++i) p[i] = shift + scale * dist(rng);
  return t;
}

// Conv weights scaled by 1/sqrt(fan-in) so activations stay O(1) through a few layers.
inline Tensor ConvWeight(const Shape& shape, uint64_t seed) {
  return Normal(shape, seed, 1.0f / std::sqrt(static_cast<float>(shape[1] * shape[2] * shape[3])));
}

inline ir::ValueId Conv(GraphBuilder& b, const std::string& name, ir::ValueId x, int64_t cin, int64_t cout, int64_t k,
                        uint64_t seed, ir::Conv2dAttrs attrs = {}, ir::ValueId sum = ir::kNoValue) {
  const int64_t g = attrs.groups;
  ir::ValueId w = b.Const(name + ".w", ConvWeight(Shape{cout, cin / g, k, k}, seed));
  ir::ValueId bias = b.Const(name + ".b", Normal(Shape{cout}, seed + 1, 0.1f));
  std::vector<ir::ValueId> in = {x, w, bias};
  if (sum != ir::kNoValue) in.push_back(sum);
  return b.Op(name, ir::OpKind::kConv2d, in, attrs);
}

inline ir::Conv2dAttrs Pad(int64_t p, ir::ActivationKind act = ir::ActivationKind::kNone, int64_t stride = 1) {
  ir::Conv2dAttrs a;
  a.pads = {p, p, p, p};
  a.strides = {stride, stride};
  a.activation.kind = act;
  return a;
}

inline std::vector<Tensor> RunReference(const ir::Graph& g, const std::vector<Tensor>& inputs) {
  runtime::ExecutorOptions o;
  o.kernel_name = "ref";
  auto ex = runtime::Executor::Create(std::make_shared<const ir::Graph>(g), o);
  OAR_CHECK_MSG(ex.ok(), ex.status().ToString());
  std::vector<Tensor> out;
  Status s = ex.value()->Run(inputs, &out);
  OAR_CHECK_MSG(s.ok(), s.ToString());
  for (Tensor& t : out) t = t.Clone();
  return out;
}

struct NetRun {
  std::unique_ptr<OnednnNetwork> net;
  std::vector<Tensor> outputs;
};

inline NetRun RunNetwork(const ir::Graph& g, Precision p, const std::vector<Tensor>& inputs, int threads = 2,
                         ConvLayout layout = ConvLayout::kLibrary) {
  std::vector<Shape> shapes;
  for (const Tensor& t : inputs) shapes.push_back(t.shape());
  OnednnNetwork::Options options;
  options.conv_layout = layout;
  auto net = OnednnNetwork::Create(g, p, shapes, threads, options);
  OAR_CHECK_MSG(net.ok(), net.status().ToString());
  NetRun r;
  r.net = std::move(net).value();
  for (size_t o = 0; o < r.net->output_shapes().size(); ++o) {
    r.outputs.emplace_back(r.net->output_dtypes()[o], r.net->output_shapes()[o]);
  }
  std::vector<const Tensor*> in;
  for (const Tensor& t : inputs) in.push_back(&t);
  std::vector<Tensor*> out;
  for (Tensor& t : r.outputs) out.push_back(&t);
  Status s = r.net->Run(in, out);
  OAR_CHECK_MSG(s.ok(), s.ToString());
  return r;
}

inline double Cosine(const Tensor& a, const Tensor& b) {
  double ab = 0, aa = 0, bb = 0;
  for (int64_t i = 0; i < a.numel(); ++i) {
    const double x = a.data<float>()[i], y = b.data<float>()[i];
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return ab / std::sqrt(aa * bb + 1e-30);
}

inline std::string Layers(const OnednnNetwork& net) {
  std::string s;
  for (const auto& l : net.layers()) s += l.name + ": " + l.how + "\n";
  return s;
}

// In both convolution layouts: FP32 within 1e-4 of the reference; BF16 (when the CPU has it)
// within cosine 0.999 of it.
inline void ExpectMatchesReference(const ir::Graph& g, const std::vector<Tensor>& inputs) {
  const std::vector<Tensor> want = RunReference(g, inputs);
  for (ConvLayout layout : {ConvLayout::kLibrary, ConvLayout::kBlocked}) {
    NetRun fp32 = RunNetwork(g, Precision::kFp32, inputs, 2, layout);
    ASSERT_EQ(fp32.outputs.size(), want.size());
    for (size_t o = 0; o < want.size(); ++o) {
      ASSERT_EQ(fp32.outputs[o].shape(), want[o].shape());
      EXPECT_LE(oar::testing::MaxRelativeError(fp32.outputs[o], want[o]), 1e-4)
          << "output " << o << ", layout " << ConvLayoutName(layout) << "\n"
          << Layers(*fp32.net);
    }
    if (!CpuSupportsBf16()) continue;
    NetRun bf16 = RunNetwork(g, Precision::kBf16, inputs, 2, layout);
    for (size_t o = 0; o < want.size(); ++o) {
      EXPECT_GE(Cosine(bf16.outputs[o], want[o]), 0.999)
          << "output " << o << ", layout " << ConvLayoutName(layout) << "\n"
          << Layers(*bf16.net);
    }
  }
}

inline const OnednnNetwork::Layer& LayerNamed(const OnednnNetwork& net, const std::string& name) {
  for (const auto& l : net.layers()) {
    if (l.name == name) return l;
  }
  OAR_CHECK_MSG(false, "no layer " + name);
  return net.layers().front();
}

}  // namespace oar::engine::cpu::onednn_testing

#endif  // OAR_WITH_ONEDNN
