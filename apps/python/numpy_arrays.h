// NumPy arrays from C++ vectors without copying: the array takes over the vector (freed when the
// array is), for results the extension hands to Python.
#ifndef APPS_PYTHON_NUMPY_ARRAYS_H_
#define APPS_PYTHON_NUMPY_ARRAYS_H_

#include <utility>
#include <vector>

#include "pybind11/numpy.h"
#include "pybind11/pybind11.h"

namespace sentio::python {

template <typename T>
pybind11::array_t<T> TakeAsArray(std::vector<T> values, std::vector<pybind11::ssize_t> shape) {
  auto* owned = new std::vector<T>(std::move(values));
  pybind11::capsule free(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return pybind11::array_t<T>(std::move(shape), owned->data(), free);
}

// "(2, 3)", as NumPy writes a shape.
std::string ShapeText(const pybind11::array& array);

}  // namespace sentio::python

#endif  // APPS_PYTHON_NUMPY_ARRAYS_H_
