/// @file oar.h
/// The public C++ API of oar: Config, CreatePredictor, Predictor, Tensor.
#pragma once

#include "oar/config.h"
#include "oar/predictor.h"
