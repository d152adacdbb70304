// Loading a model into the IR from whichever format its file name says: ONNX (.onnx), Caffe
// (.prototxt with its .caffemodel weights), Darknet (.cfg with its .weights) or the native model
// file (anything else).
#ifndef CNN_MODEL_LOADER_H_
#define CNN_MODEL_LOADER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cnn/model.pb.h"

namespace sentio {

// `weights_path` is the .caffemodel for a .prototxt, the .weights for a .cfg, and must be empty
// for the other formats.
absl::StatusOr<cnn::Model> LoadModel(const std::string& model_path,
                                     const std::string& weights_path);

// A copy of `model` whose initializers keep their names and dims but not their values: what a
// caller keeps of a model it hands to an engine with std::move. No weight is copied (the values
// are set aside while the rest is copied, then put back).
cnn::Model WithoutWeightValues(cnn::Model& model);

}  // namespace sentio

#endif  // CNN_MODEL_LOADER_H_
