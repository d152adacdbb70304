// Loading a model into the IR from whichever format its file name says: ONNX (.onnx), Caffe
// (.prototxt with its .caffemodel weights), Darknet (.cfg with its .weights) or the native model
// file (anything else), then put once through the load-time IR passes
// (cnn/transforms/load_transforms.h: batch-norm folding, ...). The importers themselves only
// translate; call LoadModel, or RunLoadTransforms after an importer, for the model engines run.
#ifndef CNN_IMPORT_MODEL_LOADER_H_
#define CNN_IMPORT_MODEL_LOADER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cnn/import/onnx_importer.h"
#include "cnn/ir/model.pb.h"

namespace sentio::cnn::import {

// `weights_path` is the .caffemodel for a .prototxt, the .weights for a .cfg, and must be empty
// for the other formats. `input_shapes` fixes the symbolic input dimensions of an ONNX model
// (cnn/import/onnx_importer.h); for the other formats it must be empty.
absl::StatusOr<cnn::Model> LoadModel(const std::string& model_path,
                                     const std::string& weights_path,
                                     const InputShapes& input_shapes = {});

// Whether graph input `input` has symbolic dimensions (a model that runs at its inputs' shapes).
bool HasSymbolicDimensions(const cnn::ValueInfo& input);

// A copy of `model` whose initializers keep their names and dims but not their values: what a
// caller keeps of a model it hands to an engine with std::move. No weight is copied (the values
// are set aside while the rest is copied, then put back).
cnn::Model WithoutWeightValues(cnn::Model& model);

}  // namespace sentio::cnn::import

#endif  // CNN_IMPORT_MODEL_LOADER_H_
