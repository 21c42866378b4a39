// The `oar._oar` extension module: Paddle Inference's flow (Config -> create_predictor -> handles -> run)
// over oar's C++ API. The pure-Python package `oar` re-exports it; `oar.compat` adds Paddle 1.x names.
#include "bindings.h"

PYBIND11_MODULE(_oar, m) {
  m.doc() = "oar inference library: Config, create_predictor, Predictor, Tensor (C++ extension)";
  oar::python::BindErrors(m);
  oar::python::BindConfig(m);
  oar::python::BindTensor(m);
  oar::python::BindPredictor(m);
}
