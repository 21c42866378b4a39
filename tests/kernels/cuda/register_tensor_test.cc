// Registration of the CUDA data movement and pooling kernels (register_tensor.cc): which kinds
// and dtypes have a "cuda" kernel, and what their accepts() filters refuse so that the executor
// falls back to the CPU kernel. Needs no GPU: only the registry is queried.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ir/attrs.h"
#include "ir/graph.h"
#include "runtime/kernel.h"

namespace oar::testing {
namespace {

using ir::OpKind;
using runtime::DeviceType;
using runtime::KernelRegistry;

ir::Node MakeNode(OpKind kind, ir::Attrs attrs, std::vector<ir::ValueId> inputs = {0}, int outputs = 1) {
  ir::Node n;
  n.name = "n";
  n.kind = kind;
  n.attrs = std::move(attrs);
  n.inputs = std::move(inputs);
  n.outputs.assign(static_cast<size_t>(outputs), 0);
  return n;
}

// The "cuda" kernel the registry picks for `node` with input dtype `dt`, or nullptr.
const runtime::KernelDef* Pick(const ir::Node& node, DType dt) {
  std::vector<DType> dtypes(node.inputs.size(), dt);
  auto def = KernelRegistry::Global().Find(node, DeviceType::kCuda, dtypes, "cuda");
  return def.ok() ? *def : nullptr;
}

TEST(CudaTensorRegistryTest, DataMovementOpsTakeEveryDType) {
  const std::vector<ir::Node> nodes = {
      MakeNode(OpKind::kConcat, ir::AxisAttrs{1}, {0, 1, 2}),
      MakeNode(OpKind::kStack, ir::AxisAttrs{0}, {0, 1}),
      MakeNode(OpKind::kSplit, ir::SplitAttrs{0, {}, 2}, {0}, 2),
      MakeNode(OpKind::kTranspose, ir::TransposeAttrs{{0, 2, 3, 1}}),
      MakeNode(OpKind::kSlice, ir::SliceAttrs{{1}, {0}, {2}, {}, {}}),
      MakeNode(OpKind::kReshape, ir::ReshapeAttrs{{-1}}),
      MakeNode(OpKind::kReshape, ir::ReshapeAttrs{}, {0, 1}),
      MakeNode(OpKind::kFlatten, ir::FlattenAttrs{}),
      MakeNode(OpKind::kSqueeze, ir::AxesAttrs{}),
      MakeNode(OpKind::kUnsqueeze, ir::AxesAttrs{{0}}),
      MakeNode(OpKind::kIdentity, ir::NoAttrs{}),
  };
  for (const ir::Node& n : nodes) {
    for (DType dt : {DType::kFloat32, DType::kFloat16, DType::kBFloat16, DType::kFloat64, DType::kInt64, DType::kInt32,
                     DType::kInt8, DType::kUInt8, DType::kBool}) {
      EXPECT_NE(Pick(n, dt), nullptr) << ir::OpKindName(n.kind) << " " << DTypeName(dt);
    }
  }
}

TEST(CudaTensorRegistryTest, FloatOpsTakeF32AndF16Only) {
  ir::Pool2dAttrs pool;
  pool.kernel = {3, 3};
  ir::ResizeAttrs resize;
  resize.out_h = resize.out_w = 4;
  const std::vector<ir::Node> nodes = {
      MakeNode(OpKind::kPool2d, pool),
      MakeNode(OpKind::kPad, ir::PadAttrs{{0, 1, 1, 0}, ir::PadType::kReflect, 0.0f}),
      MakeNode(OpKind::kResize, resize),
  };
  for (const ir::Node& n : nodes) {
    EXPECT_NE(Pick(n, DType::kFloat32), nullptr) << ir::OpKindName(n.kind);
    EXPECT_NE(Pick(n, DType::kFloat16), nullptr) << ir::OpKindName(n.kind);
    EXPECT_EQ(Pick(n, DType::kInt32), nullptr) << ir::OpKindName(n.kind);
    EXPECT_EQ(Pick(n, DType::kFloat64), nullptr) << ir::OpKindName(n.kind);
  }
  // Every pooling flavour is accepted.
  for (bool global : {false, true}) {
    for (bool adaptive : {false, true}) {
      for (bool ceil_mode : {false, true}) {
        for (ir::PadMode mode : {ir::PadMode::kExplicit, ir::PadMode::kSame, ir::PadMode::kValid}) {
          ir::Pool2dAttrs a;
          a.type = ir::PoolType::kAvg;
          a.kernel = {2, 3};
          a.pads = {0, 1, 2, 0};
          a.global = global;
          a.adaptive = adaptive;
          a.ceil_mode = ceil_mode;
          a.exclusive = !ceil_mode;
          a.pad_mode = mode;
          EXPECT_NE(Pick(MakeNode(OpKind::kPool2d, a), DType::kFloat16), nullptr);
        }
      }
    }
  }
}

TEST(CudaTensorRegistryTest, SliceRefusesStartsAndEndsTensors) {
  const ir::SliceAttrs a{{1}, {0}, {2}, {}, {}};
  EXPECT_NE(Pick(MakeNode(OpKind::kSlice, a, {0}), DType::kFloat32), nullptr);
  EXPECT_NE(Pick(MakeNode(OpKind::kSlice, a, {0, ir::kNoValue, ir::kNoValue}), DType::kFloat32), nullptr);
  EXPECT_EQ(Pick(MakeNode(OpKind::kSlice, ir::SliceAttrs{{1}, {}, {}, {}, {}}, {0, 1, 2}), DType::kFloat32), nullptr);
  EXPECT_EQ(Pick(MakeNode(OpKind::kSlice, a, {0, ir::kNoValue, 2}), DType::kInt64), nullptr);
  EXPECT_EQ(Pick(MakeNode(OpKind::kSlice, a, {0, 1}), DType::kFloat16), nullptr);
  // The refusal is the registry's ordinary "no kernel" answer, naming the op.
  auto def = KernelRegistry::Global().Find(MakeNode(OpKind::kSlice, a, {0, 1}), DeviceType::kCuda,
                                           {DType::kFloat32, DType::kInt64}, "cuda");
  ASSERT_FALSE(def.ok());
  EXPECT_EQ(def.status().code(), ErrorCode::kUnsupported);
  EXPECT_NE(def.status().message().find("(slice)"), std::string::npos) << def.status().message();
}

TEST(CudaTensorRegistryTest, ResizeRefusesScaleTensorsUnlessAlignCorners) {
  ir::ResizeAttrs a;
  a.mode = ir::ResizeMode::kBilinear;
  EXPECT_NE(Pick(MakeNode(OpKind::kResize, a, {0, 1}), DType::kFloat32), nullptr) << "OutSize only";
  EXPECT_NE(Pick(MakeNode(OpKind::kResize, a, {0, 1, ir::kNoValue}), DType::kFloat32), nullptr);
  EXPECT_EQ(Pick(MakeNode(OpKind::kResize, a, {0, ir::kNoValue, 2}), DType::kFloat32), nullptr) << "Scale tensor";
  EXPECT_EQ(Pick(MakeNode(OpKind::kResize, a, {0, 1, 2}), DType::kFloat16), nullptr);
  a.align_corners = true;
  EXPECT_NE(Pick(MakeNode(OpKind::kResize, a, {0, ir::kNoValue, 2}), DType::kFloat32), nullptr);
  a.mode = ir::ResizeMode::kNearest;
  a.align_corners = false;
  EXPECT_EQ(Pick(MakeNode(OpKind::kResize, a, {0, ir::kNoValue, 2}), DType::kFloat16), nullptr);
}

TEST(CudaTensorRegistryTest, RankLimits) {
  std::vector<int64_t> perm(16);
  for (size_t i = 0; i < perm.size(); ++i) perm[i] = static_cast<int64_t>(perm.size() - 1 - i);
  EXPECT_NE(Pick(MakeNode(OpKind::kTranspose, ir::TransposeAttrs{perm}), DType::kFloat32), nullptr);
  perm.insert(perm.begin(), 16);
  EXPECT_EQ(Pick(MakeNode(OpKind::kTranspose, ir::TransposeAttrs{perm}), DType::kFloat32), nullptr);
  EXPECT_NE(Pick(MakeNode(OpKind::kPad, ir::PadAttrs{std::vector<int64_t>(32, 1), ir::PadType::kEdge, 0.0f}),
                 DType::kFloat32),
            nullptr);
  EXPECT_EQ(Pick(MakeNode(OpKind::kPad, ir::PadAttrs{std::vector<int64_t>(34, 1), ir::PadType::kEdge, 0.0f}),
                 DType::kFloat32),
            nullptr);
}

}  // namespace
}  // namespace oar::testing
