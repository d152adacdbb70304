#include "apps/python/status_exceptions.h"

#include <string>

#include "pybind11/pybind11.h"

namespace sentio::python {

void ThrowIfError(const absl::Status& status) {
  if (status.ok()) return;
  const std::string message(status.message());
  switch (status.code()) {
    case absl::StatusCode::kNotFound:
      PyErr_SetString(PyExc_FileNotFoundError, message.c_str());
      throw pybind11::error_already_set();
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      throw pybind11::value_error(message);
    default:
      throw std::runtime_error(message);
  }
}

}  // namespace sentio::python
