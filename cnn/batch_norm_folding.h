// Folding BatchNormalization into the convolution before it, at load: the per-channel scale and
// shift go into the convolution's weights and bias, and the BatchNormalization node disappears.
#ifndef CNN_BATCH_NORM_FOLDING_H_
#define CNN_BATCH_NORM_FOLDING_H_

#include "absl/status/status.h"
#include "cnn/model.pb.h"

namespace sentio {

// Folds every BatchNormalization whose input comes from a Conv that nothing else reads, when the
// weights of both are initializers; other BatchNormalization nodes stay. Initializers that no node
// reads any more are removed. Returns the number of nodes folded.
int FoldBatchNormIntoConv(cnn::Model& model);

}  // namespace sentio

#endif  // CNN_BATCH_NORM_FOLDING_H_
