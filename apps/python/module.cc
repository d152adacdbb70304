// The `_sentio` extension module: the C++ half of the `sentio` Python package (apps/python/sentio
// is the Python half, which users import).
#include "apps/python/bindings.h"

PYBIND11_MODULE(_sentio, module) {
  module.doc() = "Sentio's C++ core: readers, Kaldi features, classifiers, CNN engines, graphs.";
  sentio::python::BindAudio(module);
  sentio::python::BindData(module);
  sentio::python::BindCnn(module);
  sentio::python::BindClassifiers(module);
  sentio::python::BindGraphs(module);
}
