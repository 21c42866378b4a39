// Tests of the reference YoloBox kernel: hand-computed cells, layout, thresholds, clipping,
// scale_x_y, iou_aware, and random inputs against a float64 implementation written here.
#include <cmath>
#include <cstdint>
#include <vector>

#include "ir/attrs.h"
#include "runtime/single_op.h"
#include "test_util.h"

namespace oar::kernels::cpu {
namespace {

using ir::YoloBoxAttrs;
using oar::testing::RandomTensor;

Tensor ImgSize32(const std::vector<int32_t>& hw) {
  return MakeTensor<int32_t>(Shape{static_cast<int64_t>(hw.size() / 2), 2}, hw.data());
}

StatusOr<std::vector<Tensor>> RunYolo(const YoloBoxAttrs& attrs, const Tensor& x, const Tensor& img) {
  return runtime::RunOp(ir::OpKind::kYoloBox, attrs, {&x, &img}, 2, "ref");
}

// Logit whose sigmoid is p.
float Logit(double p) { return static_cast<float>(std::log(p / (1.0 - p))); }

void ExpectRow(const Tensor& t, int64_t n, int64_t row, const std::vector<double>& expected, double tol = 1e-4) {
  const int64_t width = t.shape()[2];
  ASSERT_EQ(static_cast<int64_t>(expected.size()), width);
  for (int64_t c = 0; c < width; ++c) {
    EXPECT_NEAR(t.data<float>()[(n * t.shape()[1] + row) * width + c], expected[static_cast<size_t>(c)], tol)
        << "image " << n << " row " << row << " column " << c;
  }
}

TEST(YoloBoxKernelTest, OneCellDecodesKnownLogits) {
  YoloBoxAttrs attrs;
  attrs.anchors = {10, 14};
  attrs.class_num = 2;
  attrs.downsample_ratio = 32;  // 1x1 grid -> input size 32x32
  // Channels: tx, ty, tw, th, obj, class0, class1.
  std::vector<float> logits = {0.0f, Logit(0.75), std::log(2.0f), 0.0f, Logit(0.75), 0.0f, Logit(0.25)};
  Tensor x = MakeTensor<float>(Shape{1, 7, 1, 1}, logits.data());
  Tensor img = ImgSize32({64, 96});  // h = 64, w = 96
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out, RunYolo(attrs, x, img));
  ASSERT_EQ(out[0].shape(), (Shape{1, 1, 4}));
  ASSERT_EQ(out[1].shape(), (Shape{1, 1, 2}));
  // cx = 0.5*96 = 48, cy = 0.75*64 = 48, bw = 2*10*96/32 = 60, bh = 14*64/32 = 28.
  ExpectRow(out[0], 0, 0, {18, 34, 78, 62});
  ExpectRow(out[1], 0, 0, {0.75 * 0.5, 0.75 * 0.25});
}

// A=2, C=1 on a 2x3 grid: only anchor 1, row 1, column 2 passes conf_thresh; its row is
// a*H*W + k*W + l = 1*6 + 1*3 + 2 = 11 and every other row stays zero.
class YoloBoxLayoutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    attrs_.anchors = {4, 6, 8, 10};
    attrs_.class_num = 1;
    attrs_.downsample_ratio = 8;  // input size 16 x 24
    x_ = Tensor(DType::kFloat32, Shape{1, 12, 2, 3});
    x_.Zero();
    float* p = x_.data<float>();
    for (int a = 0; a < 2; ++a) {
      for (int hw = 0; hw < 6; ++hw) p[(a * 6 + 4) * 6 + hw] = -10.0f;  // obj: conf ~ 4.5e-5
    }
    p[(1 * 6 + 4) * 6 + 1 * 3 + 2] = 0.0f;  // conf 0.5 at anchor 1, row 1, column 2
  }
  YoloBoxAttrs attrs_;
  Tensor x_;
  Tensor img_ = ImgSize32({32, 48});
};

TEST_F(YoloBoxLayoutTest, AnchorMajorThenRowThenColumnAndClipping) {
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out, RunYolo(attrs_, x_, img_));
  ASSERT_EQ(out[0].shape(), (Shape{1, 12, 4}));
  ASSERT_EQ(out[1].shape(), (Shape{1, 12, 1}));
  for (int64_t r = 0; r < 12; ++r) {
    if (r == 11) continue;
    ExpectRow(out[0], 0, r, {0, 0, 0, 0}, 0);
    ExpectRow(out[1], 0, r, {0}, 0);
  }
  // cx = 2.5*48/3 = 40, cy = 1.5*32/2 = 24, bw = 8*48/24 = 16, bh = 10*32/16 = 20 -> (32, 14, 48, 34),
  // clipped to w-1 = 47 and h-1 = 31.
  ExpectRow(out[0], 0, 11, {32, 14, 47, 31});
  ExpectRow(out[1], 0, 11, {0.25});
}

TEST_F(YoloBoxLayoutTest, NoClipKeepsBoxesOutsideTheImage) {
  attrs_.clip_bbox = false;
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out, RunYolo(attrs_, x_, img_));
  ExpectRow(out[0], 0, 11, {32, 14, 48, 34});
}

TEST_F(YoloBoxLayoutTest, ConfThreshEqualToConfKeepsTheBox) {
  attrs_.conf_thresh = 0.5f;  // sigmoid(0) == 0.5 exactly: Paddle drops only conf < conf_thresh
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out, RunYolo(attrs_, x_, img_));
  ExpectRow(out[1], 0, 11, {0.25});
  attrs_.conf_thresh = 0.5001f;
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> dropped, RunYolo(attrs_, x_, img_));
  ExpectRow(dropped[0], 0, 11, {0, 0, 0, 0}, 0);
  ExpectRow(dropped[1], 0, 11, {0}, 0);
}

TEST_F(YoloBoxLayoutTest, ClipAtZeroForBoxesLeavingTheTopLeft) {
  float* p = x_.data<float>();
  p[(1 * 6 + 0) * 6 + 0] = 0.0f;   // anchor 1, cell (0,0): obj 0 -> conf 0.5
  p[(1 * 6 + 4) * 6 + 0] = 0.0f;
  p[(1 * 6 + 2) * 6 + 0] = std::log(3.0f);  // bw = 3*16 = 48
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out, RunYolo(attrs_, x_, img_));
  // cx = 0.5*16 = 8, cy = 0.5*16 = 8, bw = 48, bh = 20 -> (-16, -2, 32, 18) clipped at 0.
  ExpectRow(out[0], 0, 6, {0, 0, 32, 18});
  attrs_.clip_bbox = false;
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> raw, RunYolo(attrs_, x_, img_));
  ExpectRow(raw[0], 0, 6, {-16, -2, 32, 18});
}

TEST(YoloBoxKernelTest, ScaleXYShiftsCentres) {
  YoloBoxAttrs attrs;
  attrs.anchors = {16, 16};
  attrs.class_num = 1;
  attrs.downsample_ratio = 16;
  attrs.scale_x_y = 1.2f;  // bias = -0.1
  std::vector<float> logits = {Logit(0.75), Logit(0.25), 0.0f, 0.0f, 2.0f, 1.0f};
  Tensor x = MakeTensor<float>(Shape{1, 6, 1, 1}, logits.data());
  Tensor img = ImgSize32({50, 100});
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out, RunYolo(attrs, x, img));
  // cx = (0.75*1.2 - 0.1)*100 = 80, cy = (0.25*1.2 - 0.1)*50 = 10; bw = 16*100/16 = 100, bh = 50.
  ExpectRow(out[0], 0, 0, {30, 0, 99, 35});
  const double conf = 1.0 / (1.0 + std::exp(-2.0));
  ExpectRow(out[1], 0, 0, {conf / (1.0 + std::exp(-1.0))});
}

TEST(YoloBoxKernelTest, IouAwareReadsIouChannelsFirst) {
  YoloBoxAttrs attrs;
  attrs.anchors = {8, 8};
  attrs.class_num = 1;
  attrs.downsample_ratio = 8;
  attrs.iou_aware = true;
  attrs.iou_aware_factor = 0.5f;
  // Channels: iou, tx, ty, tw, th, obj, class0.
  std::vector<float> logits = {Logit(0.64), 0.0f, 0.0f, std::log(0.5f), 0.0f, Logit(0.25), 0.0f};
  Tensor x = MakeTensor<float>(Shape{1, 7, 1, 1}, logits.data());
  Tensor img = ImgSize32({20, 40});
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out, RunYolo(attrs, x, img));
  // conf = 0.25^0.5 * 0.64^0.5 = 0.4; cx = 20, cy = 10, bw = 0.5*8*40/8 = 20, bh = 8*20/8 = 20.
  ExpectRow(out[0], 0, 0, {10, 0, 30, 19});
  ExpectRow(out[1], 0, 0, {0.2});
  attrs.iou_aware_factor = 1.0f;  // conf = sigmoid(iou) only
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> iou_only, RunYolo(attrs, x, img));
  ExpectRow(iou_only[1], 0, 0, {0.32});
}

TEST(YoloBoxKernelTest, ImgSizeInt64MatchesInt32) {
  YoloBoxAttrs attrs;
  attrs.anchors = {10, 13, 16, 30, 33, 23};
  attrs.class_num = 3;
  Tensor x = RandomTensor(Shape{2, 24, 3, 2}, 11, -3.0f, 3.0f);
  Tensor img32 = ImgSize32({416, 320, 200, 300});
  std::vector<int64_t> hw64 = {416, 320, 200, 300};
  Tensor img64 = MakeTensor<int64_t>(Shape{2, 2}, hw64.data());
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> a, RunYolo(attrs, x, img32));
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> b, RunYolo(attrs, x, img64));
  EXPECT_TRUE(oar::testing::TensorsNear(a[0], b[0], 0, 0));
  EXPECT_TRUE(oar::testing::TensorsNear(a[1], b[1], 0, 0));
}

// Straightforward float64 decoding, indexing X through explicit (image, channel, row, column).
// Rows whose conf lies within 1e-5 of conf_thresh are reported in `ambiguous` (float vs double).
void ReferenceYoloBox(const YoloBoxAttrs& a, const Tensor& x, const std::vector<int>& img_hw, std::vector<double>* boxes,
                      std::vector<double>* scores, std::vector<bool>* ambiguous) {
  const int64_t n = x.shape()[0], ch = x.shape()[1], gh = x.shape()[2], gw = x.shape()[3];
  const int64_t na = static_cast<int64_t>(a.anchors.size()) / 2, nc = a.class_num;
  auto at = [&](int64_t i, int64_t c, int64_t r, int64_t col) {
    return static_cast<double>(x.data<float>()[((i * ch + c) * gh + r) * gw + col]);
  };
  auto sig = [](double v) { return 1.0 / (1.0 + std::exp(-v)); };
  const int64_t iou_channels = a.iou_aware ? na : 0;
  const int64_t rows = na * gh * gw;
  boxes->assign(static_cast<size_t>(n * rows * 4), 0.0);
  scores->assign(static_cast<size_t>(n * rows * nc), 0.0);
  ambiguous->assign(static_cast<size_t>(n * rows), false);
  const double scale = a.scale_x_y, bias = -0.5 * (scale - 1.0);
  for (int64_t i = 0; i < n; ++i) {
    const double ih = img_hw[static_cast<size_t>(2 * i)], iw = img_hw[static_cast<size_t>(2 * i + 1)];
    for (int64_t an = 0; an < na; ++an) {
      const int64_t base = iou_channels + an * (5 + nc);
      for (int64_t r = 0; r < gh; ++r) {
        for (int64_t col = 0; col < gw; ++col) {
          const size_t row = static_cast<size_t>(i * rows + an * gh * gw + r * gw + col);
          double conf = sig(at(i, base + 4, r, col));
          if (a.iou_aware) {
            const double f = a.iou_aware_factor;
            conf = std::pow(conf, 1.0 - f) * std::pow(sig(at(i, an, r, col)), f);
          }
          (*ambiguous)[row] = std::fabs(conf - a.conf_thresh) < 1e-5;
          if (conf < a.conf_thresh) continue;
          const double cx = (col + sig(at(i, base, r, col)) * scale + bias) / gw * iw;
          const double cy = (r + sig(at(i, base + 1, r, col)) * scale + bias) / gh * ih;
          const double bw = std::exp(at(i, base + 2, r, col)) * a.anchors[static_cast<size_t>(2 * an)] /
                            static_cast<double>(a.downsample_ratio * gw) * iw;
          const double bh = std::exp(at(i, base + 3, r, col)) * a.anchors[static_cast<size_t>(2 * an + 1)] /
                            static_cast<double>(a.downsample_ratio * gh) * ih;
          double b[4] = {cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2};
          if (a.clip_bbox) {
            b[0] = std::max(b[0], 0.0);
            b[1] = std::max(b[1], 0.0);
            b[2] = std::min(b[2], iw - 1);
            b[3] = std::min(b[3], ih - 1);
          }
          for (int k = 0; k < 4; ++k) (*boxes)[row * 4 + static_cast<size_t>(k)] = b[k];
          for (int64_t c = 0; c < nc; ++c) {
            (*scores)[row * static_cast<size_t>(nc) + static_cast<size_t>(c)] = conf * sig(at(i, base + 5 + c, r, col));
          }
        }
      }
    }
  }
}

struct RandomCase {
  bool iou_aware;
  bool clip;
  float scale_x_y;
  float conf_thresh;
  int64_t n, h, w;
  uint64_t seed;
};

class YoloBoxRandomTest : public ::testing::TestWithParam<RandomCase> {};

TEST_P(YoloBoxRandomTest, MatchesFloat64Reference) {
  const RandomCase& rc = GetParam();
  YoloBoxAttrs attrs;
  attrs.anchors = {10, 13, 16, 30, 33, 23};
  attrs.class_num = 4;
  attrs.downsample_ratio = 16;
  attrs.clip_bbox = rc.clip;
  attrs.scale_x_y = rc.scale_x_y;
  attrs.conf_thresh = rc.conf_thresh;
  attrs.iou_aware = rc.iou_aware;
  attrs.iou_aware_factor = 0.4f;
  const int64_t channels = 3 * ((rc.iou_aware ? 6 : 5) + 4);
  Tensor x = RandomTensor(Shape{rc.n, channels, rc.h, rc.w}, rc.seed, -4.0f, 4.0f);
  std::vector<int> img_hw;
  for (int64_t i = 0; i < rc.n; ++i) {
    img_hw.push_back(static_cast<int>(97 + 61 * i));
    img_hw.push_back(static_cast<int>(211 - 37 * i));
  }
  Tensor img = ImgSize32(std::vector<int32_t>(img_hw.begin(), img_hw.end()));
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out, RunYolo(attrs, x, img));
  const int64_t rows = 3 * rc.h * rc.w;
  ASSERT_EQ(out[0].shape(), (Shape{rc.n, rows, 4}));
  ASSERT_EQ(out[1].shape(), (Shape{rc.n, rows, 4}));
  std::vector<double> boxes, scores;
  std::vector<bool> ambiguous;
  ReferenceYoloBox(attrs, x, img_hw, &boxes, &scores, &ambiguous);
  int64_t compared = 0, nonzero = 0;
  for (int64_t r = 0; r < rc.n * rows; ++r) {
    if (ambiguous[static_cast<size_t>(r)]) continue;
    ++compared;
    for (int64_t k = 0; k < 4; ++k) {
      const double ref = boxes[static_cast<size_t>(r * 4 + k)];
      ASSERT_NEAR(out[0].data<float>()[r * 4 + k], ref, 1e-5 * std::max(1.0, std::fabs(ref))) << "row " << r;
      const double sref = scores[static_cast<size_t>(r * 4 + k)];
      ASSERT_NEAR(out[1].data<float>()[r * 4 + k], sref, 1e-6) << "row " << r;
      nonzero += ref != 0.0;
    }
  }
  EXPECT_GT(compared, rows * rc.n * 9 / 10);
  EXPECT_GT(nonzero, 0);
}

INSTANTIATE_TEST_SUITE_P(Cases, YoloBoxRandomTest,
                         ::testing::Values(RandomCase{false, true, 1.0f, 0.01f, 1, 3, 5, 1},
                                           RandomCase{false, false, 1.05f, 0.3f, 2, 4, 3, 2},
                                           RandomCase{true, true, 1.1f, 0.2f, 2, 5, 5, 3},
                                           RandomCase{true, false, 1.0f, 0.005f, 3, 1, 7, 4},
                                           RandomCase{false, true, 2.0f, 0.5f, 1, 7, 1, 5}));

TEST(YoloBoxKernelTest, ZeroSizedGridGivesEmptyOutputs) {
  YoloBoxAttrs attrs;
  attrs.anchors = {10, 13};
  attrs.class_num = 2;
  Tensor x(DType::kFloat32, Shape{1, 7, 0, 4});
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out, RunYolo(attrs, x, ImgSize32({64, 64})));
  EXPECT_EQ(out[0].shape(), (Shape{1, 0, 4}));
  EXPECT_EQ(out[1].shape(), (Shape{1, 0, 2}));
}

TEST(YoloBoxKernelTest, RejectsWrongChannelCount) {
  YoloBoxAttrs attrs;
  attrs.anchors = {10, 13, 16, 30};
  attrs.class_num = 3;
  Tensor x = RandomTensor(Shape{1, 17, 2, 2}, 7);
  auto result = RunYolo(attrs, x, ImgSize32({32, 32}));
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("input #0: expected 16 channels"), std::string::npos)
      << result.status().message();
}

TEST(YoloBoxKernelTest, RejectsFloatImgSize) {
  YoloBoxAttrs attrs;
  attrs.anchors = {10, 13};
  attrs.class_num = 1;
  Tensor x = RandomTensor(Shape{1, 6, 2, 2}, 8);
  Tensor img = RandomTensor(Shape{1, 2}, 9, 10.0f, 20.0f);
  auto result = RunYolo(attrs, x, img);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("input #1: expected dtype i32 or i64, got f32[1,2]"), std::string::npos)
      << result.status().message();
}

}  // namespace
}  // namespace oar::kernels::cpu
