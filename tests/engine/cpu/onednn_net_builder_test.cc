// Tests of the oneDNN network's builder state (onednn_net_builder.h): descriptor helpers, converted
// copies shared between readers, in-place rules (pending reads, inputs, conversions, other reads),
// caller-tensor binding of outputs, the bf16 output-type policy, and liveness bookkeeping.
#include "engine/cpu/onednn_net_builder.h"

#include <gmock/gmock.h>

#include "partition/partition_test_util.h"
#include "test_util.h"

#ifdef OAR_WITH_ONEDNN

namespace oar::engine::cpu::onednn_net {
namespace {

using partition::testing::GraphBuilder;
using DT = memory::data_type;

TEST(OnednnNetBuilderTest, DescriptorHelpers) {
  EXPECT_EQ(DimsOf(Shape{}), (memory::dims{1}));
  EXPECT_EQ(DimsOf(Shape{2, 3}), (memory::dims{2, 3}));
  const memory::desc plain = PlainDesc(Shape{2, 3, 4, 5}, DT::f32);
  EXPECT_EQ(plain, memory::desc({2, 3, 4, 5}, DT::f32, memory::format_tag::nchw));
  EXPECT_EQ(DescribeDesc(plain), "f32 abcd");
  const memory::desc nhwc({2, 3, 4, 5}, DT::f32, memory::format_tag::nhwc);
  EXPECT_EQ(DescribeDesc(nhwc), "f32 acdb");
  const memory::desc blocked({2, 3, 4, 5}, DT::bf16, memory::format_tag::nChw16c);
  EXPECT_EQ(DescribeDesc(blocked), "bf16 abcd16b");
  // Another data type keeps the layout (strides count elements).
  EXPECT_EQ(WithDataType(nhwc, DT::bf16), memory::desc({2, 3, 4, 5}, DT::bf16, memory::format_tag::nhwc));
  EXPECT_EQ(WithDataType(blocked, DT::f32), memory::desc({2, 3, 4, 5}, DT::f32, memory::format_tag::nChw16c));
  memory::data_type dt;
  EXPECT_TRUE(DnnlType(DType::kFloat32, &dt));
  EXPECT_EQ(dt, DT::f32);
  EXPECT_FALSE(DnnlType(DType::kInt64, &dt));
}

// x -> relu "a" -> sigmoid "b" (output) and tanh "c" (output); "a" is read twice.
struct Fixture {
  ir::Graph graph;
  std::vector<ir::NodeId> order;
  ir::ValueId x, a, b, c;
};

Fixture Chain() {
  GraphBuilder g;
  Fixture f;
  f.x = g.Input("x", Shape{1, 4, 3, 3});
  f.a = g.Op("relu", ir::OpKind::kRelu, {f.x});
  f.b = g.Op("sigmoid", ir::OpKind::kSigmoid, {f.a});
  f.c = g.Op("tanh", ir::OpKind::kTanh, {f.a});
  g.Output(f.b);
  g.Output(f.c);
  f.graph = g.Build();
  f.order = f.graph.TopologicalOrder().value();
  return f;
}

NetBuilder MakeBuilder(const Fixture& f, Precision p) {
  std::vector<Shape> shapes;
  std::vector<DType> dtypes;
  for (ir::ValueId v = 0; v < f.graph.num_values(); ++v) {
    shapes.push_back(f.graph.value(v).shape);
    dtypes.push_back(f.graph.value(v).dtype);
  }
  return NetBuilder(f.graph, p, shapes, dtypes, f.order);
}

TEST(OnednnNetBuilderTest, ConvertedCopiesAreSharedAndNeverOverwritten) {
  Fixture f = Chain();
  NetBuilder nb = MakeBuilder(f, Precision::kFp32);
  nb.BeginNode(f.order[0]);
  const memory::desc nhwc({1, 4, 3, 3}, DT::f32, memory::format_tag::nhwc);
  OAR_ASSERT_OK_AND_ASSIGN(Placement x_nhwc, nb.Require(f.x, nhwc));
  EXPECT_EQ(nb.steps().size(), 1u);  // one reorder
  OAR_ASSERT_OK_AND_ASSIGN(Placement again, nb.Require(f.x, nhwc));
  EXPECT_EQ(again.storage, x_nhwc.storage);
  EXPECT_EQ(nb.steps().size(), 1u);  // shared, not reordered twice
  // The input itself is the caller's; its copy holds a conversion: neither is overwritten in place.
  EXPECT_FALSE(nb.CanOverwrite(nb.Where(f.x), {}));
  EXPECT_FALSE(nb.CanOverwrite(x_nhwc, {}));
  const Placement a = nb.DefineNew(f.a, nhwc);
  EXPECT_EQ(nb.storages()[static_cast<size_t>(a.storage)].kind, StorageKind::kArena);
  // "a" has two readers to come: not writable in place until both started.
  nb.BeginNode(f.order[1]);
  EXPECT_FALSE(nb.CanOverwrite(nb.Where(f.a), {}));
  nb.BeginNode(f.order[2]);
  EXPECT_TRUE(nb.CanOverwrite(nb.Where(f.a), {}));
  EXPECT_FALSE(nb.CanOverwrite(nb.Where(f.a), {nb.Where(f.a)}));  // another argument of the step reads it
}

TEST(OnednnNetBuilderTest, PlainF32OutputsGoStraightToTheCaller) {
  Fixture f = Chain();
  NetBuilder nb = MakeBuilder(f, Precision::kFp32);
  for (size_t i = 0; i < 2; ++i) nb.BeginNode(f.order[i]);
  const Placement b = nb.DefineNew(f.b, PlainDesc(Shape{1, 4, 3, 3}, DT::f32));
  EXPECT_EQ(nb.storages()[static_cast<size_t>(b.storage)].kind, StorageKind::kOutput);
  EXPECT_EQ(nb.storages()[static_cast<size_t>(b.storage)].slot, 0);
  nb.BeginNode(f.order[2]);
  const Placement c = nb.DefineNew(f.c, memory::desc({1, 4, 3, 3}, DT::f32, memory::format_tag::nhwc));
  EXPECT_EQ(nb.storages()[static_cast<size_t>(c.storage)].kind, StorageKind::kArena);
  // Binding: "b" is already there; "c" is reordered into output slot 1.
  const size_t before = nb.steps().size();
  OAR_ASSERT_OK(nb.BindOutputs());
  ASSERT_EQ(nb.steps().size(), before + 1);
  EXPECT_EQ(nb.steps().back().what, "reorder");
  EXPECT_EQ(nb.storages()[static_cast<size_t>(nb.steps().back().args[1].at.storage)].slot, 1);
}

TEST(OnednnNetBuilderTest, Bf16OutputTypeFollowsTheReaders) {
  GraphBuilder g;
  ir::ValueId x = g.Input("x", Shape{1, 8});
  ir::ValueId to_softmax = g.Op("r1", ir::OpKind::kRelu, {x});
  ir::ValueId to_relu = g.Op("r2", ir::OpKind::kRelu, {x});
  ir::ValueId both = g.Op("r3", ir::OpKind::kRelu, {x});
  ir::SoftmaxAttrs sm;
  g.Output(g.Op("s1", ir::OpKind::kSoftmax, {to_softmax}, sm));
  g.Output(g.Op("r4", ir::OpKind::kRelu, {to_relu}));
  g.Output(g.Op("s2", ir::OpKind::kSoftmax, {both}, sm));
  g.Output(g.Op("r5", ir::OpKind::kRelu, {both}));
  Fixture f;
  f.graph = g.Build();
  f.order = f.graph.TopologicalOrder().value();
  NetBuilder bf16 = MakeBuilder(f, Precision::kBf16);
  EXPECT_EQ(bf16.compute_type(), DT::bf16);
  EXPECT_EQ(bf16.OutputType(to_softmax), DT::f32);  // only an f32 reader
  EXPECT_EQ(bf16.OutputType(to_relu), DT::bf16);
  EXPECT_EQ(bf16.OutputType(both), DT::bf16);                 // one bf16 reader is enough
  EXPECT_EQ(bf16.OutputType(f.graph.outputs()[1]), DT::f32);  // an output nobody reads inside
  NetBuilder fp32 = MakeBuilder(f, Precision::kFp32);
  EXPECT_EQ(fp32.OutputType(to_relu), DT::f32);
}

TEST(OnednnNetBuilderTest, StepsRecordStorageLifetimes) {
  Fixture f = Chain();
  NetBuilder nb = MakeBuilder(f, Precision::kFp32);
  nb.BeginNode(f.order[0]);
  const memory::desc nhwc({1, 4, 3, 3}, DT::f32, memory::format_tag::nhwc);
  OAR_ASSERT_OK_AND_ASSIGN(Placement x_nhwc, nb.Require(f.x, nhwc));  // step 0
  const Placement a = nb.DefineNew(f.a, nhwc);
  OAR_ASSERT_OK(nb.AddReorder(x_nhwc, a));  // step 1 (stands in for the relu)
  nb.BeginNode(f.order[1]);
  OAR_ASSERT_OK_AND_ASSIGN(Placement a_plain, nb.RequirePlain(f.a, DT::f32));  // step 2
  const Storage& conv = nb.storages()[static_cast<size_t>(x_nhwc.storage)];
  EXPECT_EQ(conv.first, 0);
  EXPECT_EQ(conv.last, 1);
  const Storage& as = nb.storages()[static_cast<size_t>(a.storage)];
  EXPECT_EQ(as.first, 1);
  EXPECT_EQ(as.last, 2);
  EXPECT_EQ(a_plain.shape, (Shape{1, 4, 3, 3}));
}

}  // namespace
}  // namespace oar::engine::cpu::onednn_net

#endif  // OAR_WITH_ONEDNN
