// Registration functions of the Paddle op converters: one per file converters/<op>_converter.cc,
// all called by RegisterAllConverters (register_converters.cc).
#pragma once

#include "frontends/paddle/converter_registry.h"

namespace oar::frontends::paddle {

void RegisterArgMaxConverter(ConverterRegistry& registry);
void RegisterAssignConverter(ConverterRegistry& registry);
void RegisterAssignValueConverter(ConverterRegistry& registry);
void RegisterBatchNormConverter(ConverterRegistry& registry);
void RegisterBilinearInterpConverter(ConverterRegistry& registry);
void RegisterBilinearInterpV2Converter(ConverterRegistry& registry);
void RegisterCastConverter(ConverterRegistry& registry);
void RegisterClipConverter(ConverterRegistry& registry);
void RegisterConcatConverter(ConverterRegistry& registry);
void RegisterConv2dConverter(ConverterRegistry& registry);
void RegisterDepthwiseConv2dConverter(ConverterRegistry& registry);
void RegisterDropoutConverter(ConverterRegistry& registry);
void RegisterElementwiseAddConverter(ConverterRegistry& registry);
void RegisterElementwiseDivConverter(ConverterRegistry& registry);
void RegisterElementwiseMaxConverter(ConverterRegistry& registry);
void RegisterElementwiseMinConverter(ConverterRegistry& registry);
void RegisterElementwiseMulConverter(ConverterRegistry& registry);
void RegisterElementwisePowConverter(ConverterRegistry& registry);
void RegisterElementwiseSubConverter(ConverterRegistry& registry);
void RegisterExpConverter(ConverterRegistry& registry);
void RegisterFcConverter(ConverterRegistry& registry);
void RegisterFillConstantConverter(ConverterRegistry& registry);
void RegisterFlatten2Converter(ConverterRegistry& registry);
void RegisterFlattenContiguousRangeConverter(ConverterRegistry& registry);
void RegisterGeluConverter(ConverterRegistry& registry);
void RegisterHardSigmoidConverter(ConverterRegistry& registry);
void RegisterHardSwishConverter(ConverterRegistry& registry);
void RegisterLayerNormConverter(ConverterRegistry& registry);
void RegisterLeakyReluConverter(ConverterRegistry& registry);
void RegisterLrnConverter(ConverterRegistry& registry);
void RegisterMatmulConverter(ConverterRegistry& registry);
void RegisterMatmulV2Converter(ConverterRegistry& registry);
void RegisterMeanConverter(ConverterRegistry& registry);
void RegisterMulConverter(ConverterRegistry& registry);
void RegisterMulticlassNms3Converter(ConverterRegistry& registry);
void RegisterNearestInterpConverter(ConverterRegistry& registry);
void RegisterNearestInterpV2Converter(ConverterRegistry& registry);
void RegisterPad2dConverter(ConverterRegistry& registry);
void RegisterPool2dConverter(ConverterRegistry& registry);
void RegisterReduceMaxConverter(ConverterRegistry& registry);
void RegisterReduceMeanConverter(ConverterRegistry& registry);
void RegisterReduceSumConverter(ConverterRegistry& registry);
void RegisterRelu6Converter(ConverterRegistry& registry);
void RegisterReluConverter(ConverterRegistry& registry);
void RegisterReshape2Converter(ConverterRegistry& registry);
void RegisterScaleConverter(ConverterRegistry& registry);
void RegisterShapeConverter(ConverterRegistry& registry);
void RegisterSigmoidConverter(ConverterRegistry& registry);
void RegisterSliceConverter(ConverterRegistry& registry);
void RegisterSoftmaxConverter(ConverterRegistry& registry);
void RegisterSplitConverter(ConverterRegistry& registry);
void RegisterSqrtConverter(ConverterRegistry& registry);
void RegisterSqueeze2Converter(ConverterRegistry& registry);
void RegisterStackConverter(ConverterRegistry& registry);
void RegisterStridedSliceConverter(ConverterRegistry& registry);
void RegisterSumConverter(ConverterRegistry& registry);
void RegisterSwishConverter(ConverterRegistry& registry);
void RegisterTanhConverter(ConverterRegistry& registry);
void RegisterTranspose2Converter(ConverterRegistry& registry);
void RegisterUnsqueeze2Converter(ConverterRegistry& registry);
void RegisterYoloBoxConverter(ConverterRegistry& registry);

}  // namespace oar::frontends::paddle
