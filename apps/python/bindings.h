// The parts of the `sentio` Python extension (_sentio), each adding its functions and classes to
// the module; module.cc calls them all.
#ifndef APPS_PYTHON_BINDINGS_H_
#define APPS_PYTHON_BINDINGS_H_

#include "pybind11/pybind11.h"

namespace sentio::python {

// read_wav, kaldi_features (MFCC and fbank as the CLI computes them).
void BindAudio(pybind11::module_& module);

// read_arff.
void BindData(pybind11::module_& module);

// CnnModel: a model loaded into an engine, run on NumPy arrays.
void BindCnn(pybind11::module_& module);

// NativeClassifier: a registered classifier trained on NumPy arrays; model files.
void BindClassifiers(pybind11::module_& module);

// run_graph: a graph config run with every stage, packets handed to a Python function.
void BindGraphs(pybind11::module_& module);

}  // namespace sentio::python

#endif  // APPS_PYTHON_BINDINGS_H_
