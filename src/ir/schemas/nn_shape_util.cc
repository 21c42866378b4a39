#include "ir/schemas/nn_shape_util.h"

#include <algorithm>

namespace oar::ir {

namespace {
bool Known(int64_t d) { return d >= 0; }
}  // namespace

int64_t SamePadTotal(int64_t in, int64_t eff_k, int64_t stride) {
  if (!Known(in) || !Known(eff_k) || stride <= 0) return kUnknownDim;
  int64_t out = (in + stride - 1) / stride;
  return std::max<int64_t>((out - 1) * stride + eff_k - in, 0);
}

int64_t ConvOutputDim(int64_t in, int64_t k, int64_t dilation, int64_t stride, int64_t pad_begin, int64_t pad_end) {
  if (!Known(in) || !Known(k) || !Known(pad_begin) || !Known(pad_end) || stride <= 0) return kUnknownDim;
  int64_t num = in + pad_begin + pad_end - dilation * (k - 1) - 1;
  if (num < 0) return 0;  // window larger than the padded input: callers report it
  return num / stride + 1;
}

int64_t PoolOutputDim(int64_t in, int64_t k, int64_t stride, int64_t pad_begin, int64_t pad_end, bool ceil_mode) {
  if (!Known(in) || !Known(k) || !Known(pad_begin) || !Known(pad_end) || stride <= 0) return kUnknownDim;
  int64_t num = in + pad_begin + pad_end - k;
  // Paddle computes (in + pads - k) / stride + 1 with truncating division, so a window larger
  // than the padded input still yields one output (e.g. H=1, k=2, s=2 -> 1).
  if (num < 0) return std::max<int64_t>(num / stride + 1, 0);
  if (!ceil_mode) return num / stride + 1;
  int64_t out = (num + stride - 1) / stride + 1;
  // The last window must start inside the input or its leading pad, otherwise it only sees padding.
  if ((out - 1) * stride >= in + pad_begin) --out;
  return out;
}

Window2d ResolveConv2d(const Conv2dAttrs& attrs, int64_t in_h, int64_t in_w, int64_t kh, int64_t kw) {
  Window2d w;
  w.kernel[0] = kh;
  w.kernel[1] = kw;
  for (int i = 0; i < 2; ++i) {
    w.strides[i] = attrs.strides[static_cast<size_t>(i)];
    w.dilations[i] = attrs.dilations[static_cast<size_t>(i)];
  }
  const int64_t in[2] = {in_h, in_w};
  for (int i = 0; i < 2; ++i) {
    switch (attrs.pad_mode) {
      case PadMode::kExplicit:
        w.pads[i] = attrs.pads[static_cast<size_t>(i)];
        w.pads[i + 2] = attrs.pads[static_cast<size_t>(i + 2)];
        break;
      case PadMode::kValid:
        w.pads[i] = w.pads[i + 2] = 0;
        break;
      case PadMode::kSame: {
        int64_t eff_k = Known(w.kernel[i]) ? (w.kernel[i] - 1) * w.dilations[i] + 1 : kUnknownDim;
        int64_t total = SamePadTotal(in[i], eff_k, w.strides[i]);
        w.pads[i] = Known(total) ? total / 2 : kUnknownDim;
        w.pads[i + 2] = Known(total) ? total - total / 2 : kUnknownDim;
        break;
      }
    }
    w.out[i] = ConvOutputDim(in[i], w.kernel[i], w.dilations[i], w.strides[i], w.pads[i], w.pads[i + 2]);
  }
  return w;
}

Window2d ResolvePool2d(const Pool2dAttrs& attrs, int64_t in_h, int64_t in_w) {
  Window2d w;
  const int64_t in[2] = {in_h, in_w};
  if (attrs.global) {
    for (int i = 0; i < 2; ++i) {
      w.kernel[i] = in[i];
      w.strides[i] = 1;
      w.out[i] = 1;
    }
    return w;
  }
  if (attrs.adaptive) {
    for (int i = 0; i < 2; ++i) {
      w.kernel[i] = attrs.kernel[static_cast<size_t>(i)];
      w.out[i] = attrs.kernel[static_cast<size_t>(i)];
    }
    return w;
  }
  for (int i = 0; i < 2; ++i) {
    w.kernel[i] = attrs.kernel[static_cast<size_t>(i)];
    w.strides[i] = attrs.strides[static_cast<size_t>(i)];
    switch (attrs.pad_mode) {
      case PadMode::kExplicit:
        w.pads[i] = attrs.pads[static_cast<size_t>(i)];
        w.pads[i + 2] = attrs.pads[static_cast<size_t>(i + 2)];
        break;
      case PadMode::kValid:
        w.pads[i] = w.pads[i + 2] = 0;
        break;
      case PadMode::kSame: {
        int64_t total = SamePadTotal(in[i], w.kernel[i], w.strides[i]);
        w.pads[i] = Known(total) ? total / 2 : kUnknownDim;
        w.pads[i + 2] = Known(total) ? total - total / 2 : kUnknownDim;
        break;
      }
    }
    w.out[i] = PoolOutputDim(in[i], w.kernel[i], w.strides[i], w.pads[i], w.pads[i + 2], attrs.ceil_mode);
  }
  return w;
}

void ResizeScales(const ResizeAttrs& attrs, const Tensor* scale_input, float* scale_h, float* scale_w) {
  *scale_h = -1.0f;
  *scale_w = -1.0f;
  if (scale_input && scale_input->numel() >= 1) {
    float sh = static_cast<float>(scale_input->GetDouble(0));
    float sw = scale_input->numel() >= 2 ? static_cast<float>(scale_input->GetDouble(1)) : sh;
    if (sh > 0.0f && sw > 0.0f) {
      *scale_h = sh;
      *scale_w = sw;
      return;
    }
  }
  if (attrs.scale_h > 0.0f && attrs.scale_w > 0.0f) {
    *scale_h = attrs.scale_h;
    *scale_w = attrs.scale_w;
  }
}

bool ResizeOutputSize(const ResizeAttrs& attrs, int64_t in_h, int64_t in_w, bool out_size_present,
                      const Tensor* out_size, bool scale_present, const Tensor* scale_input, int64_t* out_h,
                      int64_t* out_w) {
  *out_h = *out_w = kUnknownDim;
  if (out_size_present) {
    if (out_size && out_size->numel() >= 2) {
      *out_h = out_size->GetInt(0);
      *out_w = out_size->GetInt(1);
    }
    return true;
  }
  if (attrs.out_h > 0 && attrs.out_w > 0) {
    *out_h = attrs.out_h;
    *out_w = attrs.out_w;
    return true;
  }
  if (scale_present && !scale_input) return true;  // size depends on a value known only at run time
  float sh = -1.0f, sw = -1.0f;
  ResizeScales(attrs, scale_input, &sh, &sw);
  if (sh <= 0.0f) return scale_present;  // a Scale input holding non-positive values: callers report it
  // Paddle computes static_cast<int>(in * scale) in float.
  if (Known(in_h)) *out_h = static_cast<int64_t>(static_cast<float>(in_h) * sh);
  if (Known(in_w)) *out_w = static_cast<int64_t>(static_cast<float>(in_w) * sw);
  return true;
}

float ResizeRatio(bool align_corners, int64_t in, int64_t out, float scale) {
  if (align_corners) return out > 1 ? static_cast<float>(in - 1) / static_cast<float>(out - 1) : 0.0f;
  if (scale > 0.0f) return 1.0f / scale;
  return out > 0 ? static_cast<float>(in) / static_cast<float>(out) : 0.0f;
}

}  // namespace oar::ir
