// OpSchema: per-kind metadata and shape/dtype inference. The same inference function runs
// at graph build time (shapes may hold kUnknownDim, values usually unknown) and at run time
// in the executor (static shapes, and the runtime values of small shape-carrying inputs).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/tensor.h"
#include "ir/graph.h"

namespace oar::ir {

/// What inference sees of one input.
struct InputInfo {
  bool present = false;
  DType dtype = DType::kUndefined;
  Shape shape;
  const Tensor* value = nullptr;  // known contents (constant or runtime), else nullptr
};

struct OutputInfo {
  DType dtype = DType::kUndefined;
  Shape shape;
};

class InferContext {
 public:
  InferContext(const Node& node, std::vector<InputInfo> inputs, size_t num_outputs)
      : node_(node), inputs_(std::move(inputs)), outputs_(num_outputs) {}

  const Node& node() const { return node_; }
  int num_inputs() const { return static_cast<int>(inputs_.size()); }
  int num_outputs() const { return static_cast<int>(outputs_.size()); }
  bool has_input(int i) const { return i < num_inputs() && inputs_[static_cast<size_t>(i)].present; }
  const InputInfo& input(int i) const { return inputs_[static_cast<size_t>(i)]; }
  const Shape& input_shape(int i) const { return inputs_[static_cast<size_t>(i)].shape; }
  DType input_dtype(int i) const { return inputs_[static_cast<size_t>(i)].dtype; }
  /// Known contents of input i, or nullptr.
  const Tensor* input_value(int i) const { return has_input(i) ? inputs_[static_cast<size_t>(i)].value : nullptr; }
  void set_output(int i, DType dtype, Shape shape) {
    outputs_[static_cast<size_t>(i)] = OutputInfo{dtype, std::move(shape)};
  }
  const std::vector<OutputInfo>& outputs() const { return outputs_; }

  /// Error helpers with the standard message prefix "op '<name>' (<kind>): ".
  Status Error(const std::string& what) const;
  Status InputError(int i, const std::string& expected, const std::string& got) const;

 private:
  const Node& node_;
  std::vector<InputInfo> inputs_;
  std::vector<OutputInfo> outputs_;
};

using InferFn = std::function<Status(InferContext&)>;

struct OpSchema {
  OpKind kind = OpKind::kIdentity;
  int min_inputs = 1;
  int max_inputs = 1;   // -1 = variadic
  int num_outputs = 1;  // -1 = as many as the node lists (Split)
  /// Inputs whose *values* (not only shapes) determine output shapes (e.g. Reshape's
  /// ShapeTensor). The executor gives inference those values at run time.
  std::vector<int> value_inputs;
  /// True when an output size depends on data (NMS): the kernel sets the final shape.
  bool data_dependent_output = false;
  InferFn infer;
};

/// Registers a schema (called from the Register*Schemas functions).
void RegisterSchema(OpSchema schema);
/// Schema of a kind; nullptr when none registered.
const OpSchema* FindSchema(OpKind kind);

/// Builds an InferContext for node `id` from the graph's value info (constants as values).
InferContext MakeInferContext(const Graph& graph, NodeId id);
/// Runs inference for every live node in topological order and writes output dtype/shape
/// into the graph's values. Errors name the op.
Status InferShapes(Graph& graph);

/// Per-group schema registration (one file each under ir/schemas/); all called once by
/// EnsureSchemasRegistered().
void RegisterNnSchemas();
void RegisterElementwiseSchemas();
void RegisterTensorSchemas();
void RegisterDetectionSchemas();
/// OpKind::kEngine (ir/schemas/engine_schemas.cc).
void RegisterEngineSchemas();
void EnsureSchemasRegistered();

/// numpy broadcasting of two shapes (unknown dims allowed); false when incompatible.
bool BroadcastShapes(const Shape& a, const Shape& b, Shape* out);

}  // namespace oar::ir
