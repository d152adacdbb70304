#include "apps/python/numpy_arrays.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace sentio::python {

std::string ShapeText(const pybind11::array& array) {
  std::vector<pybind11::ssize_t> dims(array.shape(), array.shape() + array.ndim());
  return absl::StrCat("(", absl::StrJoin(dims, ", "), dims.size() == 1 ? ",)" : ")");
}

}  // namespace sentio::python
