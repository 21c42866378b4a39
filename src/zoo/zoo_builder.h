// A small graph recorder for the model zoo: network files call ZooBuilder once per layer
// (conv, batch norm, pool, ...); the result, a ZooGraph, holds every layer, value and weight
// (as a description: name, shape and distribution) and is written by both the Paddle and the
// ONNX writer, so the two files describe one network with one set of weights.
//
// Names follow Paddle 2.x's dygraph-to-static exporter: weights `conv2d_3.w_0`,
// `batch_norm_3.w_0/.b_0/.w_1/.w_2`, `linear_0.w_0/.b_0`; temporaries `<op>_<k>.tmp_<i>`.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace oar::zoo {

/// How a weight's values are drawn (see zoo_weights.h): normal-ish with mean `a` and standard
/// deviation `b`, or uniform in [a, b).
enum class ParamDist { kNormal, kUniform };

/// One persistable tensor (weight). Values are generated on demand from (model, seed, name).
struct ZooParam {
  std::string name;
  std::vector<int64_t> dims;
  ParamDist dist = ParamDist::kNormal;
  double a = 0.0;
  double b = 0.0;
  bool trainable = true;  // false for batch-norm running statistics
  int64_t numel() const;
};

/// One activation tensor; dims[0] is the batch and is -1 (dynamic).
struct ZooValue {
  std::string name;
  std::vector<int64_t> dims;
};

enum class LayerKind {
  kConv2d,     // params: weight [O, I/groups, k, k] (+ bias [O])
  kBatchNorm,  // params: scale, bias, mean, variance (each [C])
  kRelu,
  kSigmoid,
  kMaxPool,
  kAvgPool,  // adaptive average pooling to kernel x kernel (1 = global)
  kAdd,
  kMul,      // second input may be [N, C, 1, 1] (broadcast over H, W)
  kFlatten,  // [N, C, H, W] -> [N, C*H*W]
  kLinear,   // params: weight [in, out], bias [out]
  kConcat,   // along channels
  kSplit,    // along channels, by `sections`
  kDropout,  // identity at inference (Paddle: is_test); absent from the ONNX file
  kSoftmax,  // over the last axis
};

const char* LayerKindName(LayerKind kind);

struct ZooLayer {
  LayerKind kind = LayerKind::kRelu;
  std::string name;          // unique Paddle-style name, e.g. "conv2d_3", "batch_norm_7"
  std::vector<int> inputs;   // value ids
  std::vector<int> outputs;  // value ids
  std::vector<int> params;   // param ids, in the order documented at LayerKind
  int kernel = 1;            // conv / pool; for kAvgPool: the adaptive output size
  int stride = 1;
  int pad = 0;
  int groups = 1;
  bool ceil_mode = false;  // kMaxPool
  float epsilon = 1e-5f;   // kBatchNorm
  float dropout_prob = 0.0f;
  std::vector<int64_t> sections;  // kSplit
};

/// A whole network: input "image" [-1, 3, 224, 224] -> softmax probabilities.
struct ZooGraph {
  std::string model_name;
  std::vector<ZooValue> values;
  std::vector<ZooParam> params;
  std::vector<ZooLayer> layers;  // in execution order
  int input = 0;                 // value id
  int output = -1;               // value id

  /// Number of trainable weights (batch-norm running statistics not counted).
  int64_t NumTrainableParams() const;
  /// Multiply-accumulates of convolutions and linear layers for one image.
  int64_t Macs() const;
};

/// Records layers with shape inference. Network code passes value ids around; every method
/// checks its inputs with OAR_CHECK (a wrong network definition is a programming error).
struct ConvExtra {
  bool bias = false;
  double gain = 1.0;  // weight std = gain * sqrt(2 / fan_in)
};

class ZooBuilder {
 public:
  explicit ZooBuilder(std::string model_name, int64_t image_size = 224);

  int input() const { return graph_.input; }
  const std::vector<int64_t>& dims(int value) const;
  int64_t channels(int value) const { return dims(value)[1]; }

  int Conv(int x, int64_t out_channels, int kernel, int stride = 1, int pad = 0, int groups = 1, ConvExtra extra = {});
  /// `gamma`: the mean of the scale params; pass 0.1-0.3 for the last batch norm of a residual
  /// branch so that the residual stream stays O(1) through deep networks.
  int BatchNorm(int x, float epsilon = 1e-5f, double gamma = 1.0);
  int Relu(int x);
  int Sigmoid(int x);
  int MaxPool(int x, int kernel, int stride, int pad, bool ceil_mode = false);
  /// Adaptive average pooling to out_size x out_size (1 = global average pooling).
  int AdaptiveAvgPool(int x, int out_size);
  int Add(int a, int b);
  int Mul(int a, int b);
  int Flatten(int x);
  /// weight std = std_scale / sqrt(in_features); bias small normal.
  int Linear(int x, int64_t out_features, double std_scale = 1.4142135623730951);
  int Concat(const std::vector<int>& xs);
  std::vector<int> Split(int x, const std::vector<int64_t>& sections);
  int Dropout(int x, float prob);
  int Softmax(int x);

  /// Conv (no bias) + BatchNorm + ReLU, the most common unit.
  int ConvBnRelu(int x, int64_t out_channels, int kernel, int stride = 1, int pad = 0, int groups = 1,
                 float epsilon = 1e-5f);

  /// Marks `output` as the network output and returns the graph.
  ZooGraph Finish(int output);

 private:
  std::string NextName(const std::string& kind);
  int AddValue(const std::string& name, std::vector<int64_t> dims);
  int AddParam(const std::string& name, std::vector<int64_t> dims, ParamDist dist, double a, double b,
               bool trainable = true);
  ZooLayer& AddLayer(LayerKind kind, const std::string& name, std::vector<int> inputs);
  int CheckValue(int value) const;

  ZooGraph graph_;
  std::map<std::string, int> counters_;
};

}  // namespace oar::zoo
