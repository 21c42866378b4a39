// Output-size and padding arithmetic of the NN ops (conv, pool, resize), shared by their schemas
// (shape inference) and their kernels so that both always agree. Every function accepts
// kUnknownDim inputs and then returns kUnknownDim for the sizes that depend on them.
#pragma once

#include <cstdint>

#include "core/tensor.h"
#include "ir/attrs.h"

namespace oar::ir {

/// Resolved geometry of one spatial 2-D window op. pads = {top, left, bottom, right}.
struct Window2d {
  int64_t kernel[2] = {1, 1};  // kh, kw (for adaptive pooling: unused)
  int64_t strides[2] = {1, 1};
  int64_t dilations[2] = {1, 1};
  int64_t pads[4] = {0, 0, 0, 0};
  int64_t out[2] = {kUnknownDim, kUnknownDim};  // oh, ow
};

/// Paddle's "SAME" total padding of one axis: max((ceil(in/stride)-1)*stride + eff_k - in, 0),
/// where eff_k = (k-1)*dilation+1. kUnknownDim when `in` is unknown.
int64_t SamePadTotal(int64_t in, int64_t eff_k, int64_t stride);

/// (in + pad_begin + pad_end - dil*(k-1) - 1) / stride + 1 (floor). kUnknownDim when in or k unknown.
int64_t ConvOutputDim(int64_t in, int64_t k, int64_t dilation, int64_t stride, int64_t pad_begin, int64_t pad_end);

/// (in + pads - k) / stride + 1, rounded down, or up with ceil_mode; with ceil_mode a last window
/// that would start beyond the input plus the leading pad is dropped (Caffe/PyTorch rule).
int64_t PoolOutputDim(int64_t in, int64_t k, int64_t stride, int64_t pad_begin, int64_t pad_end, bool ceil_mode);

/// Conv geometry for input spatial size (in_h, in_w) and kernel (kh, kw); resolves SAME/VALID.
/// Attribute vectors must already have been validated (2 strides, 2 dilations, 4 pads).
Window2d ResolveConv2d(const Conv2dAttrs& attrs, int64_t in_h, int64_t in_w, int64_t kh, int64_t kw);

/// Pool geometry for input spatial size (in_h, in_w): global pooling uses the whole plane and
/// no padding; adaptive pooling takes the output size from attrs.kernel and no padding.
Window2d ResolvePool2d(const Pool2dAttrs& attrs, int64_t in_h, int64_t in_w);

/// Adaptive pooling bin [start, end) of output index i: floor(i*in/out), ceil((i+1)*in/out).
inline int64_t AdaptiveStart(int64_t i, int64_t in, int64_t out) { return (i * in) / out; }
inline int64_t AdaptiveEnd(int64_t i, int64_t in, int64_t out) { return ((i + 1) * in + out - 1) / out; }

/// The scale factors Resize uses (h, w): the Scale input when present (1 or 2 elements), else
/// attrs.scale_h/scale_w; {-1, -1} when no positive scale was given.
void ResizeScales(const ResizeAttrs& attrs, const Tensor* scale_input, float* scale_h, float* scale_w);

/// Resize output size by the priority documented in attrs.h. `out_size`/`scale_input` are the
/// known contents of the optional inputs (nullptr when absent or unknown); `*_present` says
/// whether the input exists at all (present but unknown contents give kUnknownDim).
/// Returns false when nothing gives the size (no inputs, no positive out_h/out_w or scales).
bool ResizeOutputSize(const ResizeAttrs& attrs, int64_t in_h, int64_t in_w, bool out_size_present,
                      const Tensor* out_size, bool scale_present, const Tensor* scale_input, int64_t* out_h,
                      int64_t* out_w);

/// Source-coordinate ratio of one Resize axis (attrs.h): (in-1)/(out-1) with align_corners
/// (0 when out <= 1), else 1/scale when a scale was given, else in/out.
float ResizeRatio(bool align_corners, int64_t in, int64_t out, float scale);

}  // namespace oar::ir
