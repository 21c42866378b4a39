// Registration of the reference CPU kernels of the NN ops (one function per kernel file;
// register_nn.cc calls them all).
#pragma once

#include <memory>

#include "runtime/kernel.h"

namespace oar::kernels::cpu {

void RegisterConv2dKernels(runtime::KernelRegistry& registry);     // conv2d.cc
void RegisterBatchNormKernels(runtime::KernelRegistry& registry);  // batch_norm.cc
void RegisterLayerNormKernels(runtime::KernelRegistry& registry);  // layer_norm.cc
void RegisterPool2dKernels(runtime::KernelRegistry& registry);     // pool2d.cc
void RegisterMatMulKernels(runtime::KernelRegistry& registry);     // matmul.cc
void RegisterSoftmaxKernels(runtime::KernelRegistry& registry);    // softmax.cc
void RegisterLrnKernels(runtime::KernelRegistry& registry);        // lrn.cc
void RegisterResizeKernels(runtime::KernelRegistry& registry);     // resize.cc
void RegisterPadKernels(runtime::KernelRegistry& registry);        // pad.cc

/// Registers kernel class K as the f32 CPU reference ("ref", priority 0) of `kind`.
template <typename K>
void RegisterF32RefKernel(runtime::KernelRegistry& registry, ir::OpKind kind) {
  runtime::KernelDef def;
  def.kind = kind;
  def.device = runtime::DeviceType::kCpu;
  def.dtype = DType::kFloat32;
  def.priority = 0;
  def.name = "ref";
  def.factory = []() -> std::unique_ptr<runtime::Kernel> { return std::make_unique<K>(); };
  registry.Register(def);
}

}  // namespace oar::kernels::cpu
