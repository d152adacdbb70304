// The IR passes a model goes through once, after whichever importer read it (the loader,
// cnn/import/model_loader.h, runs them): today batch-norm folding, then shape inference again so
// that the model the engines get is checked as it is.
#ifndef CNN_TRANSFORMS_LOAD_TRANSFORMS_H_
#define CNN_TRANSFORMS_LOAD_TRANSFORMS_H_

#include "absl/status/status.h"
#include "cnn/ir/model.pb.h"

namespace sentio::cnn::transforms {

// Runs the load-time passes on `model` in order: FoldBatchNormIntoConv
// (cnn/transforms/batch_norm_folding.h), then InferModelShapes (cnn/ir/shape_inference.h).
absl::Status RunLoadTransforms(cnn::Model& model);

}  // namespace sentio::cnn::transforms

#endif  // CNN_TRANSFORMS_LOAD_TRANSFORMS_H_
