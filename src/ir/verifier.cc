#include "ir/verifier.h"

#include "ir/op_schema.h"

namespace oar::ir {

Status VerifyGraph(const Graph& g) {
  auto where = [&](NodeId id) {
    const Node& n = g.node(id);
    return "verifier: op '" + n.name + "' (" + OpKindName(n.kind) + ")";
  };
  std::vector<char> is_input(static_cast<size_t>(g.num_values()), 0);
  for (ValueId v : g.inputs()) {
    if (v < 0 || v >= g.num_values()) return InvalidGraph("verifier: graph input id " + std::to_string(v) + " out of range");
    if (g.value(v).producer != kNoNode && !g.node(g.value(v).producer).removed) {
      return InvalidGraph("verifier: graph input '" + g.value(v).name + "' is produced by a node");
    }
    is_input[static_cast<size_t>(v)] = 1;
  }
  for (NodeId id : g.LiveNodes()) {
    const Node& n = g.node(id);
    const OpSchema* schema = FindSchema(n.kind);
    if (!schema) return Internal(where(id) + ": no schema registered");
    int nin = static_cast<int>(n.inputs.size());
    if (nin < schema->min_inputs || (schema->max_inputs >= 0 && nin > schema->max_inputs)) {
      return InvalidGraph(where(id) + ": has " + std::to_string(nin) + " inputs, schema allows " +
                          std::to_string(schema->min_inputs) + ".." +
                          (schema->max_inputs < 0 ? std::string("n") : std::to_string(schema->max_inputs)));
    }
    if (schema->num_outputs >= 0 && static_cast<int>(n.outputs.size()) != schema->num_outputs) {
      return InvalidGraph(where(id) + ": has " + std::to_string(n.outputs.size()) + " outputs, expected " +
                          std::to_string(schema->num_outputs));
    }
    for (size_t i = 0; i < n.inputs.size(); ++i) {
      ValueId v = n.inputs[i];
      if (v == kNoValue) {
        if (static_cast<int>(i) < schema->min_inputs) {
          return InvalidGraph(where(id) + " input #" + std::to_string(i) + ": required input is absent");
        }
        continue;
      }
      if (v < 0 || v >= g.num_values()) return InvalidGraph(where(id) + ": input id out of range");
      const Value& val = g.value(v);
      bool available = val.is_constant() || is_input[static_cast<size_t>(v)] ||
                       (val.producer != kNoNode && !g.node(val.producer).removed);
      if (!available) {
        return InvalidGraph(where(id) + " input #" + std::to_string(i) + " '" + val.name +
                            "': not a graph input, constant or output of a live node");
      }
    }
    for (ValueId v : n.outputs) {
      if (v < 0 || v >= g.num_values()) return InvalidGraph(where(id) + ": output id out of range");
      if (g.value(v).producer != id) {
        return InvalidGraph(where(id) + ": output '" + g.value(v).name + "' records another producer");
      }
    }
  }
  for (ValueId v : g.outputs()) {
    if (v < 0 || v >= g.num_values()) return InvalidGraph("verifier: graph output id out of range");
    const Value& val = g.value(v);
    bool produced = val.is_constant() || is_input[static_cast<size_t>(v)] ||
                    (val.producer != kNoNode && !g.node(val.producer).removed);
    if (!produced) return InvalidGraph("verifier: graph output '" + val.name + "' is never produced");
  }
  auto order = g.TopologicalOrder();
  if (!order.ok()) return order.status().WithPrefix("verifier: ");
  return Status::OK();
}

}  // namespace oar::ir
