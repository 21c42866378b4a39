// The explicit list of built-in Paddle op converters (style.md §4: registration is data; no
// static initializers). Adding a converter: create converters/<op>_converter.cc with its
// Register<Op>Converter function, declare it in converters.h and add one line here.
#include "frontends/paddle/converter_registry.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

void RegisterAllConverters(ConverterRegistry& registry) {
  RegisterArgMaxConverter(registry);
  RegisterAssignConverter(registry);
  RegisterAssignValueConverter(registry);
  RegisterBatchNormConverter(registry);
  RegisterBilinearInterpConverter(registry);
  RegisterBilinearInterpV2Converter(registry);
  RegisterCastConverter(registry);
  RegisterClipConverter(registry);
  RegisterConcatConverter(registry);
  RegisterConv2dConverter(registry);
  RegisterDepthwiseConv2dConverter(registry);
  RegisterDropoutConverter(registry);
  RegisterElementwiseAddConverter(registry);
  RegisterElementwiseDivConverter(registry);
  RegisterElementwiseMaxConverter(registry);
  RegisterElementwiseMinConverter(registry);
  RegisterElementwiseMulConverter(registry);
  RegisterElementwisePowConverter(registry);
  RegisterElementwiseSubConverter(registry);
  RegisterExpConverter(registry);
  RegisterFcConverter(registry);
  RegisterFillConstantConverter(registry);
  RegisterFlatten2Converter(registry);
  RegisterFlattenContiguousRangeConverter(registry);
  RegisterGeluConverter(registry);
  RegisterHardSigmoidConverter(registry);
  RegisterHardSwishConverter(registry);
  RegisterLayerNormConverter(registry);
  RegisterLeakyReluConverter(registry);
  RegisterLrnConverter(registry);
  RegisterMatmulConverter(registry);
  RegisterMatmulV2Converter(registry);
  RegisterMeanConverter(registry);
  RegisterMulConverter(registry);
  RegisterMulticlassNms3Converter(registry);
  RegisterNearestInterpConverter(registry);
  RegisterNearestInterpV2Converter(registry);
  RegisterPad2dConverter(registry);
  RegisterPool2dConverter(registry);
  RegisterReduceMaxConverter(registry);
  RegisterReduceMeanConverter(registry);
  RegisterReduceSumConverter(registry);
  RegisterRelu6Converter(registry);
  RegisterReluConverter(registry);
  RegisterReshape2Converter(registry);
  RegisterScaleConverter(registry);
  RegisterShapeConverter(registry);
  RegisterSigmoidConverter(registry);
  RegisterSliceConverter(registry);
  RegisterSoftmaxConverter(registry);
  RegisterSplitConverter(registry);
  RegisterSqrtConverter(registry);
  RegisterSqueeze2Converter(registry);
  RegisterStackConverter(registry);
  RegisterStridedSliceConverter(registry);
  RegisterSumConverter(registry);
  RegisterSwishConverter(registry);
  RegisterTanhConverter(registry);
  RegisterTranspose2Converter(registry);
  RegisterUnsqueeze2Converter(registry);
  RegisterYoloBoxConverter(registry);
}

}  // namespace oar::frontends::paddle
