// Reading IDX files, the array format of the MNIST digits (yann.lecun.com/exdb/mnist): a magic
// number giving the element type and rank, big-endian dimensions, then the elements row-major.
// gzip-compressed files (.gz, as MNIST ships) are recognised by their content and inflated.
#ifndef SENSING_IDX_READER_H_
#define SENSING_IDX_READER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace sentio {

struct IdxArray {
  std::vector<int64_t> dims;
  // All elements in row-major order, whatever the stored type (all IDX types fit a double).
  std::vector<double> values;
};

// Reads the IDX file at `path`, gzip-compressed or plain.
absl::StatusOr<IdxArray> ReadIdxFile(const std::string& path);

// Parses IDX `bytes` (gzip-compressed or plain); `file_name` names it in errors.
absl::StatusOr<IdxArray> ParseIdx(absl::string_view bytes, absl::string_view file_name);

}  // namespace sentio

#endif  // SENSING_IDX_READER_H_
