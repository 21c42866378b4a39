#include "zoo/zoo_builder.h"

#include <cmath>
#include <utility>

#include "core/status.h"

namespace oar::zoo {
namespace {

// Output size of a convolution or pooling window along one axis (floor or ceil mode).
int64_t WindowOut(int64_t in, int kernel, int stride, int pad, bool ceil_mode) {
  int64_t span = in + 2 * pad - kernel;
  OAR_CHECK_MSG(span >= 0, "zoo builder: window larger than its padded input");
  return (ceil_mode ? (span + stride - 1) / stride : span / stride) + 1;
}

// Small spreads around the running statistics and affine params of a batch norm: realistic
// enough that fusing the batch norm into the conv changes the weights noticeably.
constexpr double kBnScaleSpread = 0.1;  // relative to gamma
constexpr double kBnBiasStd = 0.05;
constexpr double kBnMeanStd = 0.05;
constexpr double kBnVarLo = 0.8;
constexpr double kBnVarHi = 1.25;
constexpr double kBiasStd = 0.01;

}  // namespace

int64_t ZooParam::numel() const {
  int64_t n = 1;
  for (int64_t d : dims) n *= d;
  return n;
}

const char* LayerKindName(LayerKind kind) {
  switch (kind) {
    case LayerKind::kConv2d:
      return "Conv2d";
    case LayerKind::kBatchNorm:
      return "BatchNorm";
    case LayerKind::kRelu:
      return "Relu";
    case LayerKind::kSigmoid:
      return "Sigmoid";
    case LayerKind::kMaxPool:
      return "MaxPool";
    case LayerKind::kAvgPool:
      return "AvgPool";
    case LayerKind::kAdd:
      return "Add";
    case LayerKind::kMul:
      return "Mul";
    case LayerKind::kFlatten:
      return "Flatten";
    case LayerKind::kLinear:
      return "Linear";
    case LayerKind::kConcat:
      return "Concat";
    case LayerKind::kSplit:
      return "Split";
    case LayerKind::kDropout:
      return "Dropout";
    case LayerKind::kSoftmax:
      return "Softmax";
  }
  return "?";
}

int64_t ZooGraph::NumTrainableParams() const {
  int64_t n = 0;
  for (const ZooParam& p : params) {
    if (p.trainable) n += p.numel();
  }
  return n;
}

int64_t ZooGraph::Macs() const {
  int64_t macs = 0;
  for (const ZooLayer& l : layers) {
    if (l.kind != LayerKind::kConv2d && l.kind != LayerKind::kLinear) continue;
    const std::vector<int64_t>& out = values[l.outputs[0]].dims;
    int64_t out_positions = 1;  // per image: C*H*W for conv, features for linear
    for (size_t i = 1; i < out.size(); ++i) out_positions *= out[i];
    const ZooParam& w = params[l.params[0]];
    // Each output element costs one MAC per weight element feeding it.
    int64_t per_output = l.kind == LayerKind::kConv2d ? w.numel() / w.dims[0] : w.dims[0];
    macs += out_positions * per_output;
  }
  return macs;
}

ZooBuilder::ZooBuilder(std::string model_name, int64_t image_size) {
  graph_.model_name = std::move(model_name);
  graph_.input = AddValue("image", {-1, 3, image_size, image_size});
}

const std::vector<int64_t>& ZooBuilder::dims(int value) const { return graph_.values[CheckValue(value)].dims; }

int ZooBuilder::CheckValue(int value) const {
  OAR_CHECK_MSG(value >= 0 && value < static_cast<int>(graph_.values.size()), "zoo builder: bad value id");
  return value;
}

std::string ZooBuilder::NextName(const std::string& kind) {
  int& n = counters_[kind];
  return kind + "_" + std::to_string(n++);
}

int ZooBuilder::AddValue(const std::string& name, std::vector<int64_t> dims) {
  graph_.values.push_back({name, std::move(dims)});
  return static_cast<int>(graph_.values.size()) - 1;
}

int ZooBuilder::AddParam(const std::string& name, std::vector<int64_t> dims, ParamDist dist, double a, double b,
                         bool trainable) {
  ZooParam p;
  p.name = name;
  p.dims = std::move(dims);
  p.dist = dist;
  p.a = a;
  p.b = b;
  p.trainable = trainable;
  graph_.params.push_back(std::move(p));
  return static_cast<int>(graph_.params.size()) - 1;
}

ZooLayer& ZooBuilder::AddLayer(LayerKind kind, const std::string& name, std::vector<int> inputs) {
  for (int v : inputs) CheckValue(v);
  ZooLayer layer;
  layer.kind = kind;
  layer.name = name;
  layer.inputs = std::move(inputs);
  graph_.layers.push_back(std::move(layer));
  return graph_.layers.back();
}

int ZooBuilder::Conv(int x, int64_t out_channels, int kernel, int stride, int pad, int groups, ConvExtra extra) {
  std::vector<int64_t> in = dims(x);
  OAR_CHECK_MSG(in.size() == 4, "zoo builder: conv input must be NCHW");
  OAR_CHECK_MSG(in[1] % groups == 0 && out_channels % groups == 0, "zoo builder: channels not divisible by groups");
  std::string name = NextName("conv2d");
  int64_t fan_in = in[1] / groups * kernel * kernel;
  double std = extra.gain * std::sqrt(2.0 / static_cast<double>(fan_in));
  int w = AddParam(name + ".w_0", {out_channels, in[1] / groups, kernel, kernel}, ParamDist::kNormal, 0.0, std);
  std::vector<int> params = {w};
  if (extra.bias) params.push_back(AddParam(name + ".b_0", {out_channels}, ParamDist::kNormal, 0.0, kBiasStd));
  int64_t oh = WindowOut(in[2], kernel, stride, pad, false);
  int64_t ow = WindowOut(in[3], kernel, stride, pad, false);
  int y = AddValue(name + (extra.bias ? ".tmp_1" : ".tmp_0"), {-1, out_channels, oh, ow});
  ZooLayer& l = AddLayer(LayerKind::kConv2d, name, {x});
  l.outputs = {y};
  l.params = std::move(params);
  l.kernel = kernel;
  l.stride = stride;
  l.pad = pad;
  l.groups = groups;
  return y;
}

int ZooBuilder::BatchNorm(int x, float epsilon, double gamma) {
  std::vector<int64_t> in = dims(x);
  int64_t c = in[1];
  std::string name = NextName("batch_norm");
  // Order = the kBatchNorm param order: scale, bias, mean, variance.
  std::vector<int> params = {
      AddParam(name + ".w_0", {c}, ParamDist::kNormal, gamma, gamma * kBnScaleSpread),
      AddParam(name + ".b_0", {c}, ParamDist::kNormal, 0.0, kBnBiasStd * gamma),
      AddParam(name + ".w_1", {c}, ParamDist::kNormal, 0.0, kBnMeanStd, false),
      AddParam(name + ".w_2", {c}, ParamDist::kUniform, kBnVarLo, kBnVarHi, false),
  };
  int y = AddValue(name + ".tmp_2", in);
  ZooLayer& l = AddLayer(LayerKind::kBatchNorm, name, {x});
  l.outputs = {y};
  l.params = std::move(params);
  l.epsilon = epsilon;
  return y;
}

int ZooBuilder::Relu(int x) {
  std::string name = NextName("relu");
  int y = AddValue(name + ".tmp_0", dims(x));
  AddLayer(LayerKind::kRelu, name, {x}).outputs = {y};
  return y;
}

int ZooBuilder::Sigmoid(int x) {
  std::string name = NextName("sigmoid");
  int y = AddValue(name + ".tmp_0", dims(x));
  AddLayer(LayerKind::kSigmoid, name, {x}).outputs = {y};
  return y;
}

int ZooBuilder::MaxPool(int x, int kernel, int stride, int pad, bool ceil_mode) {
  std::vector<int64_t> in = dims(x);
  // PyTorch's ceil mode also drops a last window that would start in the right padding; Paddle
  // and ONNX (opset 13) do not. Only shapes where the two agree are allowed.
  for (int axis = 2; axis < 4; ++axis) {
    int64_t out = WindowOut(in[axis], kernel, stride, pad, ceil_mode);
    OAR_CHECK_MSG((out - 1) * stride < in[axis] + pad, "zoo builder: ceil-mode pool window starts in the padding");
  }
  std::string name = NextName("pool2d");
  int y = AddValue(name + ".tmp_0", {-1, in[1], WindowOut(in[2], kernel, stride, pad, ceil_mode),
                                     WindowOut(in[3], kernel, stride, pad, ceil_mode)});
  ZooLayer& l = AddLayer(LayerKind::kMaxPool, name, {x});
  l.outputs = {y};
  l.kernel = kernel;
  l.stride = stride;
  l.pad = pad;
  l.ceil_mode = ceil_mode;
  return y;
}

int ZooBuilder::AdaptiveAvgPool(int x, int out_size) {
  std::vector<int64_t> in = dims(x);
  // The ONNX writer lowers a non-global adaptive pool to a plain AveragePool, which is exact
  // only when the input size is a multiple of the output size.
  OAR_CHECK_MSG(in[2] % out_size == 0 && in[3] % out_size == 0, "zoo builder: adaptive pool not evenly divisible");
  std::string name = NextName("pool2d");
  int y = AddValue(name + ".tmp_0", {-1, in[1], out_size, out_size});
  ZooLayer& l = AddLayer(LayerKind::kAvgPool, name, {x});
  l.outputs = {y};
  l.kernel = out_size;
  return y;
}

int ZooBuilder::Add(int a, int b) {
  OAR_CHECK_MSG(dims(a) == dims(b), "zoo builder: add of different shapes");
  std::string name = NextName("elementwise_add");
  int y = AddValue(name, dims(a));
  AddLayer(LayerKind::kAdd, name, {a, b}).outputs = {y};
  return y;
}

int ZooBuilder::Mul(int a, int b) {
  const std::vector<int64_t>& da = dims(a);
  const std::vector<int64_t>& db = dims(b);
  bool channel_scale = db.size() == 4 && db[1] == da[1] && db[2] == 1 && db[3] == 1;
  OAR_CHECK_MSG(da == db || channel_scale, "zoo builder: mul needs equal shapes or an [N,C,1,1] scale");
  std::string name = NextName("elementwise_mul");
  int y = AddValue(name, da);
  AddLayer(LayerKind::kMul, name, {a, b}).outputs = {y};
  return y;
}

int ZooBuilder::Flatten(int x) {
  std::vector<int64_t> in = dims(x);
  std::string name = NextName("flatten");
  int y = AddValue(name + ".tmp_0", {-1, in[1] * in[2] * in[3]});
  AddLayer(LayerKind::kFlatten, name, {x}).outputs = {y};
  return y;
}

int ZooBuilder::Linear(int x, int64_t out_features, double std_scale) {
  std::vector<int64_t> in = dims(x);
  OAR_CHECK_MSG(in.size() == 2, "zoo builder: linear input must be [N, features]");
  std::string name = NextName("linear");
  double std = std_scale / std::sqrt(static_cast<double>(in[1]));
  std::vector<int> params = {AddParam(name + ".w_0", {in[1], out_features}, ParamDist::kNormal, 0.0, std),
                             AddParam(name + ".b_0", {out_features}, ParamDist::kNormal, 0.0, kBiasStd)};
  int y = AddValue(name + ".tmp_1", {-1, out_features});
  ZooLayer& l = AddLayer(LayerKind::kLinear, name, {x});
  l.outputs = {y};
  l.params = std::move(params);
  return y;
}

int ZooBuilder::Concat(const std::vector<int>& xs) {
  OAR_CHECK_MSG(xs.size() >= 2, "zoo builder: concat needs two inputs or more");
  std::vector<int64_t> out = dims(xs[0]);
  for (size_t i = 1; i < xs.size(); ++i) {
    const std::vector<int64_t>& d = dims(xs[i]);
    OAR_CHECK_MSG(d.size() == 4 && d[2] == out[2] && d[3] == out[3], "zoo builder: concat of mismatched shapes");
    out[1] += d[1];
  }
  std::string name = NextName("concat");
  int y = AddValue(name + ".tmp_0", out);
  AddLayer(LayerKind::kConcat, name, xs).outputs = {y};
  return y;
}

std::vector<int> ZooBuilder::Split(int x, const std::vector<int64_t>& sections) {
  std::vector<int64_t> in = dims(x);
  int64_t total = 0;
  for (int64_t s : sections) total += s;
  OAR_CHECK_MSG(total == in[1] && sections.size() >= 2, "zoo builder: split sections do not sum to the channels");
  std::string name = NextName("split");
  std::vector<int> outs;
  for (size_t i = 0; i < sections.size(); ++i) {
    std::vector<int64_t> d = in;
    d[1] = sections[i];
    outs.push_back(AddValue(name + ".tmp_" + std::to_string(i), d));
  }
  ZooLayer& l = AddLayer(LayerKind::kSplit, name, {x});
  l.outputs = outs;
  l.sections = sections;
  return outs;
}

int ZooBuilder::Dropout(int x, float prob) {
  std::string name = NextName("dropout");
  int y = AddValue(name + ".tmp_0", dims(x));
  ZooLayer& l = AddLayer(LayerKind::kDropout, name, {x});
  l.outputs = {y};
  l.dropout_prob = prob;
  return y;
}

int ZooBuilder::Softmax(int x) {
  std::string name = NextName("softmax");
  int y = AddValue(name + ".tmp_0", dims(x));
  AddLayer(LayerKind::kSoftmax, name, {x}).outputs = {y};
  return y;
}

int ZooBuilder::ConvBnRelu(int x, int64_t out_channels, int kernel, int stride, int pad, int groups, float epsilon) {
  return Relu(BatchNorm(Conv(x, out_channels, kernel, stride, pad, groups), epsilon));
}

ZooGraph ZooBuilder::Finish(int output) {
  graph_.output = CheckValue(output);
  return std::move(graph_);
}

}  // namespace oar::zoo
