#include "zoo/paddle_writer.h"

#include <algorithm>
#include <initializer_list>

#include "zoo/zoo_io.h"
#include "zoo/zoo_weights.h"

namespace oar::zoo {
namespace {

namespace pf = paddle::framework::proto;

void AddTensorVar(pf::BlockDesc* block, const std::string& name, const std::vector<int64_t>& dims, bool persistable,
                  pf::VarType::Type dtype = pf::VarType::FP32) {
  pf::VarDesc* var = block->add_vars();
  var->set_name(name);
  pf::VarType* type = var->mutable_type();
  type->set_type(pf::VarType::LOD_TENSOR);
  pf::VarType::TensorDesc* tensor = type->mutable_lod_tensor()->mutable_tensor();
  tensor->set_data_type(dtype);
  for (int64_t d : dims) tensor->add_dims(d);
  // Paddle writes lod_level only for activations, and persistable=false explicitly.
  if (!persistable) type->mutable_lod_tensor()->set_lod_level(0);
  var->set_persistable(persistable);
}

// Appends one OpDesc with the bookkeeping attributes every exported op carries; slots are
// added in the order given (Paddle's files list them sorted by name).
class OpWriter {
 public:
  OpWriter(pf::BlockDesc* block, const std::string& type) : op_(block->add_ops()) {
    op_->set_type(type);
    Str("op_device", "");
    Str("op_namescope", "/");
    Int("op_role", 0);
    NewAttr("op_role_var", pf::STRINGS);  // an empty list: name and type only
  }

  OpWriter& In(const std::string& slot, std::initializer_list<std::string> args) {
    return Slot(op_->add_inputs(), slot, std::vector<std::string>(args));
  }
  OpWriter& In(const std::string& slot, const std::vector<std::string>& args) {
    return Slot(op_->add_inputs(), slot, args);
  }
  OpWriter& Out(const std::string& slot, std::initializer_list<std::string> args) {
    return Slot(op_->add_outputs(), slot, std::vector<std::string>(args));
  }
  OpWriter& Out(const std::string& slot, const std::vector<std::string>& args) {
    return Slot(op_->add_outputs(), slot, args);
  }
  OpWriter& Int(const std::string& name, int v) {
    NewAttr(name, pf::INT)->set_i(v);
    return *this;
  }
  OpWriter& Float(const std::string& name, float v) {
    NewAttr(name, pf::FLOAT)->set_f(v);
    return *this;
  }
  OpWriter& Str(const std::string& name, const std::string& v) {
    NewAttr(name, pf::STRING)->set_s(v);
    return *this;
  }
  OpWriter& Bool(const std::string& name, bool v) {
    NewAttr(name, pf::BOOLEAN)->set_b(v);
    return *this;
  }
  OpWriter& Ints(const std::string& name, std::initializer_list<int> v) { return Ints(name, std::vector<int>(v)); }
  OpWriter& Ints(const std::string& name, const std::vector<int>& v) {
    pf::OpDesc::Attr* a = NewAttr(name, pf::INTS);
    for (int x : v) a->add_ints(x);
    return *this;
  }

 private:
  OpWriter& Slot(pf::OpDesc::Var* var, const std::string& slot, const std::vector<std::string>& args) {
    var->set_parameter(slot);
    for (const std::string& a : args) var->add_arguments(a);
    return *this;
  }
  pf::OpDesc::Attr* NewAttr(const std::string& name, pf::AttrType type) {
    pf::OpDesc::Attr* a = op_->add_attrs();
    a->set_name(name);
    a->set_type(type);
    return a;
  }

  pf::OpDesc* op_;
};

class ProgramWriter {
 public:
  explicit ProgramWriter(const ZooGraph& graph) : g_(graph) {
    block_ = program_.add_blocks();
    block_->set_idx(0);
    block_->set_parent_idx(-1);
  }

  pf::ProgramDesc Build() {
    pf::BlockDesc* b = block_;
    pf::VarDesc* feed = b->add_vars();
    feed->set_name("feed");
    feed->mutable_type()->set_type(pf::VarType::FEED_MINIBATCH);
    feed->set_persistable(true);
    pf::VarDesc* fetch = b->add_vars();
    fetch->set_name("fetch");
    fetch->mutable_type()->set_type(pf::VarType::FETCH_LIST);
    fetch->set_persistable(true);
    AddValueVar(g_.input);
    OpWriter(b, "feed").In("X", {"feed"}).Out("Out", {Name(g_.input)}).Int("col", 0);
    for (const ZooLayer& l : g_.layers) WriteLayer(l);
    OpWriter(b, "fetch").In("X", {Name(g_.output)}).Out("Out", {"fetch"}).Int("col", 0);

    program_.mutable_version()->set_version(kPaddleProgramVersion);
    // The op versions Paddle 2.4 records for the ops used here (informational for loaders).
    for (const char* op : {"conv2d", "depthwise_conv2d", "elementwise_add", "elementwise_mul"}) {
      auto* pair = program_.mutable_op_version_map()->add_pair();
      pair->set_op_name(op);
      pair->mutable_op_version()->set_version(1);
    }
    return std::move(program_);
  }

 private:
  const std::string& Name(int value) const { return g_.values[value].name; }
  const std::string& Param(const ZooLayer& l, int i) const { return g_.params[l.params[i]].name; }
  void AddValueVar(int value) { AddTensorVar(block_, Name(value), g_.values[value].dims, false); }
  void AddParamVars(const ZooLayer& l) {
    for (int p : l.params) AddTensorVar(block_, g_.params[p].name, g_.params[p].dims, true);
  }

  void WriteLayer(const ZooLayer& l) {
    AddParamVars(l);
    for (int v : l.outputs) AddValueVar(v);
    const std::string& x = Name(l.inputs[0]);
    const std::string& y = Name(l.outputs[0]);
    const std::vector<int64_t>& x_dims = g_.values[l.inputs[0]].dims;
    const std::vector<int64_t>& y_dims = g_.values[l.outputs[0]].dims;
    switch (l.kind) {
      case LayerKind::kConv2d:
        WriteConv(l, x, y, x_dims, y_dims);
        break;
      case LayerKind::kBatchNorm: {
        std::string saved_mean = l.name + ".tmp_0", saved_var = l.name + ".tmp_1";
        AddTensorVar(block_, saved_mean, {x_dims[1]}, false);
        AddTensorVar(block_, saved_var, {x_dims[1]}, false);
        OpWriter(block_, "batch_norm")
            .In("Bias", {Param(l, 1)})
            .In("Mean", {Param(l, 2)})
            .In("MomentumTensor", {})
            .In("Scale", {Param(l, 0)})
            .In("Variance", {Param(l, 3)})
            .In("X", {x})
            .Out("MeanOut", {Param(l, 2)})
            .Out("SavedMean", {saved_mean})
            .Out("SavedVariance", {saved_var})
            .Out("VarianceOut", {Param(l, 3)})
            .Out("Y", {y})
            .Str("data_layout", "NCHW")
            .Float("epsilon", l.epsilon)
            .Bool("is_test", true)
            .Float("momentum", 0.9f)
            .Bool("trainable_statistics", false)
            .Bool("use_global_stats", false);
        break;
      }
      case LayerKind::kRelu:
        OpWriter(block_, "relu").In("X", {x}).Out("Out", {y});
        break;
      case LayerKind::kSigmoid:
        OpWriter(block_, "sigmoid").In("X", {x}).Out("Out", {y});
        break;
      case LayerKind::kMaxPool:
      case LayerKind::kAvgPool: {
        bool max = l.kind == LayerKind::kMaxPool;
        OpWriter(block_, "pool2d")
            .In("X", {x})
            .Out("Out", {y})
            .Bool("adaptive", !max)
            .Bool("ceil_mode", l.ceil_mode)
            .Str("data_format", "NCHW")
            .Bool("exclusive", true)
            .Bool("global_pooling", false)
            .Ints("ksize", {l.kernel, l.kernel})
            .Str("padding_algorithm", "EXPLICIT")
            .Ints("paddings", {l.pad, l.pad})
            .Str("pooling_type", max ? "max" : "avg")
            .Ints("strides", {l.stride, l.stride})
            .Bool("use_cudnn", true);
        break;
      }
      case LayerKind::kAdd:
      case LayerKind::kMul:
        OpWriter(block_, l.kind == LayerKind::kAdd ? "elementwise_add" : "elementwise_mul")
            .In("X", {x})
            .In("Y", {Name(l.inputs[1])})
            .Out("Out", {y})
            .Int("axis", -1);
        break;
      case LayerKind::kFlatten: {
        std::vector<int64_t> xshape = {0};
        xshape.insert(xshape.end(), x_dims.begin(), x_dims.end());
        AddTensorVar(block_, l.name + ".tmp_1", xshape, false);
        OpWriter(block_, "flatten_contiguous_range")
            .In("X", {x})
            .Out("Out", {y})
            .Out("XShape", {l.name + ".tmp_1"})
            .Int("start_axis", 1)
            .Int("stop_axis", static_cast<int>(x_dims.size()) - 1);
        break;
      }
      case LayerKind::kLinear: {
        // paddle.nn.Linear: matmul_v2 with the [in, out] weight, then the bias added on axis 1.
        std::string mm = l.name + ".tmp_0";
        AddTensorVar(block_, mm, y_dims, false);
        OpWriter(block_, "matmul_v2")
            .In("X", {x})
            .In("Y", {Param(l, 0)})
            .Out("Out", {mm})
            .Bool("trans_x", false)
            .Bool("trans_y", false);
        OpWriter(block_, "elementwise_add")
            .In("X", {mm})
            .In("Y", {Param(l, 1)})
            .Out("Out", {y})
            .Int("axis", static_cast<int>(x_dims.size()) - 1);
        break;
      }
      case LayerKind::kConcat: {
        std::vector<std::string> xs;
        for (int v : l.inputs) xs.push_back(Name(v));
        OpWriter(block_, "concat").In("AxisTensor", {}).In("X", xs).Out("Out", {y}).Int("axis", 1);
        break;
      }
      case LayerKind::kSplit: {
        std::vector<std::string> ys;
        std::vector<int> sections;
        for (int v : l.outputs) ys.push_back(Name(v));
        for (int64_t s : l.sections) sections.push_back(static_cast<int>(s));
        OpWriter(block_, "split")
            .In("AxisTensor", {})
            .In("SectionsTensorList", {})
            .In("X", {x})
            .Out("Out", ys)
            .Int("axis", 1)
            .Int("num", 0)
            .Ints("sections", sections);
        break;
      }
      case LayerKind::kDropout: {
        std::string mask = l.name + ".tmp_1";
        AddTensorVar(block_, mask, y_dims, false, pf::VarType::UINT8);
        OpWriter(block_, "dropout")
            .In("Seed", {})
            .In("X", {x})
            .Out("Mask", {mask})
            .Out("Out", {y})
            .Str("dropout_implementation", "upscale_in_train")
            .Float("dropout_prob", l.dropout_prob)
            .Bool("fix_seed", false)
            .Bool("is_test", true)
            .Int("seed", 0);
        break;
      }
      case LayerKind::kSoftmax:
        OpWriter(block_, "softmax")
            .In("X", {x})
            .Out("Out", {y})
            .Int("axis", -1)
            .Str("data_format", "AnyLayout")
            .Bool("use_cudnn", false);
        break;
    }
  }

  void WriteConv(const ZooLayer& l, const std::string& x, const std::string& y, const std::vector<int64_t>& x_dims,
                 const std::vector<int64_t>& y_dims) {
    // paddle.nn.Conv2D picks depthwise_conv2d when groups == in_channels (!= 1) and the output
    // channels are a multiple of the input channels.
    bool depthwise = l.groups == x_dims[1] && l.groups != 1 && y_dims[1] % x_dims[1] == 0;
    bool bias = l.params.size() > 1;
    std::string conv_out = bias ? l.name + ".tmp_0" : y;
    if (bias) AddTensorVar(block_, conv_out, y_dims, false);
    OpWriter op(block_, depthwise ? "depthwise_conv2d" : "conv2d");
    op.In("Bias", {})
        .In("Filter", {Param(l, 0)})
        .In("Input", {x})
        .In("ResidualData", {})
        .Out("Output", {conv_out})
        .Str("data_format", "NCHW")
        .Ints("dilations", {1, 1})
        .Int("groups", l.groups)
        .Str("padding_algorithm", "EXPLICIT")
        .Ints("paddings", {l.pad, l.pad})
        .Ints("strides", {l.stride, l.stride});
    if (depthwise) op.Bool("use_cudnn", false);
    if (bias) {
      OpWriter(block_, "elementwise_add").In("X", {conv_out}).In("Y", {Param(l, 1)}).Out("Out", {y}).Int("axis", 1);
    }
  }

  const ZooGraph& g_;
  pf::ProgramDesc program_;
  pf::BlockDesc* block_;
};

}  // namespace

pf::ProgramDesc BuildPaddleProgram(const ZooGraph& graph) { return ProgramWriter(graph).Build(); }

std::vector<int> CombinedParamOrder(const ZooGraph& graph) {
  std::vector<int> order(graph.params.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return graph.params[a].name < graph.params[b].name; });
  return order;
}

void AppendTensorRecord(const std::vector<int64_t>& dims, const std::vector<float>& values, std::string* out) {
  pf::VarType::TensorDesc desc;
  desc.set_data_type(pf::VarType::FP32);
  for (int64_t d : dims) desc.add_dims(d);
  std::string desc_bytes = desc.SerializeAsString();
  AppendUIntLE(0, 4, out);  // LoDTensor version
  AppendUIntLE(0, 8, out);  // number of LoD levels
  AppendUIntLE(0, 4, out);  // tensor version
  AppendUIntLE(desc_bytes.size(), 4, out);
  out->append(desc_bytes);
  AppendFloatsLE(values, out);
}

Status WritePaddleModel(const ZooGraph& graph, uint64_t seed, const std::string& dir) {
  pf::ProgramDesc program = BuildPaddleProgram(graph);
  OAR_RETURN_IF_ERROR(WriteFileAtomically(dir + "/__model__", [&](std::ofstream& f) {
    if (!program.SerializeToOstream(&f)) return Internal("zoo: serializing the ProgramDesc failed");
    return Status::OK();
  }));
  return WriteFileAtomically(dir + "/__params__", [&](std::ofstream& f) {
    std::string record;
    for (int p : CombinedParamOrder(graph)) {
      const ZooParam& param = graph.params[p];
      record.clear();
      AppendTensorRecord(param.dims, GenerateParam(graph.model_name, seed, param), &record);
      f.write(record.data(), static_cast<std::streamsize>(record.size()));
      if (!f) return Internal("zoo: writing param '" + param.name + "' failed (disk full?)");
    }
    return Status::OK();
  });
}

}  // namespace oar::zoo
