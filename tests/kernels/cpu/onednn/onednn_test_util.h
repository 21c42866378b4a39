// Helpers of the oneDNN kernel tests: run a kernel instance directly (to run it repeatedly,
// change shapes, and see whether it delegated to the reference kernel), and compare the
// "onednn" kernel with the "ref" kernel on the same inputs.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ir/op_schema.h"
#include "kernels/cpu/onednn/onednn_common.h"
#include "runtime/single_op.h"
#include "test_util.h"

namespace oar::testing {

/// One node of `kind` and one kernel instance picked by name, kept across runs; Prepare runs
/// on the first run and whenever an input shape changes, as the executor does.
class KernelRunner {
 public:
  KernelRunner(ir::OpKind kind, ir::Attrs attrs, int num_inputs, std::string kernel_name, int num_threads = 1)
      : kernel_name_(std::move(kernel_name)), num_threads_(num_threads) {
    ir::EnsureSchemasRegistered();
    node_.name = std::string("runner_") + ir::OpKindName(kind);
    node_.kind = kind;
    node_.attrs = std::move(attrs);
    node_.inputs.assign(static_cast<size_t>(num_inputs), 0);
    node_.outputs.assign(1, 0);
  }

  /// Runs on `inputs` (nullptr = absent); `constant_inputs` is passed to the kernel as is.
  StatusOr<Tensor> Run(const std::vector<const Tensor*>& inputs, const std::vector<bool>& constant_inputs = {}) {
    const ir::OpSchema* schema = ir::FindSchema(node_.kind);
    if (!schema) return Internal("no schema");
    std::vector<ir::InputInfo> infos;
    std::vector<DType> dtypes;
    std::vector<Shape> shapes;
    for (size_t i = 0; i < inputs.size(); ++i) {
      ir::InputInfo info;
      node_.inputs[i] = inputs[i] ? static_cast<ir::ValueId>(i) : ir::kNoValue;
      if (inputs[i]) {
        info.present = true;
        info.dtype = inputs[i]->dtype();
        info.shape = inputs[i]->shape();
        info.value = inputs[i];
      }
      dtypes.push_back(inputs[i] ? inputs[i]->dtype() : DType::kUndefined);
      shapes.push_back(inputs[i] ? inputs[i]->shape() : Shape());
      infos.push_back(std::move(info));
    }
    ir::InferContext ictx(node_, std::move(infos), 1);
    OAR_RETURN_IF_ERROR(schema->infer(ictx));
    Tensor out(ictx.outputs()[0].dtype, ictx.outputs()[0].shape);
    if (!kernel_) {
      OAR_ASSIGN_OR_RETURN(const runtime::KernelDef* def, runtime::KernelRegistry::Global().Find(
                                                              node_, runtime::DeviceType::kCpu, dtypes, kernel_name_));
      kernel_ = def->factory();
    }
    runtime::KernelContext ctx;
    ctx.node = &node_;
    ctx.inputs = inputs;
    ctx.outputs = {&out};
    ctx.num_threads = num_threads_;
    ctx.constant_inputs = constant_inputs;
    if (shapes != prepared_shapes_ || !prepared_) {
      OAR_RETURN_IF_ERROR(kernel_->Prepare(ctx));
      prepared_shapes_ = shapes;
      prepared_ = true;
      ++prepare_count_;
    }
    OAR_RETURN_IF_ERROR(kernel_->Run(ctx));
    return out;
  }

  /// The kernel as a oneDNN kernel, or nullptr (not created yet, or another kernel).
  const kernels::cpu::onednn::OnednnKernel* onednn() const {
    return dynamic_cast<const kernels::cpu::onednn::OnednnKernel*>(kernel_.get());
  }
  int prepare_count() const { return prepare_count_; }

 private:
  ir::Node node_;
  std::string kernel_name_;
  int num_threads_;
  std::unique_ptr<runtime::Kernel> kernel_;
  std::vector<Shape> prepared_shapes_;
  bool prepared_ = false;
  int prepare_count_ = 0;
};

/// Runs `kind` with the "ref" kernel and with the "onednn" kernel (through RunOp, and through
/// a KernelRunner that must not delegate when `expect_fast`) and compares the outputs:
/// max |onednn - ref| <= rel_tol * max |ref|.
inline ::testing::AssertionResult MatchesReference(ir::OpKind kind, const ir::Attrs& attrs,
                                                   const std::vector<const Tensor*>& inputs, bool expect_fast = true,
                                                   double rel_tol = 1e-4, int num_threads = 1) {
  auto ref = runtime::RunOp(kind, attrs, inputs, 1, "ref", num_threads);
  if (!ref.ok()) return ::testing::AssertionFailure() << "ref: " << ref.status().ToString();
  auto fast = runtime::RunOp(kind, attrs, inputs, 1, "onednn", num_threads);
  if (!fast.ok()) return ::testing::AssertionFailure() << "onednn: " << fast.status().ToString();
  const Tensor& want = (*ref)[0];
  const Tensor& got = (*fast)[0];
  if (got.shape() != want.shape()) {
    return ::testing::AssertionFailure() << "onednn gave " << got.Describe() << ", ref " << want.Describe();
  }
  const double err = MaxRelativeError(got, want);
  if (!(err <= rel_tol)) return ::testing::AssertionFailure() << "max relative error " << err << " > " << rel_tol;
  KernelRunner runner(kind, attrs, static_cast<int>(inputs.size()), "onednn", num_threads);
  auto direct = runner.Run(inputs);
  if (!direct.ok()) return ::testing::AssertionFailure() << "onednn (direct): " << direct.status().ToString();
  const auto* k = runner.onednn();
  if (!k) return ::testing::AssertionFailure() << "the 'onednn' kernel is not an OnednnKernel";
  if (expect_fast && k->delegated()) {
    return ::testing::AssertionFailure() << "expected the oneDNN path, but it delegated: " << k->delegate_reason();
  }
  if (!expect_fast && !k->delegated()) {
    return ::testing::AssertionFailure() << "expected a delegation to 'ref', but oneDNN ran (" << k->impl_name() << ")";
  }
  if (MaxRelativeError(*direct, want) > rel_tol) {
    return ::testing::AssertionFailure() << "direct run differs from ref";
  }
  return ::testing::AssertionSuccess() << "err " << err << (k->delegated() ? "" : " impl " + k->impl_name());
}

}  // namespace oar::testing
