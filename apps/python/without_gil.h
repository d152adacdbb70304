// Running C++ work with the GIL released, so that other Python threads go on meanwhile: the
// result (a Status or StatusOr) is turned into an exception by the caller, once the GIL is held
// again (status_exceptions.h).
#ifndef APPS_PYTHON_WITHOUT_GIL_H_
#define APPS_PYTHON_WITHOUT_GIL_H_

#include "pybind11/pybind11.h"

namespace sentio::python {

template <typename Compute>
auto WithoutGil(Compute&& compute) {
  pybind11::gil_scoped_release release;
  return compute();
}

}  // namespace sentio::python

#endif  // APPS_PYTHON_WITHOUT_GIL_H_
