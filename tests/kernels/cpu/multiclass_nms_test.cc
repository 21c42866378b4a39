// Tests of the reference MulticlassNms kernel (Paddle multiclass_nms3): hand-made overlapping boxes
// with known IoUs, thresholds, background label, nms_top_k, keep_top_k, nms_eta, normalized vs
// pixel IoU, several images, empty results, ties, and random inputs against a float64
// implementation written here.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <random>
#include <tuple>
#include <vector>

#include "ir/attrs.h"
#include "runtime/single_op.h"
#include "test_util.h"

namespace oar::kernels::cpu {
namespace {

using ir::MulticlassNmsAttrs;

// One output row: label, score, box index into the flattened [N*M] boxes.
struct Row {
  int label;
  float score;
  int index;
  bool operator==(const Row& o) const { return label == o.label && score == o.score && index == o.index; }
};

std::ostream& operator<<(std::ostream& os, const Row& r) {
  return os << "(label " << r.label << ", score " << r.score << ", index " << r.index << ")";
}

struct NmsResult {
  std::vector<Row> rows;
  std::vector<int32_t> rois_num;
};

// Runs the op and checks the output contract: Out [K,6], Index [K,1], NmsRoisNum [N], the box
// columns of Out equal the indexed input box.
NmsResult RunNms(const MulticlassNmsAttrs& attrs, const Tensor& boxes, const Tensor& scores) {
  NmsResult r;
  auto result = runtime::RunOp(ir::OpKind::kMulticlassNms, attrs, {&boxes, &scores}, 3, "ref");
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  if (!result.ok()) return r;
  const std::vector<Tensor>& out = result.value();
  const int64_t k = out[0].shape()[0];
  EXPECT_EQ(out[0].dtype(), DType::kFloat32);
  EXPECT_EQ(out[0].shape(), (Shape{k, 6}));
  EXPECT_EQ(out[1].dtype(), DType::kInt32);
  EXPECT_EQ(out[1].shape(), (Shape{k, 1}));
  EXPECT_EQ(out[2].dtype(), DType::kInt32);
  EXPECT_EQ(out[2].shape(), (Shape{boxes.shape()[0]}));
  const float* o = out[0].data<float>();
  for (int64_t i = 0; i < k; ++i) {
    const int index = out[1].data<int32_t>()[i];
    r.rows.push_back({static_cast<int>(o[i * 6]), o[i * 6 + 1], index});
    for (int c = 0; c < 4; ++c) EXPECT_EQ(o[i * 6 + 2 + c], boxes.data<float>()[index * 4 + c]) << "row " << i;
  }
  int64_t total = 0;
  for (int64_t i = 0; i < out[2].numel(); ++i) {
    r.rois_num.push_back(out[2].data<int32_t>()[i]);
    total += r.rois_num.back();
  }
  EXPECT_EQ(total, k);
  return r;
}

Tensor Boxes(int64_t n, int64_t m, const std::vector<float>& v) { return MakeTensor<float>(Shape{n, m, 4}, v.data()); }
Tensor Scores(int64_t n, int64_t c, int64_t m, const std::vector<float>& v) {
  return MakeTensor<float>(Shape{n, c, m}, v.data());
}

// Normalized boxes: A (0,0,1,1); B shifted 0.1 (IoU(A,B) = 0.9/1.1 = 0.818); C shifted 0.5
// (IoU(A,C) = 0.5/1.5 = 0.333, IoU(B,C) = 0.6/1.4 = 0.429); D far away.
const std::vector<float> kFourBoxes = {0, 0, 1, 1, 0.1f, 0, 1.1f, 1, 0.5f, 0, 1.5f, 1, 2, 2, 3, 3};

TEST(MulticlassNmsKernelTest, GreedyNmsKeepsExpectedSet) {
  MulticlassNmsAttrs attrs;
  attrs.score_threshold = 0.1f;
  attrs.nms_threshold = 0.5f;
  attrs.background_label = -1;
  // One class, scores A 0.9 > B 0.8 > C 0.7 > D 0.6.
  NmsResult r = RunNms(attrs, Boxes(1, 4, kFourBoxes), Scores(1, 1, 4, {0.9f, 0.8f, 0.7f, 0.6f}));
  EXPECT_EQ(r.rows, (std::vector<Row>{{0, 0.9f, 0}, {0, 0.7f, 2}, {0, 0.6f, 3}}));
  EXPECT_EQ(r.rois_num, (std::vector<int32_t>{3}));

  attrs.nms_threshold = 0.3f;  // C (0.333 with A) goes too
  r = RunNms(attrs, Boxes(1, 4, kFourBoxes), Scores(1, 1, 4, {0.9f, 0.8f, 0.7f, 0.6f}));
  EXPECT_EQ(r.rows, (std::vector<Row>{{0, 0.9f, 0}, {0, 0.6f, 3}}));

  // B first: A suppressed by B (0.818), C kept (0.429 <= 0.5), D kept.
  attrs.nms_threshold = 0.5f;
  r = RunNms(attrs, Boxes(1, 4, kFourBoxes), Scores(1, 1, 4, {0.8f, 0.95f, 0.7f, 0.6f}));
  EXPECT_EQ(r.rows, (std::vector<Row>{{0, 0.95f, 1}, {0, 0.7f, 2}, {0, 0.6f, 3}}));
}

TEST(MulticlassNmsKernelTest, ScoreThresholdIsStrict) {
  MulticlassNmsAttrs attrs;
  attrs.score_threshold = 0.7f;
  attrs.nms_threshold = 0.5f;
  attrs.background_label = -1;
  NmsResult r = RunNms(attrs, Boxes(1, 4, kFourBoxes), Scores(1, 1, 4, {0.9f, 0.8f, 0.7f, 0.75f}));
  // C's 0.7 is not > 0.7; B suppressed by A.
  EXPECT_EQ(r.rows, (std::vector<Row>{{0, 0.9f, 0}, {0, 0.75f, 3}}));
}

TEST(MulticlassNmsKernelTest, BackgroundLabelIsSkippedAndRowsAreGroupedByLabel) {
  MulticlassNmsAttrs attrs;
  attrs.score_threshold = 0.1f;
  attrs.nms_threshold = 0.5f;
  attrs.background_label = 0;
  // Class 0 (background) has the highest scores; class 2 beats class 1 on score but comes after it.
  std::vector<float> s = {0.99f, 0.99f, 0.99f, 0.99f,  // class 0
                          0.3f,  0.05f, 0.2f,  0.05f,  // class 1: A, C
                          0.05f, 0.05f, 0.05f, 0.9f};  // class 2: D
  NmsResult r = RunNms(attrs, Boxes(1, 4, kFourBoxes), Scores(1, 3, 4, s));
  EXPECT_EQ(r.rows, (std::vector<Row>{{1, 0.3f, 0}, {1, 0.2f, 2}, {2, 0.9f, 3}}));

  attrs.background_label = -1;  // no background: class 0 contributes A, C, D
  r = RunNms(attrs, Boxes(1, 4, kFourBoxes), Scores(1, 3, 4, s));
  ASSERT_EQ(r.rows.size(), 6u);
  EXPECT_EQ(r.rows[0], (Row{0, 0.99f, 0}));
  EXPECT_EQ(r.rows[1], (Row{0, 0.99f, 2}));
  EXPECT_EQ(r.rows[2], (Row{0, 0.99f, 3}));
  EXPECT_EQ(r.rows[5], (Row{2, 0.9f, 3}));

  attrs.background_label = 2;
  r = RunNms(attrs, Boxes(1, 4, kFourBoxes), Scores(1, 3, 4, s));
  EXPECT_EQ(r.rows.size(), 5u);
  for (const Row& row : r.rows) EXPECT_NE(row.label, 2);
}

TEST(MulticlassNmsKernelTest, NmsTopKLimitsCandidatesBeforeNms) {
  MulticlassNmsAttrs attrs;
  attrs.score_threshold = 0.1f;
  attrs.nms_threshold = 0.5f;
  attrs.background_label = -1;
  Tensor scores = Scores(1, 1, 4, {0.9f, 0.8f, 0.7f, 0.6f});
  attrs.nms_top_k = 3;  // D (4th) never considered; B suppressed
  EXPECT_EQ(RunNms(attrs, Boxes(1, 4, kFourBoxes), scores).rows, (std::vector<Row>{{0, 0.9f, 0}, {0, 0.7f, 2}}));
  attrs.nms_top_k = 1;
  EXPECT_EQ(RunNms(attrs, Boxes(1, 4, kFourBoxes), scores).rows, (std::vector<Row>{{0, 0.9f, 0}}));
  attrs.nms_top_k = 0;  // Paddle: top_k > -1 cuts, so 0 keeps nothing
  EXPECT_TRUE(RunNms(attrs, Boxes(1, 4, kFourBoxes), scores).rows.empty());
  attrs.nms_top_k = 100;
  EXPECT_EQ(RunNms(attrs, Boxes(1, 4, kFourBoxes), scores).rows.size(), 3u);
}

TEST(MulticlassNmsKernelTest, KeepTopKAcrossClassesKeepsLabelOrder) {
  MulticlassNmsAttrs attrs;
  attrs.score_threshold = 0.1f;
  attrs.nms_threshold = 0.5f;
  attrs.background_label = -1;
  std::vector<float> s = {0.5f,  0.05f, 0.05f, 0.3f,   // class 0: A 0.5, D 0.3
                          0.05f, 0.05f, 0.6f,  0.4f};  // class 1: C 0.6, D 0.4
  attrs.keep_top_k = 3;  // best three: C 0.6 (1), A 0.5 (0), D 0.4 (1); D 0.3 (0) drops
  NmsResult r = RunNms(attrs, Boxes(1, 4, kFourBoxes), Scores(1, 2, 4, s));
  EXPECT_EQ(r.rows, (std::vector<Row>{{0, 0.5f, 0}, {1, 0.6f, 2}, {1, 0.4f, 3}}));
  EXPECT_EQ(r.rois_num, (std::vector<int32_t>{3}));
  attrs.keep_top_k = 4;  // not more than keep_top_k: nothing cut
  EXPECT_EQ(RunNms(attrs, Boxes(1, 4, kFourBoxes), Scores(1, 2, 4, s)).rows.size(), 4u);
  attrs.keep_top_k = 0;
  EXPECT_TRUE(RunNms(attrs, Boxes(1, 4, kFourBoxes), Scores(1, 2, 4, s)).rows.empty());
}

TEST(MulticlassNmsKernelTest, TiesKeepLowerBoxThenLowerLabel) {
  MulticlassNmsAttrs attrs;
  attrs.score_threshold = 0.1f;
  attrs.nms_threshold = 0.9f;
  attrs.background_label = -1;
  // A and B overlap with IoU 0.818 < 0.9, so both are kept; equal scores keep box order.
  std::vector<float> s = {0.5f, 0.5f, 0.05f, 0.05f,   // class 0
                          0.5f, 0.05f, 0.05f, 0.5f};  // class 1
  NmsResult r = RunNms(attrs, Boxes(1, 4, kFourBoxes), Scores(1, 2, 4, s));
  EXPECT_EQ(r.rows, (std::vector<Row>{{0, 0.5f, 0}, {0, 0.5f, 1}, {1, 0.5f, 0}, {1, 0.5f, 3}}));
  // keep_top_k 3 among four equal scores: the stable sort keeps class 0's two, then class 1's first.
  attrs.keep_top_k = 3;
  r = RunNms(attrs, Boxes(1, 4, kFourBoxes), Scores(1, 2, 4, s));
  EXPECT_EQ(r.rows, (std::vector<Row>{{0, 0.5f, 0}, {0, 0.5f, 1}, {1, 0.5f, 0}}));
  // Equal scores and IoU above the threshold: the lower index wins.
  attrs.nms_threshold = 0.5f;
  attrs.keep_top_k = -1;
  r = RunNms(attrs, Boxes(1, 4, kFourBoxes), Scores(1, 1, 4, {0.5f, 0.5f, 0.05f, 0.05f}));
  EXPECT_EQ(r.rows, (std::vector<Row>{{0, 0.5f, 0}}));
}

TEST(MulticlassNmsKernelTest, AdaptiveThresholdWithEta) {
  // Three boxes along x: P (0,0,1,1), Q (0.25,0,1.25,1), R (0.9,0,1.9,1).
  // IoU(P,Q) = 0.75/1.25 = 0.6, IoU(P,R) = 0.1/1.9 = 0.053, IoU(Q,R) = 0.35/1.65 = 0.212.
  std::vector<float> b = {0, 0, 1, 1, 0.25f, 0, 1.25f, 1, 0.9f, 0, 1.9f, 1};
  Tensor scores = Scores(1, 1, 3, {0.9f, 0.8f, 0.7f});
  MulticlassNmsAttrs attrs;
  attrs.score_threshold = 0.1f;
  attrs.nms_threshold = 0.8f;
  attrs.background_label = -1;
  // eta 1: Q survives 0.6 <= 0.8.
  EXPECT_EQ(RunNms(attrs, Boxes(1, 3, b), scores).rows.size(), 3u);
  // eta 0.5: after P the threshold is 0.4, Q's 0.6 is suppressed; R is kept (0.053 <= 0.4).
  attrs.nms_eta = 0.5f;
  EXPECT_EQ(RunNms(attrs, Boxes(1, 3, b), scores).rows, (std::vector<Row>{{0, 0.9f, 0}, {0, 0.7f, 2}}));
  // Threshold 0.5 is not > 0.5, so eta never applies: Q's 0.6 > 0.5 is suppressed anyway, R kept.
  attrs.nms_threshold = 0.5f;
  EXPECT_EQ(RunNms(attrs, Boxes(1, 3, b), scores).rows, (std::vector<Row>{{0, 0.9f, 0}, {0, 0.7f, 2}}));
  // Threshold 0.65 with eta 0.95: 0.6175 after P, 0.6 <= 0.6175 keeps Q; then 0.6175 > 0.5
  // shrinks to 0.5866, and R's IoU with Q (0.212) passes.
  attrs.nms_threshold = 0.65f;
  attrs.nms_eta = 0.95f;
  EXPECT_EQ(RunNms(attrs, Boxes(1, 3, b), scores).rows.size(), 3u);
  attrs.nms_eta = 0.9f;  // 0.585 after P: Q (0.6) suppressed
  EXPECT_EQ(RunNms(attrs, Boxes(1, 3, b), scores).rows, (std::vector<Row>{{0, 0.9f, 0}, {0, 0.7f, 2}}));
}

TEST(MulticlassNmsKernelTest, PixelBoxesAddOneToSides) {
  // A (0,0,9,9), B (5,0,14,9). Not normalized: areas 10x10, intersection 5x10 -> IoU 50/150 = 0.333.
  // Normalized: areas 9x9, intersection 4x9 -> IoU 36/126 = 0.286.
  std::vector<float> b = {0, 0, 9, 9, 5, 0, 14, 9};
  Tensor scores = Scores(1, 1, 2, {0.9f, 0.8f});
  MulticlassNmsAttrs attrs;
  attrs.score_threshold = 0.1f;
  attrs.nms_threshold = 0.3f;
  attrs.background_label = -1;
  attrs.normalized = true;
  EXPECT_EQ(RunNms(attrs, Boxes(1, 2, b), scores).rows.size(), 2u);
  attrs.normalized = false;
  EXPECT_EQ(RunNms(attrs, Boxes(1, 2, b), scores).rows, (std::vector<Row>{{0, 0.9f, 0}}));
  // Touching boxes (x2 == next x1) overlap by one pixel column when not normalized.
  std::vector<float> touching = {0, 0, 9, 9, 9, 0, 18, 9};
  attrs.nms_threshold = 0.01f;
  EXPECT_EQ(RunNms(attrs, Boxes(1, 2, touching), scores).rows.size(), 1u);  // IoU 10/190
  attrs.normalized = true;
  EXPECT_EQ(RunNms(attrs, Boxes(1, 2, touching), scores).rows.size(), 2u);  // IoU 0
}

TEST(MulticlassNmsKernelTest, SeveralImagesOffsetIndicesAndCountRows) {
  MulticlassNmsAttrs attrs;
  attrs.score_threshold = 0.1f;
  attrs.nms_threshold = 0.5f;
  attrs.background_label = 0;
  std::vector<float> b = kFourBoxes;
  b.insert(b.end(), kFourBoxes.begin(), kFourBoxes.end());
  b.insert(b.end(), kFourBoxes.begin(), kFourBoxes.end());
  std::vector<float> s = {
      0.9f, 0.9f, 0.9f, 0.9f, 0.6f,  0.7f,  0.05f, 0.05f,  // image 0: class 1 keeps B only
      0.9f, 0.9f, 0.9f, 0.9f, 0.05f, 0.05f, 0.05f, 0.05f,  // image 1: nothing
      0.9f, 0.9f, 0.9f, 0.9f, 0.45f, 0.3f,  0.05f, 0.5f,   // image 2: class 1 keeps D, A (B suppressed)
  };
  NmsResult r = RunNms(attrs, Boxes(3, 4, b), Scores(3, 2, 4, s));
  EXPECT_EQ(r.rows, (std::vector<Row>{{1, 0.7f, 1}, {1, 0.5f, 11}, {1, 0.45f, 8}}));
  EXPECT_EQ(r.rois_num, (std::vector<int32_t>{1, 0, 2}));
}

TEST(MulticlassNmsKernelTest, NothingSurvivesGivesEmptyOutputs) {
  MulticlassNmsAttrs attrs;
  attrs.score_threshold = 0.95f;
  NmsResult r = RunNms(attrs, Boxes(2, 2, {0, 0, 1, 1, 0, 0, 2, 2, 1, 1, 2, 2, 0, 0, 3, 3}),
                    Scores(2, 2, 2, {0.2f, 0.3f, 0.9f, 0.94f, 0.5f, 0.1f, 0.7f, 0.95f}));
  EXPECT_TRUE(r.rows.empty());
  EXPECT_EQ(r.rois_num, (std::vector<int32_t>{0, 0}));
}

TEST(MulticlassNmsKernelTest, RejectsMismatchedBoxCount) {
  MulticlassNmsAttrs attrs;
  Tensor boxes = oar::testing::RandomTensor(Shape{1, 5, 4}, 3);
  Tensor scores = oar::testing::RandomTensor(Shape{1, 2, 6}, 4);
  auto result = runtime::RunOp(ir::OpKind::kMulticlassNms, attrs, {&boxes, &scores}, 3, "ref");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("input #1: expected dim 2 = 5 boxes"), std::string::npos)
      << result.status().message();
}

// Straightforward float64 multiclass NMS: per class, an O(M^2) scan picks the best remaining
// candidate each round (ties: lowest index) and drops every candidate overlapping it.
std::vector<Row> ReferenceNms(const MulticlassNmsAttrs& a, const Tensor& boxes, const Tensor& scores,
                              std::vector<int32_t>* rois_num) {
  const int64_t n = boxes.shape()[0], m = boxes.shape()[1], nc = scores.shape()[1];
  auto box = [&](int64_t i, int64_t j, int k) { return static_cast<double>(boxes.data<float>()[(i * m + j) * 4 + k]); };
  auto iou = [&](int64_t i, int64_t p, int64_t q) {
    const double off = a.normalized ? 0.0 : 1.0;
    auto area = [&](int64_t j) {
      const double w = box(i, j, 2) - box(i, j, 0), h = box(i, j, 3) - box(i, j, 1);
      return (w < 0 || h < 0) ? 0.0 : (w + off) * (h + off);
    };
    const double x1 = std::max(box(i, p, 0), box(i, q, 0)), y1 = std::max(box(i, p, 1), box(i, q, 1));
    const double x2 = std::min(box(i, p, 2), box(i, q, 2)), y2 = std::min(box(i, p, 3), box(i, q, 3));
    if (x2 < x1 || y2 < y1) return 0.0;
    const double inter = (x2 - x1 + off) * (y2 - y1 + off);
    return inter / (area(p) + area(q) - inter);
  };
  std::vector<Row> all;
  for (int64_t i = 0; i < n; ++i) {
    // (score, label, box) triples in label order then NMS order.
    std::vector<std::tuple<double, int, int>> dets;
    for (int64_t c = 0; c < nc; ++c) {
      if (c == a.background_label) continue;
      auto score = [&](int64_t j) { return static_cast<double>(scores.data<float>()[(i * nc + c) * m + j]); };
      std::vector<int64_t> cand;
      for (int64_t j = 0; j < m; ++j) {
        if (score(j) > static_cast<double>(a.score_threshold)) cand.push_back(j);
      }
      // nms_top_k: the best nms_top_k by (score desc, index asc).
      std::vector<int64_t> order = cand;
      std::sort(order.begin(), order.end(),
                [&](int64_t p, int64_t q) { return score(p) != score(q) ? score(p) > score(q) : p < q; });
      if (a.nms_top_k >= 0 && static_cast<int64_t>(order.size()) > a.nms_top_k) order.resize(a.nms_top_k);
      std::vector<bool> alive(static_cast<size_t>(m), false);
      for (int64_t j : order) alive[static_cast<size_t>(j)] = true;
      double thr = a.nms_threshold;
      std::vector<int64_t> kept;
      while (true) {
        int64_t best = -1;
        for (int64_t j = 0; j < m; ++j) {
          if (alive[static_cast<size_t>(j)] && (best < 0 || score(j) > score(best))) best = j;
        }
        if (best < 0) break;
        alive[static_cast<size_t>(best)] = false;
        bool ok = true;
        for (int64_t k : kept) ok = ok && iou(i, best, k) <= thr;
        if (!ok) continue;
        kept.push_back(best);
        if (a.nms_eta < 1.0f && thr > 0.5) thr *= static_cast<double>(a.nms_eta);
      }
      for (int64_t k : kept) dets.emplace_back(score(k), static_cast<int>(c), static_cast<int>(k));
    }
    if (a.keep_top_k >= 0 && static_cast<int64_t>(dets.size()) > a.keep_top_k) {
      std::vector<size_t> pos(dets.size());
      for (size_t p = 0; p < pos.size(); ++p) pos[p] = p;
      std::sort(pos.begin(), pos.end(), [&](size_t p, size_t q) {
        return std::get<0>(dets[p]) != std::get<0>(dets[q]) ? std::get<0>(dets[p]) > std::get<0>(dets[q]) : p < q;
      });
      pos.resize(static_cast<size_t>(a.keep_top_k));
      std::sort(pos.begin(), pos.end());  // dets is already in (label, NMS order)
      std::vector<std::tuple<double, int, int>> cut;
      for (size_t p : pos) cut.push_back(dets[p]);
      dets = cut;
    }
    rois_num->push_back(static_cast<int32_t>(dets.size()));
    for (const auto& d : dets) {
      all.push_back({std::get<1>(d), static_cast<float>(std::get<0>(d)), static_cast<int>(i * m) + std::get<2>(d)});
    }
  }
  return all;
}

// Random boxes in clusters (so that NMS has work) and random scores.
void RandomProblem(int64_t n, int64_t m, int64_t c, uint64_t seed, bool pixels, Tensor* boxes, Tensor* scores) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  const float scale = pixels ? 100.0f : 1.0f;
  *boxes = Tensor(DType::kFloat32, Shape{n, m, 4});
  float* b = boxes->data<float>();
  for (int64_t j = 0; j < n * m; ++j) {
    const float cx = (0.2f + 0.6f * static_cast<float>(j % 4) / 3.0f + 0.1f * u(rng)) * scale;
    const float cy = (0.3f + 0.4f * u(rng)) * scale;
    const float w = (0.05f + 0.3f * u(rng)) * scale, h = (0.05f + 0.3f * u(rng)) * scale;
    b[j * 4] = cx - w / 2;
    b[j * 4 + 1] = cy - h / 2;
    b[j * 4 + 2] = cx + w / 2;
    b[j * 4 + 3] = cy + h / 2;
  }
  *scores = oar::testing::RandomTensor(Shape{n, c, m}, seed + 1000, 0.0f, 1.0f);
}

struct NmsCase {
  int64_t n, m, c;
  float score_threshold, nms_threshold, eta;
  int64_t nms_top_k, keep_top_k, background;
  bool normalized;
  uint64_t seed;
};

class MulticlassNmsRandomTest : public ::testing::TestWithParam<NmsCase> {};

TEST_P(MulticlassNmsRandomTest, MatchesFloat64Reference) {
  const NmsCase& nc = GetParam();
  MulticlassNmsAttrs attrs;
  attrs.score_threshold = nc.score_threshold;
  attrs.nms_threshold = nc.nms_threshold;
  attrs.nms_eta = nc.eta;
  attrs.nms_top_k = nc.nms_top_k;
  attrs.keep_top_k = nc.keep_top_k;
  attrs.background_label = nc.background;
  attrs.normalized = nc.normalized;
  Tensor boxes, scores;
  RandomProblem(nc.n, nc.m, nc.c, nc.seed, !nc.normalized, &boxes, &scores);
  std::vector<int32_t> ref_num;
  std::vector<Row> ref = ReferenceNms(attrs, boxes, scores, &ref_num);
  NmsResult got = RunNms(attrs, boxes, scores);
  EXPECT_EQ(got.rows, ref);
  EXPECT_EQ(got.rois_num, ref_num);
  EXPECT_FALSE(ref.empty());
}

INSTANTIATE_TEST_SUITE_P(Cases, MulticlassNmsRandomTest,
                         ::testing::Values(NmsCase{1, 37, 3, 0.05f, 0.3f, 1.0f, -1, -1, 0, true, 1},
                                           NmsCase{3, 50, 4, 0.2f, 0.5f, 1.0f, 20, 15, 1, true, 2},
                                           NmsCase{2, 61, 5, 0.1f, 0.7f, 0.8f, -1, -1, -1, true, 3},
                                           NmsCase{2, 45, 2, 0.3f, 0.45f, 1.0f, 10, 8, -1, false, 4},
                                           NmsCase{4, 29, 6, 0.5f, 0.9f, 0.6f, 7, 12, 3, false, 5},
                                           NmsCase{1, 120, 7, 0.01f, 0.6f, 0.9f, 100, 40, 0, true, 6}));

}  // namespace
}  // namespace oar::kernels::cpu
