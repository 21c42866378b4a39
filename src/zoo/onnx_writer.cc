#include "zoo/onnx_writer.h"

#include <vector>

#include "zoo/zoo_io.h"
#include "zoo/zoo_weights.h"

namespace oar::zoo {
namespace {

using oar_onnx::AttributeProto;
using oar_onnx::NodeProto;
using oar_onnx::TensorProto;

void SetInts(NodeProto* node, const std::string& name, const std::vector<int64_t>& v) {
  AttributeProto* a = node->add_attribute();
  a->set_name(name);
  a->set_type(AttributeProto::INTS);
  for (int64_t x : v) a->add_ints(x);
}

void SetInt(NodeProto* node, const std::string& name, int64_t v) {
  AttributeProto* a = node->add_attribute();
  a->set_name(name);
  a->set_type(AttributeProto::INT);
  a->set_i(v);
}

void SetFloat(NodeProto* node, const std::string& name, float v) {
  AttributeProto* a = node->add_attribute();
  a->set_name(name);
  a->set_type(AttributeProto::FLOAT);
  a->set_f(v);
}

void SetValueInfo(oar_onnx::ValueInfoProto* info, const std::string& name, const std::vector<int64_t>& dims) {
  info->set_name(name);
  auto* tensor_type = info->mutable_type()->mutable_tensor_type();
  tensor_type->set_elem_type(TensorProto::FLOAT);
  for (int64_t d : dims) {
    auto* dim = tensor_type->mutable_shape()->add_dim();
    if (d < 0) {
      dim->set_dim_param("N");
    } else {
      dim->set_dim_value(d);
    }
  }
}

class OnnxGraphWriter {
 public:
  OnnxGraphWriter(const ZooGraph& graph, oar_onnx::GraphProto* out)
      : g_(graph), out_(out), names_(graph.values.size()) {
    for (size_t i = 0; i < names_.size(); ++i) names_[i] = g_.values[i].name;
  }

  void Build() {
    out_->set_name(g_.model_name);
    for (const ZooLayer& l : g_.layers) WriteLayer(l);
    SetValueInfo(out_->add_input(), names_[g_.input], g_.values[g_.input].dims);
    SetValueInfo(out_->add_output(), names_[g_.output], g_.values[g_.output].dims);
  }

 private:
  NodeProto* Node(const ZooLayer& l, const std::string& op_type, std::vector<std::string> inputs) {
    NodeProto* node = out_->add_node();
    node->set_name(l.name);
    node->set_op_type(op_type);
    for (const std::string& i : inputs) node->add_input(i);
    for (int v : l.outputs) node->add_output(names_[v]);
    return node;
  }
  const std::string& Param(const ZooLayer& l, int i) const { return g_.params[l.params[i]].name; }

  void WriteLayer(const ZooLayer& l) {
    const std::string& x = names_[l.inputs[0]];
    switch (l.kind) {
      case LayerKind::kConv2d: {
        std::vector<std::string> inputs = {x, Param(l, 0)};
        if (l.params.size() > 1) inputs.push_back(Param(l, 1));
        NodeProto* n = Node(l, "Conv", inputs);
        SetInts(n, "dilations", {1, 1});
        SetInt(n, "group", l.groups);
        SetInts(n, "kernel_shape", {l.kernel, l.kernel});
        SetInts(n, "pads", {l.pad, l.pad, l.pad, l.pad});
        SetInts(n, "strides", {l.stride, l.stride});
        break;
      }
      case LayerKind::kBatchNorm: {
        NodeProto* n = Node(l, "BatchNormalization", {x, Param(l, 0), Param(l, 1), Param(l, 2), Param(l, 3)});
        SetFloat(n, "epsilon", l.epsilon);
        SetFloat(n, "momentum", 0.9f);
        break;
      }
      case LayerKind::kRelu:
        Node(l, "Relu", {x});
        break;
      case LayerKind::kSigmoid:
        Node(l, "Sigmoid", {x});
        break;
      case LayerKind::kMaxPool: {
        NodeProto* n = Node(l, "MaxPool", {x});
        SetInt(n, "ceil_mode", l.ceil_mode ? 1 : 0);
        SetInts(n, "kernel_shape", {l.kernel, l.kernel});
        SetInts(n, "pads", {l.pad, l.pad, l.pad, l.pad});
        SetInts(n, "strides", {l.stride, l.stride});
        break;
      }
      case LayerKind::kAvgPool: {
        if (l.kernel == 1) {
          Node(l, "GlobalAveragePool", {x});
          break;
        }
        // Adaptive pooling with an evenly dividing output (checked by the builder) is a plain
        // average pool with window = stride = input / output, which is how PyTorch exports it.
        const std::vector<int64_t>& in = g_.values[l.inputs[0]].dims;
        NodeProto* n = Node(l, "AveragePool", {x});
        SetInts(n, "kernel_shape", {in[2] / l.kernel, in[3] / l.kernel});
        SetInts(n, "strides", {in[2] / l.kernel, in[3] / l.kernel});
        break;
      }
      case LayerKind::kAdd:
        Node(l, "Add", {x, names_[l.inputs[1]]});
        break;
      case LayerKind::kMul:
        Node(l, "Mul", {x, names_[l.inputs[1]]});
        break;
      case LayerKind::kFlatten:
        SetInt(Node(l, "Flatten", {x}), "axis", 1);
        break;
      case LayerKind::kLinear: {
        // Gemm with B = the Paddle weight as stored ([in, out], transB = 0): identical bytes.
        NodeProto* n = Node(l, "Gemm", {x, Param(l, 0), Param(l, 1)});
        SetFloat(n, "alpha", 1.0f);
        SetFloat(n, "beta", 1.0f);
        SetInt(n, "transA", 0);
        SetInt(n, "transB", 0);
        break;
      }
      case LayerKind::kConcat: {
        std::vector<std::string> xs;
        for (int v : l.inputs) xs.push_back(names_[v]);
        SetInt(Node(l, "Concat", xs), "axis", 1);
        break;
      }
      case LayerKind::kSplit: {
        // Opset 13 takes the split sizes as a second (int64) input.
        std::string sizes = l.name + ".sections";
        TensorProto* t = out_->add_initializer();
        t->set_name(sizes);
        t->set_data_type(TensorProto::INT64);
        t->add_dims(static_cast<int64_t>(l.sections.size()));
        for (int64_t s : l.sections) AppendUIntLE(static_cast<uint64_t>(s), 8, t->mutable_raw_data());
        SetInt(Node(l, "Split", {x, sizes}), "axis", 1);
        break;
      }
      case LayerKind::kDropout:
        names_[l.outputs[0]] = x;  // identity at inference: consumers read the input
        break;
      case LayerKind::kSoftmax:
        SetInt(Node(l, "Softmax", {x}), "axis", -1);
        break;
    }
  }

  const ZooGraph& g_;
  oar_onnx::GraphProto* out_;
  std::vector<std::string> names_;  // ONNX name of each value (a dropout output aliases its input)
};

}  // namespace

oar_onnx::ModelProto BuildOnnxModel(const ZooGraph& graph, uint64_t seed) {
  oar_onnx::ModelProto model;
  model.set_ir_version(kOnnxIrVersion);
  auto* opset = model.add_opset_import();
  opset->set_domain("");
  opset->set_version(kOnnxOpset);
  model.set_producer_name("oar-zoo");
  model.set_producer_version("1");
  model.set_doc_string(graph.model_name + " with seeded random weights (oar model zoo)");
  oar_onnx::GraphProto* g = model.mutable_graph();
  for (const ZooParam& p : graph.params) {
    TensorProto* t = g->add_initializer();
    t->set_name(p.name);
    t->set_data_type(TensorProto::FLOAT);
    for (int64_t d : p.dims) t->add_dims(d);
    AppendFloatsLE(GenerateParam(graph.model_name, seed, p), t->mutable_raw_data());
  }
  OnnxGraphWriter(graph, g).Build();
  return model;
}

Status WriteOnnxModel(const ZooGraph& graph, uint64_t seed, const std::string& dir) {
  oar_onnx::ModelProto model = BuildOnnxModel(graph, seed);
  if (model.ByteSizeLong() > (size_t{1} << 31) - 1) {
    return Unsupported("zoo: ONNX model '" + graph.model_name + "' exceeds protobuf's 2 GiB limit");
  }
  return WriteFileAtomically(dir + "/model.onnx", [&](std::ofstream& f) {
    if (!model.SerializeToOstream(&f)) return Internal("zoo: serializing the ONNX model failed");
    return Status::OK();
  });
}

}  // namespace oar::zoo
