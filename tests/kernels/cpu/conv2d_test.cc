// The reference Conv2d against a direct float64 convolution: groups, depthwise (with channel
// multiplier), dilation, strides, asymmetric/SAME/VALID padding, 1x1, bias, threads.
#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include "nn_ref_test_util.h"

namespace oar::testing {
namespace {

using ir::Conv2dAttrs;
using ir::OpKind;
using ir::PadMode;

Conv2dAttrs Conv(std::vector<int64_t> strides, std::vector<int64_t> pads, std::vector<int64_t> dilations = {1, 1},
                 int64_t groups = 1, PadMode mode = PadMode::kExplicit) {
  Conv2dAttrs a;
  a.strides = std::move(strides);
  a.pads = std::move(pads);
  a.dilations = std::move(dilations);
  a.groups = groups;
  a.pad_mode = mode;
  return a;
}

// Direct convolution: every output element sums over its receptive field, skipping taps that
// fall into the padding. SAME pads follow attrs.h (Paddle's rule, dilation included).
Tensor NaiveConv(const Tensor& x, const Tensor& w, const Tensor* b, const Conv2dAttrs& a) {
  const int64_t n = x.shape()[0], c = x.shape()[1], h = x.shape()[2], wd = x.shape()[3];
  const int64_t m = w.shape()[0], cg = w.shape()[1], kh = w.shape()[2], kw = w.shape()[3];
  int64_t pads[4] = {0, 0, 0, 0};
  const int64_t in[2] = {h, wd}, k[2] = {kh, kw};
  for (int i = 0; i < 2; ++i) {
    if (a.pad_mode == PadMode::kExplicit) {
      pads[i] = a.pads[static_cast<size_t>(i)];
      pads[i + 2] = a.pads[static_cast<size_t>(i + 2)];
    } else if (a.pad_mode == PadMode::kSame) {
      int64_t s = a.strides[static_cast<size_t>(i)];
      int64_t out = (in[i] + s - 1) / s;
      int64_t total =
          std::max<int64_t>((out - 1) * s + (k[i] - 1) * a.dilations[static_cast<size_t>(i)] + 1 - in[i], 0);
      pads[i] = total / 2;
      pads[i + 2] = total - total / 2;
    }
  }
  const int64_t sh = a.strides[0], sw = a.strides[1], dh = a.dilations[0], dw = a.dilations[1];
  const int64_t oh = (h + pads[0] + pads[2] - dh * (kh - 1) - 1) / sh + 1;
  const int64_t ow = (wd + pads[1] + pads[3] - dw * (kw - 1) - 1) / sw + 1;
  const int64_t mg = m / a.groups;
  std::vector<double> xv = ToDoubles(x), wv = ToDoubles(w), out(static_cast<size_t>(n * m * oh * ow));
  for (int64_t in_n = 0; in_n < n; ++in_n) {
    for (int64_t oc = 0; oc < m; ++oc) {
      const int64_t g = oc / mg;
      for (int64_t y = 0; y < oh; ++y) {
        for (int64_t z = 0; z < ow; ++z) {
          double s = b ? b->GetDouble(oc) : 0.0;
          for (int64_t ic = 0; ic < cg; ++ic) {
            for (int64_t i = 0; i < kh; ++i) {
              for (int64_t j = 0; j < kw; ++j) {
                int64_t iy = y * sh - pads[0] + i * dh, ix = z * sw - pads[1] + j * dw;
                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                s += xv[static_cast<size_t>(((in_n * c + g * cg + ic) * h + iy) * wd + ix)] *
                     wv[static_cast<size_t>(((oc * cg + ic) * kh + i) * kw + j)];
              }
            }
          }
          out[static_cast<size_t>(((in_n * m + oc) * oh + y) * ow + z)] = s;
        }
      }
    }
  }
  return FromDoubles(Shape{n, m, oh, ow}, out);
}

struct ConvCase {
  const char* name;
  Shape x, w;
  bool bias;
  Conv2dAttrs attrs;
  int threads;
};

// gtest prints parameters of failing cases; the name says which one.
void PrintTo(const ConvCase& c, std::ostream* os) { *os << c.name; }

class RefConv2dCases : public ::testing::TestWithParam<ConvCase> {};

TEST_P(RefConv2dCases, MatchesDirectConvolution) {
  const ConvCase& c = GetParam();
  Tensor x = RandomTensor(c.x, 101);
  Tensor w = RandomTensor(c.w, 102);
  Tensor b = RandomTensor(Shape{c.w[0]}, 103);
  std::vector<const Tensor*> inputs = {&x, &w};
  if (c.bias) inputs.push_back(&b);
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y, RunRef(OpKind::kConv2d, c.attrs, inputs, c.threads));
  Tensor expect = NaiveConv(x, w, c.bias ? &b : nullptr, c.attrs);
  EXPECT_TRUE(TensorsNear(y, expect, 1e-4, 1e-5));
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, RefConv2dCases,
    ::testing::Values(
        ConvCase{"k3_pad1_bias", Shape{1, 5, 7, 9}, Shape{6, 5, 3, 3}, true, Conv({1, 1}, {1, 1, 1, 1}), 1},
        ConvCase{"batch3_threads2", Shape{3, 8, 13, 11}, Shape{12, 8, 3, 3}, false, Conv({1, 1}, {1, 1, 1, 1}), 2},
        ConvCase{"first_layer_s2_k7", Shape{2, 3, 31, 29}, Shape{8, 3, 7, 7}, true, Conv({2, 2}, {3, 3, 3, 3}), 1},
        ConvCase{"groups3", Shape{2, 9, 9, 7}, Shape{6, 3, 3, 3}, true, Conv({1, 1}, {1, 1, 1, 1}, {1, 1}, 3), 2},
        ConvCase{"depthwise", Shape{2, 7, 13, 12}, Shape{7, 1, 3, 3}, true, Conv({1, 1}, {1, 1, 1, 1}, {1, 1}, 7), 3},
        ConvCase{"depthwise_s2_k5", Shape{1, 6, 14, 15}, Shape{6, 1, 5, 5}, false,
                 Conv({2, 2}, {2, 2, 2, 2}, {1, 1}, 6), 1},
        ConvCase{"depthwise_multiplier3", Shape{1, 4, 9, 10}, Shape{12, 1, 3, 3}, true,
                 Conv({1, 1}, {1, 0, 2, 1}, {1, 1}, 4), 1},
        ConvCase{"depthwise_dilated_s3", Shape{2, 5, 17, 16}, Shape{5, 1, 3, 3}, true,
                 Conv({3, 3}, {2, 2, 2, 2}, {2, 2}, 5), 2},
        ConvCase{"single_input_channel", Shape{2, 1, 11, 9}, Shape{4, 1, 3, 3}, true, Conv({1, 1}, {1, 1, 1, 1}), 1},
        ConvCase{"dilation2", Shape{1, 6, 13, 13}, Shape{5, 6, 3, 3}, true, Conv({1, 1}, {2, 2, 2, 2}, {2, 2}), 1},
        ConvCase{"dilation_2x3", Shape{2, 4, 15, 17}, Shape{4, 4, 3, 3}, false, Conv({1, 1}, {1, 3, 2, 1}, {2, 3}), 1},
        ConvCase{"stride2", Shape{2, 6, 13, 13}, Shape{7, 6, 3, 3}, true, Conv({2, 2}, {1, 1, 1, 1}), 1},
        ConvCase{"stride3_no_pad", Shape{1, 5, 16, 17}, Shape{4, 5, 3, 3}, true, Conv({3, 3}, {0, 0, 0, 0}), 1},
        ConvCase{"stride_2x3_k3x5", Shape{1, 4, 13, 19}, Shape{6, 4, 3, 5}, true, Conv({2, 3}, {1, 2, 1, 2}), 1},
        ConvCase{"asym_pads", Shape{1, 6, 7, 9}, Shape{6, 6, 3, 3}, true, Conv({1, 1}, {0, 1, 2, 0}), 1},
        ConvCase{"asym_pads_s2_k4", Shape{2, 3, 10, 11}, Shape{5, 3, 4, 4}, false, Conv({2, 2}, {1, 2, 2, 1}), 1},
        ConvCase{"pads_larger_than_kernel", Shape{1, 2, 5, 5}, Shape{3, 2, 2, 2}, true, Conv({1, 1}, {3, 3, 3, 3}), 1},
        ConvCase{"same_s1_odd", Shape{1, 4, 7, 9}, Shape{5, 4, 3, 3}, true,
                 Conv({1, 1}, {0, 0, 0, 0}, {1, 1}, 1, PadMode::kSame), 1},
        ConvCase{"same_s2_even_k_odd_input", Shape{1, 4, 13, 11}, Shape{3, 4, 4, 4}, true,
                 Conv({2, 2}, {0, 0, 0, 0}, {1, 1}, 1, PadMode::kSame), 1},
        ConvCase{"same_s3_dilated", Shape{1, 3, 11, 10}, Shape{3, 3, 3, 3}, false,
                 Conv({3, 3}, {9, 9, 9, 9}, {2, 2}, 1, PadMode::kSame), 1},
        ConvCase{"valid_odd_input", Shape{2, 4, 13, 12}, Shape{4, 4, 3, 3}, true,
                 Conv({2, 2}, {1, 1, 1, 1}, {1, 1}, 1, PadMode::kValid), 1},
        ConvCase{"pointwise", Shape{2, 19, 7, 9}, Shape{13, 19, 1, 1}, true, Conv({1, 1}, {0, 0, 0, 0}), 2},
        ConvCase{"pointwise_groups2", Shape{1, 8, 5, 7}, Shape{6, 4, 1, 1}, false,
                 Conv({1, 1}, {0, 0, 0, 0}, {1, 1}, 2), 1},
        ConvCase{"pointwise_s2", Shape{1, 8, 13, 13}, Shape{9, 8, 1, 1}, false, Conv({2, 2}, {0, 0, 0, 0}), 1},
        ConvCase{"pointwise_padded", Shape{1, 3, 4, 5}, Shape{2, 3, 1, 1}, true, Conv({1, 1}, {1, 0, 0, 1}), 1},
        ConvCase{"large_k_dim_gemm_blocks", Shape{1, 33, 12, 12}, Shape{70, 33, 3, 3}, true, Conv({1, 1}, {1, 1, 1, 1}),
                 2},
        ConvCase{"tiny_1x1_input", Shape{4, 6, 1, 1}, Shape{5, 6, 1, 1}, true, Conv({1, 1}, {0, 0, 0, 0}), 1},
        ConvCase{"kernel_equals_input", Shape{2, 3, 4, 5}, Shape{2, 3, 4, 5}, true, Conv({1, 1}, {0, 0, 0, 0}), 1}),
    [](const ::testing::TestParamInfo<ConvCase>& info) { return std::string(info.param.name); });

TEST(RefConv2dTest, HandComputedExample) {
  // 1x1x3x3 input, 2x2 kernel of ones, stride 1, no pads: sums of each 2x2 block, plus bias 0.5.
  Tensor x = F32(Shape{1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  Tensor w = F32(Shape{1, 1, 2, 2}, {1, 1, 1, 1});
  Tensor b = F32(Shape{1}, {0.5f});
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y, RunRef(OpKind::kConv2d, Conv({1, 1}, {0, 0, 0, 0}), {&x, &w, &b}));
  EXPECT_TRUE(TensorsNear(y, F32(Shape{1, 1, 2, 2}, {12.5f, 16.5f, 24.5f, 28.5f})));
}

TEST(RefConv2dTest, NonF32InputHasNoReferenceKernel) {
  Tensor x(DType::kFloat64, Shape{1, 2, 3, 3});
  Tensor w(DType::kFloat64, Shape{2, 2, 1, 1});
  x.Zero();
  w.Zero();
  auto r = RunRef(OpKind::kConv2d, Conv({1, 1}, {0, 0, 0, 0}), {&x, &w});
  EXPECT_TRUE(FailsWith(r.status(), {"conv2d", "no CPU kernel", "f64"}));
}

TEST(RefConv2dTest, WrongWeightChannelsIsRejectedBySchema) {
  Tensor x = RandomTensor(Shape{1, 6, 5, 5}, 1);
  Tensor w = RandomTensor(Shape{4, 4, 3, 3}, 2);
  auto r = RunRef(OpKind::kConv2d, Conv({1, 1}, {1, 1, 1, 1}, {1, 1}, 2), {&x, &w});
  EXPECT_TRUE(FailsWith(r.status(), {"conv2d", "input #1", "[4,4,3,3]"}));
}

// Fused form (attrs.h: y = act(conv + bias + sum)) against the unfused ops run one by one, on
// each algorithm (depthwise, pointwise GEMM, im2col) with and without residual and bias.
TEST(RefConv2dTest, FusedActivationAndResidualMatchUnfusedOps) {
  struct Act {
    ir::FusedActivation fused;
    OpKind kind;
    ir::Attrs attrs;
  };
  const std::vector<Act> acts = {
      {{ir::ActivationKind::kRelu}, OpKind::kRelu, ir::NoAttrs{}},
      {{ir::ActivationKind::kClip, 0.0f, 6.0f}, OpKind::kClip, ir::ClipAttrs{0.0f, 6.0f}},
      {{ir::ActivationKind::kLeakyRelu, 0.15f}, OpKind::kLeakyRelu, ir::LeakyReluAttrs{0.15f}},
      {{ir::ActivationKind::kHardSwish, 6.0f, 6.0f, 3.0f}, OpKind::kHardSwish, ir::HardSwishAttrs{}},
      {{ir::ActivationKind::kHardSigmoid, 0.2f, 0.5f}, OpKind::kHardSigmoid, ir::HardSigmoidAttrs{0.2f, 0.5f}},
      {{ir::ActivationKind::kSigmoid}, OpKind::kSigmoid, ir::NoAttrs{}},
      {{ir::ActivationKind::kSwish, 1.25f}, OpKind::kSwish, ir::SwishAttrs{1.25f}},
  };
  struct Geometry {
    const char* name;
    Shape x, w;
    Conv2dAttrs attrs;
  };
  const std::vector<Geometry> geos = {
      {"depthwise", Shape{2, 6, 9, 7}, Shape{6, 1, 3, 3}, Conv({1, 1}, {1, 1, 1, 1}, {1, 1}, 6)},
      {"pointwise", Shape{2, 5, 6, 7}, Shape{7, 5, 1, 1}, Conv({1, 1}, {0, 0, 0, 0})},
      {"im2col_s2", Shape{1, 4, 11, 9}, Shape{6, 4, 3, 3}, Conv({2, 2}, {1, 1, 1, 1})},
  };
  uint64_t seed = 500;
  for (const Geometry& geo : geos) {
    for (const Act& act : acts) {
      for (int variant = 0; variant < 3; ++variant) {  // 0: act only, 1: bias + sum + act, 2: sum only
        SCOPED_TRACE(std::string(geo.name) + " " + ir::ActivationKindName(act.fused.kind) + " variant " +
                     std::to_string(variant));
        Tensor x = RandomTensor(geo.x, seed++, -2.0f, 2.0f);
        Tensor w = RandomTensor(geo.w, seed++);
        Tensor b = RandomTensor(Shape{geo.w[0]}, seed++);
        const bool with_bias = variant == 1, with_sum = variant >= 1;
        std::vector<const Tensor*> in = {&x, &w};
        if (with_bias) in.push_back(&b);
        OAR_ASSERT_OK_AND_ASSIGN(Tensor y, RunRef(OpKind::kConv2d, geo.attrs, in));
        Tensor sum = RandomTensor(y.shape(), seed++, -3.0f, 3.0f);
        Tensor pre = y;
        if (with_sum) {
          OAR_ASSERT_OK_AND_ASSIGN(pre, RunRef(OpKind::kAdd, ir::NoAttrs{}, {&y, &sum}));
        }
        const bool act_on = variant != 2;
        Tensor want = pre;
        if (act_on) {
          OAR_ASSERT_OK_AND_ASSIGN(want, RunRef(act.kind, act.attrs, {&pre}));
        }
        Conv2dAttrs fused = geo.attrs;
        if (act_on) fused.activation = act.fused;
        std::vector<const Tensor*> fin = {&x, &w, with_bias ? &b : nullptr};
        if (with_sum) fin.push_back(&sum);
        OAR_ASSERT_OK_AND_ASSIGN(Tensor got, RunRef(OpKind::kConv2d, fused, fin, 2));
        EXPECT_TRUE(TensorsNear(got, want, 1e-5, 1e-5));
      }
    }
  }
}

}  // namespace
}  // namespace oar::testing
