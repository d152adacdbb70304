// Folding BatchNormalization into the convolution before it, an IR pass the loader runs once after
// any importer (cnn/transforms/load_transforms.h): the per-channel scale and shift go into the
// convolution's weights and bias, and the BatchNormalization node disappears.
#ifndef CNN_TRANSFORMS_BATCH_NORM_FOLDING_H_
#define CNN_TRANSFORMS_BATCH_NORM_FOLDING_H_

#include "absl/status/status.h"
#include "cnn/ir/model.pb.h"

namespace sentio::cnn::transforms {

// Folds every BatchNormalization whose input comes from a Conv that nothing else reads, when the
// weights of both are initializers; other BatchNormalization nodes stay. Initializers that no node
// reads any more are removed. Sets `*folded`, when given, to the number of nodes folded. Never
// fails today; the status is the pass signature (absl::Status Pass(cnn::Model&)).
absl::Status FoldBatchNormIntoConv(cnn::Model& model, int* folded = nullptr);

}  // namespace sentio::cnn::transforms

#endif  // CNN_TRANSFORMS_BATCH_NORM_FOLDING_H_
