#include "cnn/import/model_loader.h"

#include <filesystem>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cnn/import/caffe_importer.h"
#include "cnn/import/darknet_importer.h"
#include "cnn/import/model_io.h"
#include "cnn/import/onnx_importer.h"
#include "cnn/transforms/load_transforms.h"

namespace sentio::cnn::import {

using transforms::RunLoadTransforms;

absl::StatusOr<cnn::Model> LoadModel(const std::string& model_path,
                                     const std::string& weights_path,
                                     const InputShapes& input_shapes) {
  std::error_code error;
  if (std::filesystem::is_directory(model_path, error)) {
    return absl::InvalidArgumentError(absl::StrCat(model_path, ": is a directory, not a model file"));
  }
  const bool is_onnx = absl::EndsWithIgnoreCase(model_path, ".onnx");
  if (!is_onnx && !input_shapes.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(model_path, ": input shapes are only given to ONNX models"));
  }
  const bool is_caffe = absl::EndsWithIgnoreCase(model_path, ".prototxt");
  const bool is_darknet = absl::EndsWithIgnoreCase(model_path, ".cfg");
  if (is_caffe && weights_path.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(model_path, ": a Caffe model needs its weights (.caffemodel) as well"));
  }
  if (is_darknet && weights_path.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(model_path, ": a Darknet model needs its weights (.weights) as well"));
  }
  if (!is_caffe && !is_darknet && !weights_path.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        model_path,
        ": separate weights are only read for Caffe .prototxt and Darknet .cfg models"));
  }
  absl::StatusOr<cnn::Model> model = is_caffe    ? ImportCaffeFiles(model_path, weights_path)
                                     : is_darknet ? ImportDarknetFiles(model_path, weights_path)
                                     : is_onnx    ? ImportOnnxFile(model_path, input_shapes)
                                                  : ReadModelFile(model_path);
  if (!model.ok()) return model;
  // The IR passes (cnn/transforms/), once, whichever format the model came from.
  const absl::Status transformed = RunLoadTransforms(*model);
  if (!transformed.ok()) {
    return absl::Status(transformed.code(), absl::StrCat(model_path, ": ", transformed.message()));
  }
  return model;
}

bool HasSymbolicDimensions(const cnn::ValueInfo& input) { return input.dim_params_size() > 0; }

cnn::Model WithoutWeightValues(cnn::Model& model) {
  std::vector<google::protobuf::RepeatedField<float>> values(model.initializer_size());
  std::vector<std::string> halves(model.initializer_size());
  for (int i = 0; i < model.initializer_size(); ++i) {
    values[i].Swap(model.mutable_initializer(i)->mutable_values());
    halves[i].swap(*model.mutable_initializer(i)->mutable_half_values());
  }
  cnn::Model copy = model;
  for (int i = 0; i < model.initializer_size(); ++i) {
    values[i].Swap(model.mutable_initializer(i)->mutable_values());
    halves[i].swap(*model.mutable_initializer(i)->mutable_half_values());
  }
  return copy;
}

}  // namespace sentio::cnn::import
