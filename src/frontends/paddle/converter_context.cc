#include "frontends/paddle/converter_context.h"

#include <cctype>
#include <sstream>

namespace oar::frontends::paddle {

namespace {

std::string AttrTypeName(int type) {
  if (proto::AttrType_IsValid(type)) return proto::AttrType_Name(static_cast<proto::AttrType>(type));
  return "unknown";
}

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }
bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A fuse_*/fused_* attribute says a fusion is switched on when it is true, a non-empty string or a
// non-empty list; numbers are parameters of that fusion.
bool FusionSwitchedOn(const proto::OpDesc::Attr& a) {
  if (a.has_b() && a.b()) return true;
  if (a.has_s() && !a.s().empty()) return true;
  return a.ints_size() > 0 || a.longs_size() > 0 || a.strings_size() > 0;
}

}  // namespace

bool IsBookkeepingAttr(const proto::OpDesc::Attr& a) {
  // clang-format off
  static const std::unordered_set<std::string> kNames = {
      "op_callstack", "op_namescope", "op_device", "op_role", "op_role_var", "with_quant_attr", "use_mkldnn",
      "use_onednn", "use_cudnn", "is_test", "mkldnn_data_type", "onednn_data_type", "use_quantizer", "name",
      "workspace_size_MB", "exhaustive_search", "force_fp32_output", "force_cpu", "place_type", "struct_name",
      "skip_eager_deletion_vars", "quantization_type", "activation_bits", "scale_x", "scale_y", "scale_out",
      "x_data_format", "y_data_format", "op_version"};
  // clang-format on
  const std::string& n = a.name();
  if (kNames.count(n)) return true;
  if (n == "data_format" || n == "data_layout")
    return !a.has_s() || a.s() == "NCHW" || a.s() == "AnyLayout" || a.s().empty();
  if (StartsWith(n, "fuse_") || StartsWith(n, "fused_")) return !FusionSwitchedOn(a);
  if (StartsWith(n, "Scale_")) return true;  // int8 oneDNN scales
  // Post-training-quantization results: out_threshold, Out0_threshold, X0_threshold, ...
  if (n == "out_threshold") return true;
  const std::string kThreshold = "_threshold";
  if (EndsWith(n, kThreshold) && n.size() > kThreshold.size() &&
      std::isdigit(static_cast<unsigned char>(n[n.size() - kThreshold.size() - 1]))) {
    return true;
  }
  return false;
}

ConverterContext::ConverterContext(ConversionState& state, const proto::OpDesc& op, int op_index)
    : state_(state), op_(op), op_index_(op_index) {
  for (const char* slot : {"Out", "Output", "Y"}) {
    const proto::OpDesc::Var* v = FindSlot(op_.outputs(), slot);
    if (v && v->arguments_size() > 0) {
      primary_var_ = v->arguments(0);
      return;
    }
  }
  for (const auto& v : op_.outputs()) {
    if (v.arguments_size() > 0) {
      primary_var_ = v.arguments(0);
      return;
    }
  }
  primary_var_ = op_.type() + "_" + std::to_string(op_index_);
}

std::string ConverterContext::Where() const {
  return "paddle frontend: op #" + std::to_string(op_index_) + " '" + op_.type() + "' (output '" + primary_var_ +
         "'): ";
}

Status ConverterContext::Error(const std::string& what) const { return InvalidGraph(Where() + what); }
Status ConverterContext::UnsupportedError(const std::string& what) const { return Unsupported(Where() + what); }
Status ConverterContext::UnsupportedAttr(const std::string& name, const std::string& value,
                                         const std::string& supported) const {
  return Unsupported(Where() + "attribute '" + name + "' = " + value + " is not supported (" + supported + ")");
}

// ---------------------------------------------------------------- attributes

const proto::OpDesc::Attr* ConverterContext::FindAttr(const std::string& name) const {
  for (const auto& a : op_.attrs()) {
    if (a.name() == name) {
      read_attrs_.insert(name);
      return &a;
    }
  }
  read_attrs_.insert(name);
  return nullptr;
}

bool ConverterContext::HasAttr(const std::string& name) const {
  for (const auto& a : op_.attrs()) {
    if (a.name() == name) return true;
  }
  return false;
}

Status ConverterContext::AttrTypeError(const proto::OpDesc::Attr& a, const std::string& expected) const {
  return Error("attribute '" + a.name() + "': expected " + expected + ", got " + AttrTypeName(a.type()) + " (type " +
               std::to_string(a.type()) + ")");
}

StatusOr<int64_t> ConverterContext::Int(const std::string& name) const {
  const proto::OpDesc::Attr* a = FindAttr(name);
  if (!a) return Error("required attribute '" + name + "' is missing");
  if (a->has_i()) return static_cast<int64_t>(a->i());
  if (a->has_l()) return a->l();
  if (a->has_scalar()) {
    if (a->scalar().has_i()) return a->scalar().i();
    if (a->scalar().has_b()) return static_cast<int64_t>(a->scalar().b());
  }
  if (a->type() == proto::INT || a->type() == proto::LONG) return Error("attribute '" + name + "' has no value");
  return AttrTypeError(*a, "an integer (INT or LONG)");
}

StatusOr<int64_t> ConverterContext::Int(const std::string& name, int64_t default_value) const {
  if (!HasAttr(name)) {
    read_attrs_.insert(name);
    return default_value;
  }
  return Int(name);
}

StatusOr<float> ConverterContext::Float(const std::string& name) const {
  const proto::OpDesc::Attr* a = FindAttr(name);
  if (!a) return Error("required attribute '" + name + "' is missing");
  if (a->has_f()) return a->f();
  if (a->has_float64()) return static_cast<float>(a->float64());
  if (a->has_scalar()) {
    if (a->scalar().has_r()) return static_cast<float>(a->scalar().r());
    if (a->scalar().has_i()) return static_cast<float>(a->scalar().i());
  }
  if (a->has_i()) return static_cast<float>(a->i());
  if (a->has_l()) return static_cast<float>(a->l());
  if (a->type() == proto::FLOAT || a->type() == proto::FLOAT64) return Error("attribute '" + name + "' has no value");
  return AttrTypeError(*a, "a number (FLOAT, FLOAT64 or SCALAR)");
}

StatusOr<float> ConverterContext::Float(const std::string& name, float default_value) const {
  if (!HasAttr(name)) {
    read_attrs_.insert(name);
    return default_value;
  }
  return Float(name);
}

StatusOr<bool> ConverterContext::Bool(const std::string& name) const {
  const proto::OpDesc::Attr* a = FindAttr(name);
  if (!a) return Error("required attribute '" + name + "' is missing");
  if (a->has_b()) return a->b();
  if (a->has_scalar() && a->scalar().has_b()) return a->scalar().b();
  if (a->has_i() || a->has_l()) {
    int64_t v = a->has_i() ? a->i() : a->l();
    if (v == 0 || v == 1) return v == 1;
    return Error("attribute '" + name + "': expected a boolean (0 or 1), got " + std::to_string(v));
  }
  if (a->type() == proto::BOOLEAN) return Error("attribute '" + name + "' has no value");
  return AttrTypeError(*a, "a boolean");
}

StatusOr<bool> ConverterContext::Bool(const std::string& name, bool default_value) const {
  if (!HasAttr(name)) {
    read_attrs_.insert(name);
    return default_value;
  }
  return Bool(name);
}

StatusOr<std::vector<int64_t>> ConverterContext::Ints(const std::string& name) const {
  const proto::OpDesc::Attr* a = FindAttr(name);
  if (!a) return Error("required attribute '" + name + "' is missing");
  if (a->ints_size() > 0) return std::vector<int64_t>(a->ints().begin(), a->ints().end());
  if (a->longs_size() > 0) return std::vector<int64_t>(a->longs().begin(), a->longs().end());
  if (a->type() == proto::INTS || a->type() == proto::LONGS) return std::vector<int64_t>();
  return AttrTypeError(*a, "an integer list (INTS or LONGS)");
}

StatusOr<std::vector<int64_t>> ConverterContext::Ints(const std::string& name,
                                                      std::vector<int64_t> default_value) const {
  if (!HasAttr(name)) {
    read_attrs_.insert(name);
    return default_value;
  }
  return Ints(name);
}

StatusOr<std::vector<float>> ConverterContext::Floats(const std::string& name) const {
  const proto::OpDesc::Attr* a = FindAttr(name);
  if (!a) return Error("required attribute '" + name + "' is missing");
  if (a->floats_size() > 0) return std::vector<float>(a->floats().begin(), a->floats().end());
  std::vector<float> out;
  if (a->float64s_size() > 0) {
    for (double d : a->float64s()) out.push_back(static_cast<float>(d));
    return out;
  }
  if (a->scalars_size() > 0) {
    for (const auto& s : a->scalars()) {
      if (!s.has_r() && !s.has_i()) return AttrTypeError(*a, "a list of real scalars");
      out.push_back(s.has_r() ? static_cast<float>(s.r()) : static_cast<float>(s.i()));
    }
    return out;
  }
  if (a->type() == proto::FLOATS || a->type() == proto::FLOAT64S || a->type() == proto::SCALARS) return out;
  return AttrTypeError(*a, "a float list (FLOATS or FLOAT64S)");
}

StatusOr<std::vector<float>> ConverterContext::Floats(const std::string& name, std::vector<float> default_value) const {
  if (!HasAttr(name)) {
    read_attrs_.insert(name);
    return default_value;
  }
  return Floats(name);
}

StatusOr<std::string> ConverterContext::String(const std::string& name) const {
  const proto::OpDesc::Attr* a = FindAttr(name);
  if (!a) return Error("required attribute '" + name + "' is missing");
  if (a->has_s()) return a->s();
  if (a->type() == proto::STRING) return std::string();
  return AttrTypeError(*a, "a STRING");
}

StatusOr<std::string> ConverterContext::String(const std::string& name, const std::string& default_value) const {
  if (!HasAttr(name)) {
    read_attrs_.insert(name);
    return default_value;
  }
  return String(name);
}

StatusOr<std::vector<std::string>> ConverterContext::Strings(const std::string& name) const {
  const proto::OpDesc::Attr* a = FindAttr(name);
  if (!a) return Error("required attribute '" + name + "' is missing");
  if (a->strings_size() > 0 || a->type() == proto::STRINGS) {
    return std::vector<std::string>(a->strings().begin(), a->strings().end());
  }
  return AttrTypeError(*a, "a STRINGS list");
}

void ConverterContext::IgnoreAttrs(std::initializer_list<const char*> names) {
  for (const char* n : names) read_attrs_.insert(n);
}

std::vector<std::string> ConverterContext::UnreadAttrs() const {
  std::vector<std::string> out;
  for (const auto& a : op_.attrs()) {
    if (!read_attrs_.count(a.name())) out.push_back(a.name());
  }
  return out;
}

// ---------------------------------------------------------------- inputs

const proto::OpDesc::Var* ConverterContext::FindSlot(
    const google::protobuf::RepeatedPtrField<proto::OpDesc::Var>& slots, const std::string& slot) const {
  for (const auto& v : slots) {
    if (v.parameter() == slot) return &v;
  }
  return nullptr;
}

int ConverterContext::NumInputs(const std::string& slot) const {
  const proto::OpDesc::Var* v = FindSlot(op_.inputs(), slot);
  return v ? v->arguments_size() : 0;
}

StatusOr<ir::ValueId> ConverterContext::Input(const std::string& slot, int index) const {
  const proto::OpDesc::Var* v = FindSlot(op_.inputs(), slot);
  if (!v || index >= v->arguments_size()) {
    return Error("input slot '" + slot + "' needs a variable #" + std::to_string(index) + ", got " +
                 std::to_string(v ? v->arguments_size() : 0));
  }
  const std::string& var = v->arguments(index);
  auto it = state_.bindings.find(var);
  if (it == state_.bindings.end()) {
    return Error("input slot '" + slot + "' reads variable '" + var +
                 "', which is not a feed target, not a weight, and not written by any earlier op");
  }
  return it->second;
}

StatusOr<ir::ValueId> ConverterContext::OptionalInput(const std::string& slot) const {
  int n = NumInputs(slot);
  if (n == 0) return ir::kNoValue;
  if (n > 1) return Error("input slot '" + slot + "': expected at most one variable, got " + std::to_string(n));
  return Input(slot, 0);
}

StatusOr<std::vector<ir::ValueId>> ConverterContext::InputList(const std::string& slot) const {
  std::vector<ir::ValueId> out;
  for (int i = 0; i < NumInputs(slot); ++i) {
    OAR_ASSIGN_OR_RETURN(ir::ValueId v, Input(slot, i));
    out.push_back(v);
  }
  return out;
}

const Tensor* ConverterContext::ConstantOf(ir::ValueId id) const {
  if (id == ir::kNoValue) return nullptr;
  return state_.graph.value(id).constant.get();
}

StatusOr<int> ConverterContext::Rank(ir::ValueId id) const {
  const ir::Value& v = state_.graph.value(id);
  if (v.dtype == DType::kUndefined) {
    return Error("the rank of '" + v.name + "' is not known at conversion time (no VarDesc describes it)");
  }
  return v.shape.rank();
}

bool ConverterContext::OutputVarDims(const std::string& slot, std::vector<int64_t>* dims, int index) const {
  const proto::OpDesc::Var* v = FindSlot(op_.outputs(), slot);
  if (!v || index >= v->arguments_size()) return false;
  auto it = state_.var_descs.find(v->arguments(index));
  DType dtype;
  return it != state_.var_descs.end() && DenseTensorInfo(*it->second, &dtype, dims);
}

// ---------------------------------------------------------------- outputs

int ConverterContext::NumOutputs(const std::string& slot) const {
  const proto::OpDesc::Var* v = FindSlot(op_.outputs(), slot);
  return v ? v->arguments_size() : 0;
}

StatusOr<std::string> ConverterContext::OutputVar(const std::string& slot, int index) const {
  const proto::OpDesc::Var* v = FindSlot(op_.outputs(), slot);
  if (!v || index >= v->arguments_size()) {
    return Error("output slot '" + slot + "' needs a variable #" + std::to_string(index) + ", got " +
                 std::to_string(v ? v->arguments_size() : 0));
  }
  return v->arguments(index);
}

std::string ConverterContext::NewValueName(const std::string& base) const {
  std::string name = base;
  for (int n = 1; state_.graph.FindValue(name) != ir::kNoValue || state_.reserved_names.count(name); ++n) {
    name = base + "_" + std::to_string(n);
  }
  return name;
}

StatusOr<ir::ValueId> ConverterContext::Output(const std::string& slot, int index) {
  OAR_ASSIGN_OR_RETURN(std::string var, OutputVar(slot, index));
  auto done = outputs_.find(var);
  if (done != outputs_.end()) return done->second;
  std::string name;
  auto last = state_.last_writer.find(var);
  if (state_.graph.FindValue(var) == ir::kNoValue && last != state_.last_writer.end() && last->second == op_index_) {
    name = var;
  } else {
    name = NewValueName(var);
  }
  DType dtype = DType::kUndefined;
  std::vector<int64_t> dims;
  auto desc = state_.var_descs.find(var);
  if (desc != state_.var_descs.end()) DenseTensorInfo(*desc->second, &dtype, &dims);
  for (int64_t& d : dims) d = d < 0 ? kUnknownDim : d;  // a preset only; inference replaces it
  ir::ValueId id = state_.graph.AddValue(name, dtype, Shape(dims));
  outputs_[var] = id;
  return id;
}

StatusOr<ir::ValueId> ConverterContext::OutputOrTemp(const std::string& slot, const std::string& suffix) {
  if (HasOutput(slot)) return Output(slot);
  return state_.graph.AddValue(NewValueName(primary_var_ + "." + suffix), DType::kUndefined, Shape());
}

// ---------------------------------------------------------------- building

ir::NodeId ConverterContext::AddNode(ir::OpKind kind, std::vector<ir::ValueId> inputs, std::vector<ir::ValueId> outputs,
                                     ir::Attrs attrs) {
  std::string name = outputs.empty() ? primary_var_ : state_.graph.value(outputs[0]).name;
  return state_.graph.AddNode(name, kind, std::move(inputs), std::move(outputs), std::move(attrs));
}

ir::ValueId ConverterContext::AddTemp(ir::OpKind kind, std::vector<ir::ValueId> inputs, ir::Attrs attrs,
                                      const std::string& suffix, DType dtype, Shape shape) {
  ir::ValueId out = state_.graph.AddValue(NewValueName(primary_var_ + "." + suffix), dtype, std::move(shape));
  AddNode(kind, std::move(inputs), {out}, std::move(attrs));
  return out;
}

ir::ValueId ConverterContext::AddConstant(const std::string& suffix, Tensor tensor) {
  return state_.graph.AddConstant(NewValueName(primary_var_ + "." + suffix), std::move(tensor));
}

Status ConverterContext::SetConstantOutput(const std::string& slot, Tensor tensor) {
  OAR_ASSIGN_OR_RETURN(std::string var, OutputVar(slot));
  if (outputs_.count(var)) return Error("output variable '" + var + "' was already created");
  auto last = state_.last_writer.find(var);
  bool own_name =
      state_.graph.FindValue(var) == ir::kNoValue && last != state_.last_writer.end() && last->second == op_index_;
  outputs_[var] = state_.graph.AddConstant(own_name ? var : NewValueName(var), std::move(tensor));
  return Status::OK();
}

Status ConverterContext::Emit(ir::OpKind kind, std::vector<ir::ValueId> inputs, ir::Attrs attrs,
                              const std::string& out_slot) {
  OAR_ASSIGN_OR_RETURN(ir::ValueId out, Output(out_slot));
  AddNode(kind, std::move(inputs), {out}, std::move(attrs));
  return Status::OK();
}

void ConverterContext::Commit() {
  for (const auto& [var, id] : outputs_) state_.bindings[var] = id;
}

}  // namespace oar::frontends::paddle
