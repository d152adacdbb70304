// Transpose: axis i of the output is axis perm[i] of the input (default: the axes reversed).
#ifndef CNN_OPS_TRANSPOSE_H_
#define CNN_OPS_TRANSPOSE_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "cnn/ir/model.pb.h"

namespace sentio::cnn {

// Transpose's `perm` for an input of `rank` axes, checked to be a permutation.
absl::StatusOr<std::vector<int64_t>> TransposePermutation(const cnn::Node& node, size_t rank);

}  // namespace sentio::cnn

#endif  // CNN_OPS_TRANSPOSE_H_
