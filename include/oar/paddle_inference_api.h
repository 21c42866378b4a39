/// @file paddle_inference_api.h
/// Paddle Inference spellings on top of oar, so code written for Paddle Inference builds
/// after replacing `#include "paddle_inference_api.h"` by `#include "oar/paddle_inference_api.h"`:
/// paddle_infer::Config / CreatePredictor / Predictor / Tensor, and the 1.x names
/// paddle::AnalysisConfig, paddle::CreatePaddlePredictor, ZeroCopyTensor, ZeroCopyRun.
#pragma once

#include <memory>

#include "oar/oar.h"

namespace paddle_infer {
using Config = oar::infer::Config;
using Predictor = oar::infer::Predictor;
using Tensor = oar::infer::Tensor;
using DataType = oar::infer::DataType;
using oar::infer::CreatePredictor;
using oar::infer::GetVersion;
}  // namespace paddle_infer

namespace paddle {
using AnalysisConfig = oar::infer::Config;
using PaddlePredictor = oar::infer::Predictor;
using ZeroCopyTensor = oar::infer::Tensor;
using PaddleDType = oar::infer::DataType;
/// Paddle 1.x factory: a uniquely owned predictor.
template <typename ConfigT = AnalysisConfig>
std::unique_ptr<PaddlePredictor> CreatePaddlePredictor(const ConfigT& config) {
  return oar::infer::CreateUniquePredictor(config);
}
}  // namespace paddle
