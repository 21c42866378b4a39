// ConverterContext: what one Paddle op converter sees of the conversion. It gives
//  - checked, typed attribute accessors that read whichever value field the file carries (older
//    exporters write `f` where newer ones write `float64`/`scalar`, `i` vs `l`, ...), remember which
//    attributes were read, and return errors naming the op, the attribute and what was found;
//  - input lookup by Paddle slot name (`X`, `Filter`, ...) resolved to IR values;
//  - output values named after the Paddle variables, and helpers to add nodes and constants.
// Every error message starts with Where(): "paddle frontend: op #<index> '<type>' (output '<var>'): ".
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/status.h"
#include "frontends/paddle/program_reader.h"
#include "ir/graph.h"

namespace oar::frontends::paddle {

/// State shared by the converters of one program: the graph being built and what each Paddle
/// variable of block 0 currently holds.
struct ConversionState {
  ir::Graph graph;
  std::unordered_map<std::string, const proto::VarDesc*> var_descs;
  /// Paddle variable name -> the IR value that currently holds it.
  std::unordered_map<std::string, ir::ValueId> bindings;
  /// Every variable name of block 0; generated value names avoid them.
  std::unordered_set<std::string> reserved_names;
  /// Variable name -> index of the last converted op writing it. That op's value takes the
  /// variable's name; earlier writes (in-place reuse of a name) get derived names.
  std::unordered_map<std::string, int> last_writer;
};

/// True for attributes that carry no inference semantics (op_callstack, use_mkldnn, is_test,
/// data_format NCHW, quantization thresholds, fuse_* flags that are off, ...). A converter that
/// never reads an attribute for which this is false makes the loader warn once, naming it.
bool IsBookkeepingAttr(const proto::OpDesc::Attr& attr);

class ConverterContext {
 public:
  ConverterContext(ConversionState& state, const proto::OpDesc& op, int op_index);

  const proto::OpDesc& op() const { return op_; }
  const std::string& op_type() const { return op_.type(); }
  int op_index() const { return op_index_; }

  /// "paddle frontend: op #<index> '<type>' (output '<var>'): "
  std::string Where() const;
  /// kInvalidGraph / kUnsupported errors prefixed with Where().
  Status Error(const std::string& what) const;
  Status UnsupportedError(const std::string& what) const;
  /// kUnsupported: "attribute '<name>' = <value> is not supported (<supported>)".
  Status UnsupportedAttr(const std::string& name, const std::string& value, const std::string& supported) const;

  // ---- attributes. The one-argument forms fail when the attribute is absent; the two-argument
  // forms return the default (Paddle's op default) instead. All fail on a value of the wrong kind.
  bool HasAttr(const std::string& name) const;
  StatusOr<int64_t> Int(const std::string& name) const;
  StatusOr<int64_t> Int(const std::string& name, int64_t default_value) const;
  StatusOr<float> Float(const std::string& name) const;
  StatusOr<float> Float(const std::string& name, float default_value) const;
  StatusOr<bool> Bool(const std::string& name) const;
  StatusOr<bool> Bool(const std::string& name, bool default_value) const;
  StatusOr<std::vector<int64_t>> Ints(const std::string& name) const;
  StatusOr<std::vector<int64_t>> Ints(const std::string& name, std::vector<int64_t> default_value) const;
  StatusOr<std::vector<float>> Floats(const std::string& name) const;
  StatusOr<std::vector<float>> Floats(const std::string& name, std::vector<float> default_value) const;
  StatusOr<std::string> String(const std::string& name) const;
  StatusOr<std::string> String(const std::string& name, const std::string& default_value) const;
  StatusOr<std::vector<std::string>> Strings(const std::string& name) const;
  /// Marks attributes as deliberately unused (training-only settings and the like).
  void IgnoreAttrs(std::initializer_list<const char*> names);
  /// Attributes never read nor ignored, in file order.
  std::vector<std::string> UnreadAttrs() const;

  // ---- inputs (by slot name)
  /// Number of variables listed in the slot (0 when the slot is absent).
  int NumInputs(const std::string& slot) const;
  bool HasInput(const std::string& slot) const { return NumInputs(slot) > 0; }
  /// The value of variable `index` of the slot. Errors when absent or when nothing produced it.
  StatusOr<ir::ValueId> Input(const std::string& slot, int index = 0) const;
  /// ir::kNoValue when the slot is empty; an error when it lists more than one variable.
  StatusOr<ir::ValueId> OptionalInput(const std::string& slot) const;
  /// Every variable of the slot, in order (empty when absent).
  StatusOr<std::vector<ir::ValueId>> InputList(const std::string& slot) const;

  const ir::Value& value(ir::ValueId id) const { return state_.graph.value(id); }
  /// Known contents of a value (weights, folded constants), or nullptr.
  const Tensor* ConstantOf(ir::ValueId id) const;
  /// Rank of a value from what is known at conversion time (VarDescs, weights); an error naming
  /// the value when unknown.
  StatusOr<int> Rank(ir::ValueId id) const;
  /// The VarDesc dims of an output variable, or false when it has no dense-tensor VarDesc.
  bool OutputVarDims(const std::string& slot, std::vector<int64_t>* dims, int index = 0) const;

  // ---- outputs (by slot name)
  int NumOutputs(const std::string& slot) const;
  bool HasOutput(const std::string& slot) const { return NumOutputs(slot) > 0; }
  StatusOr<std::string> OutputVar(const std::string& slot, int index = 0) const;
  /// The value for output variable `index` of the slot (created on first use, named after the variable,
  /// dtype/shape preset from its VarDesc).
  StatusOr<ir::ValueId> Output(const std::string& slot, int index = 0);
  /// Output(slot) when the slot lists a variable, else a fresh unbound temporary (for IR outputs
  /// that the Paddle op does not expose).
  StatusOr<ir::ValueId> OutputOrTemp(const std::string& slot, const std::string& suffix);

  // ---- building
  /// Adds a node; it is named after its first output value.
  ir::NodeId AddNode(ir::OpKind kind, std::vector<ir::ValueId> inputs, std::vector<ir::ValueId> outputs,
                     ir::Attrs attrs = ir::NoAttrs{});
  /// Adds a helper node with one new temporary output (named "<first output var>.<suffix>").
  /// dtype/shape are what the converter knows of the result (may stay undefined).
  ir::ValueId AddTemp(ir::OpKind kind, std::vector<ir::ValueId> inputs, ir::Attrs attrs, const std::string& suffix,
                      DType dtype = DType::kUndefined, Shape shape = Shape());
  /// Adds a constant helper value named "<first output var>.<suffix>".
  ir::ValueId AddConstant(const std::string& suffix, Tensor tensor);
  /// Makes output variable `slot` a constant holding `tensor` (no node).
  Status SetConstantOutput(const std::string& slot, Tensor tensor);
  /// The common case: one node `kind` from `inputs` whose only output is the variable of `out_slot`.
  Status Emit(ir::OpKind kind, std::vector<ir::ValueId> inputs, ir::Attrs attrs = ir::NoAttrs{},
              const std::string& out_slot = "Out");

  /// Publishes this op's outputs to the program's variable bindings (after a successful conversion).
  void Commit();

 private:
  const proto::OpDesc::Attr* FindAttr(const std::string& name) const;
  const proto::OpDesc::Var* FindSlot(const google::protobuf::RepeatedPtrField<proto::OpDesc::Var>& slots,
                                     const std::string& slot) const;
  std::string NewValueName(const std::string& base) const;
  Status AttrTypeError(const proto::OpDesc::Attr& a, const std::string& expected) const;

  ConversionState& state_;
  const proto::OpDesc& op_;
  int op_index_;
  std::string primary_var_;
  // Output variable -> value created for it by this op; published by Commit(), so reads during the
  // conversion see the bindings from before the op (an op may read and write the same variable).
  std::map<std::string, ir::ValueId> outputs_;
  mutable std::set<std::string> read_attrs_;
};

}  // namespace oar::frontends::paddle
