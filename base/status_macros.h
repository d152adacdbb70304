// Early-return helpers for absl::Status / absl::StatusOr (Debian's Abseil 20220623 ships none).
#ifndef BASE_STATUS_MACROS_H_
#define BASE_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Returns from the enclosing function when `expr` (an absl::Status) is not OK.
#define RETURN_IF_ERROR(expr)                                 \
  do {                                                        \
    ::absl::Status sentio_status_ = (expr);                   \
    if (!sentio_status_.ok()) return sentio_status_;          \
  } while (false)

#define SENTIO_CONCAT_INNER_(a, b) a##b
#define SENTIO_CONCAT_(a, b) SENTIO_CONCAT_INNER_(a, b)

// `ASSIGN_OR_RETURN(lhs, expr)`: evaluates `expr` (an absl::StatusOr<T>); on error returns its
// status, otherwise moves the value into `lhs`, which may be a declaration (`auto x`).
#define ASSIGN_OR_RETURN(lhs, expr) \
  SENTIO_ASSIGN_OR_RETURN_IMPL_(SENTIO_CONCAT_(sentio_statusor_, __LINE__), lhs, expr)

#define SENTIO_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                  \
  if (!statusor.ok()) return statusor.status();            \
  lhs = std::move(statusor).value()

#endif  // BASE_STATUS_MACROS_H_
