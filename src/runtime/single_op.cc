#include "runtime/single_op.h"

#include "ir/op_schema.h"

namespace oar::runtime {

StatusOr<std::vector<Tensor>> RunSingleOp(const ir::Node& node, const std::vector<const Tensor*>& inputs,
                                          const std::string& kernel_name, int num_threads) {
  const ir::OpSchema* schema = ir::FindSchema(node.kind);
  if (!schema) return Internal(std::string("no schema for ") + ir::OpKindName(node.kind));
  std::vector<ir::InputInfo> infos;
  std::vector<DType> dtypes;
  for (const Tensor* t : inputs) {
    ir::InputInfo info;
    if (t) {
      info.present = true;
      info.dtype = t->dtype();
      info.shape = t->shape();
      info.value = t;
    }
    dtypes.push_back(t ? t->dtype() : DType::kUndefined);
    infos.push_back(std::move(info));
  }
  ir::InferContext ictx(node, std::move(infos), node.outputs.size());
  OAR_RETURN_IF_ERROR(schema->infer(ictx));
  std::vector<Tensor> outputs(node.outputs.size());
  for (size_t i = 0; i < outputs.size(); ++i) {
    const ir::OutputInfo& o = ictx.outputs()[i];
    Shape s = o.shape;
    for (int d = 0; d < s.rank(); ++d) {
      if (s[d] < 0) s[d] = 0;  // data-dependent: the kernel resizes
    }
    outputs[i] = Tensor(o.dtype, s);
  }
  OAR_ASSIGN_OR_RETURN(const KernelDef* def, KernelRegistry::Global().Find(node, DeviceType::kCpu, dtypes, kernel_name));
  std::unique_ptr<Kernel> kernel = def->factory();
  KernelContext ctx;
  ctx.node = &node;
  ctx.inputs = inputs;
  for (Tensor& t : outputs) ctx.outputs.push_back(&t);
  ctx.num_threads = num_threads;
  OAR_RETURN_IF_ERROR(kernel->Prepare(ctx));
  OAR_RETURN_IF_ERROR(kernel->Run(ctx));
  return outputs;
}

StatusOr<std::vector<Tensor>> RunOp(ir::OpKind kind, ir::Attrs attrs, const std::vector<const Tensor*>& inputs,
                                    int num_outputs, const std::string& kernel_name, int num_threads) {
  ir::Node node;
  node.name = std::string("test_") + ir::OpKindName(kind);
  node.kind = kind;
  node.attrs = std::move(attrs);
  node.inputs.assign(inputs.size(), 0);
  for (size_t i = 0; i < inputs.size(); ++i) node.inputs[i] = inputs[i] ? static_cast<ir::ValueId>(i) : ir::kNoValue;
  node.outputs.assign(static_cast<size_t>(num_outputs), 0);
  return RunSingleOp(node, inputs, kernel_name, num_threads);
}

}  // namespace oar::runtime
