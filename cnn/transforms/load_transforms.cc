#include "cnn/transforms/load_transforms.h"

#include "base/status_macros.h"
#include "cnn/ir/shape_inference.h"
#include "cnn/transforms/batch_norm_folding.h"

namespace sentio::cnn::transforms {

absl::Status RunLoadTransforms(cnn::Model& model) {
  RETURN_IF_ERROR(FoldBatchNormIntoConv(model));
  return InferModelShapes(model);
}

}  // namespace sentio::cnn::transforms
