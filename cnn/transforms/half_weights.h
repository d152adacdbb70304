// Half-precision weight storage for a model IR: initializers packed as IEEE halves (the
// `half_values` field of cnn/ir/model.proto) to halve a model file. Reading a model file keeps them
// half; the engines hold them as float16 tensors and convert them where they compute in float.
#ifndef CNN_TRANSFORMS_HALF_WEIGHTS_H_
#define CNN_TRANSFORMS_HALF_WEIGHTS_H_

#include "absl/status/status.h"
#include "cnn/ir/model.pb.h"

namespace sentio::cnn::transforms {

// Moves every initializer's float `values` into `half_values`, each rounded to the nearest half.
// A finite value beyond the half range (|x| >= 65520, which would become infinite) is an error
// naming its initializer.
absl::Status StoreWeightsAsHalf(cnn::Model& model);

// Moves every initializer's `half_values` back into float `values`. An initializer with both, or
// with an odd number of half bytes, is an error naming it.
absl::Status ExpandHalfWeights(cnn::Model& model);

// Rounds every initializer's float values to the nearest half, keeping them as floats: the
// weights a half-storage engine computes with. Initializers already stored as halves are left as
// they are. Errors as for StoreWeightsAsHalf.
absl::Status RoundWeightsThroughHalf(cnn::Model& model);

}  // namespace sentio::cnn::transforms

#endif  // CNN_TRANSFORMS_HALF_WEIGHTS_H_
