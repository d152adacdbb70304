// How the `sentio` Python extension reports C++ errors: an absl::Status becomes the Python
// exception a Python user expects (NotFound: FileNotFoundError; InvalidArgument, OutOfRange:
// ValueError; anything else: RuntimeError), carrying the C++ message (file, line, node).
#ifndef APPS_PYTHON_STATUS_EXCEPTIONS_H_
#define APPS_PYTHON_STATUS_EXCEPTIONS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace sentio::python {

// Throws (a pybind11 exception, raised in Python) unless `status` is OK.
void ThrowIfError(const absl::Status& status);

template <typename T>
T ValueOrThrow(absl::StatusOr<T> value) {
  ThrowIfError(value.status());
  return *std::move(value);
}

}  // namespace sentio::python

#endif  // APPS_PYTHON_STATUS_EXCEPTIONS_H_
