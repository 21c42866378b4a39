#include "kernels/cpu/broadcast.h"

#include <string>

namespace oar::kernels::cpu {

Status MakeBroadcastPlan(const Shape& a, const Shape& b, const Shape& out, BroadcastPlan* plan) {
  const int r = out.rank();
  if (a.rank() > r || b.rank() > r) {
    return Internal("broadcast: operand " + (a.rank() > r ? a : b).ToString() + " has a higher rank than output " +
                    out.ToString());
  }
  plan->dims.clear();
  plan->stride_a.clear();
  plan->stride_b.clear();
  plan->total = out.NumElements();
  std::vector<char> bcast_a, bcast_b;
  for (int d = 0; d < r; ++d) {
    const int64_t od = out[d];
    const int64_t ad = d < r - a.rank() ? 1 : a[d - (r - a.rank())];
    const int64_t bd = d < r - b.rank() ? 1 : b[d - (r - b.rank())];
    if ((ad != od && ad != 1) || (bd != od && bd != 1)) {
      return Internal("broadcast: " + a.ToString() + " and " + b.ToString() + " do not broadcast to " + out.ToString());
    }
    if (od == 1) continue;  // size-1 dims change no offset
    const char ba = ad != od, bb = bd != od;
    if (!plan->dims.empty() && bcast_a.back() == ba && bcast_b.back() == bb) {
      plan->dims.back() *= od;
    } else {
      plan->dims.push_back(od);
      bcast_a.push_back(ba);
      bcast_b.push_back(bb);
    }
  }
  if (plan->dims.empty()) {
    plan->dims.push_back(1);
    bcast_a.push_back(0);
    bcast_b.push_back(0);
  }
  const int k = static_cast<int>(plan->dims.size());
  if (k > kMaxBroadcastRank) {
    return Unsupported("broadcast: " + a.ToString() + " with " + b.ToString() + " needs " + std::to_string(k) +
                       " iteration dims, more than the supported " + std::to_string(kMaxBroadcastRank));
  }
  plan->stride_a.assign(static_cast<size_t>(k), 0);
  plan->stride_b.assign(static_cast<size_t>(k), 0);
  int64_t sa = 1, sb = 1;
  for (int d = k - 1; d >= 0; --d) {
    const size_t i = static_cast<size_t>(d);
    if (!bcast_a[i]) {
      plan->stride_a[i] = sa;
      sa *= plan->dims[i];
    }
    if (!bcast_b[i]) {
      plan->stride_b[i] = sb;
      sb *= plan->dims[i];
    }
  }
  return Status::OK();
}

}  // namespace oar::kernels::cpu
