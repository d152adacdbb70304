#include "apps/cnn_command.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "apps/cnn_flags.h"
#include "base/status_macros.h"
#include "classifiers/confusion_matrix.h"
#include "cnn/engine/dynamic_shape_engine.h"
#include "cnn/import/model_loader.h"
#include "cnn/ir/npy.h"
#include "cnn/vision/classify_images.h"
#include "sensing/idx_reader.h"

namespace sentio {

using cnn::ReadNpyFile;
using cnn::ShapeString;
using cnn::Tensor;
using cnn::WriteNpyFile;
using cnn::engine::DynamicShapeEngine;
using cnn::engine::Engine;
using cnn::engine::TensorMap;
using cnn::import::HasSymbolicDimensions;
using cnn::import::InputShapes;
using cnn::import::LoadModel;
using cnn::import::WithoutWeightValues;

namespace {

using ::sentio::cnn::vision::ClassifyImages;
using ::sentio::cnn::vision::ImageClasses;
using ::sentio::cnn::vision::PixelScaling;

struct LoadedModel {
  cnn::Model model;  // without its weights' values, which the engine holds
  std::unique_ptr<Engine> engine;
};

// Reads --model, --weights and --engine, and loads the model into the engine.
absl::StatusOr<LoadedModel> LoadFromFlags(CommandLine& flags, std::ostream& out) {
  ASSIGN_OR_RETURN(std::string model_path, flags.GetRequired("model"));
  const std::string weights_path = flags.GetString("weights", "");
  const std::string engine_name = flags.GetString("engine", "cpu");
  ASSIGN_OR_RETURN(const bool cpu_fallback, ReadCpuFallbackFlag(flags));
  LoadedModel loaded;
  ASSIGN_OR_RETURN(loaded.engine, MakeCnnEngine(engine_name, /*threads=*/1, cpu_fallback));
  ASSIGN_OR_RETURN(cnn::Model model, LoadModel(model_path, weights_path));
  loaded.model = WithoutWeightValues(model);
  if (std::any_of(loaded.model.input().begin(), loaded.model.input().end(), HasSymbolicDimensions)) {
    // Runs at the shapes of the inputs it is given.
    loaded.engine = std::make_unique<DynamicShapeEngine>(
        [model_path, weights_path](const InputShapes& shapes) {
          return LoadModel(model_path, weights_path, shapes);
        },
        [engine_name, cpu_fallback] {
          return MakeCnnEngine(engine_name, /*threads=*/1, cpu_fallback);
        });
  }
  RETURN_IF_ERROR(loaded.engine->Load(std::move(model)));
  out << "Model: " << CnnModelSummary(loaded.model) << "\n";
  out << "Engine: " << engine_name << "\n";
  return loaded;
}

// A file name for a value name: characters other than [A-Za-z0-9._-] become '_'.
std::string FileNameFor(const std::string& value_name) {
  std::string name = value_name;
  for (char& c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') c = '_';
  }
  return name;
}

}  // namespace

absl::Status RunCnnEvalCommand(CommandLine& flags, std::ostream& out) {
  ASSIGN_OR_RETURN(std::string images_path, flags.GetRequired("images"));
  ASSIGN_OR_RETURN(std::string labels_path, flags.GetRequired("labels"));
  PixelScaling scaling;
  ASSIGN_OR_RETURN(scaling.scale, flags.GetDouble("scale", 1.0));
  ASSIGN_OR_RETURN(scaling.mean, flags.GetDouble("mean", 0.0));
  ASSIGN_OR_RETURN(LoadedModel loaded, LoadFromFlags(flags, out));
  RETURN_IF_ERROR(flags.CheckAllRead());

  ASSIGN_OR_RETURN(IdxArray images, ReadIdxFile(images_path));
  ASSIGN_OR_RETURN(IdxArray labels, ReadIdxFile(labels_path));
  if (labels.dims.size() != 1 || images.dims.empty() || labels.dims[0] != images.dims[0]) {
    return absl::InvalidArgumentError(absl::StrCat(labels_path, ": ", labels.values.size(),
                                                   " labels for the ", images.dims.empty() ? 0 : images.dims[0],
                                                   " images of ", images_path));
  }
  out << "Images: " << images_path << ": " << images.dims[0] << " images of "
      << absl::StrJoin(images.dims.begin() + 1, images.dims.end(), "x") << "\n";
  out << absl::StrFormat("Input: (pixel - %g) * %g\n", scaling.mean, scaling.scale);

  ASSIGN_OR_RETURN(ImageClasses result,
                   ClassifyImages(*loaded.engine, loaded.model, images, scaling));
  const int64_t classes = result.classes;
  std::vector<std::string> class_names;
  for (int c = 0; c < classes; ++c) class_names.push_back(absl::StrCat(c));
  ConfusionMatrix matrix(class_names);
  const std::vector<int>& predictions = result.predictions;
  for (size_t i = 0; i < predictions.size(); ++i) {
    const double label = labels.values[i];
    if (label < 0 || label >= classes || label != static_cast<int>(label)) {
      return absl::InvalidArgumentError(absl::StrCat(labels_path, ": label ", i, " is ", label,
                                                     ", the model has ", classes, " classes"));
    }
    matrix.Add(static_cast<int>(label), predictions[i]);
  }
  out << "\n" << matrix.Report();
  out << absl::StrFormat("accuracy=%.4f\n", matrix.accuracy());
  return absl::OkStatus();
}

absl::Status RunCnnRunCommand(CommandLine& flags, std::ostream& out) {
  ASSIGN_OR_RETURN(std::string input_path, flags.GetRequired("input"));
  ASSIGN_OR_RETURN(std::string output_dir, flags.GetRequired("output_dir"));
  ASSIGN_OR_RETURN(LoadedModel loaded, LoadFromFlags(flags, out));
  RETURN_IF_ERROR(flags.CheckAllRead());
  if (loaded.model.input_size() != 1) {
    return absl::InvalidArgumentError(absl::StrCat("the model has ", loaded.model.input_size(),
                                                   " inputs; --input gives one"));
  }
  ASSIGN_OR_RETURN(Tensor input, ReadNpyFile(input_path));
  out << "Input: " << input_path << " " << ShapeString(input.shape()) << " as '"
      << loaded.model.input(0).name() << "'\n";
  absl::StatusOr<TensorMap> outputs = loaded.engine->Run({{loaded.model.input(0).name(), input}});
  if (!outputs.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(input_path, ": ", outputs.status().message()));
  }
  std::error_code error;
  std::filesystem::create_directories(output_dir, error);
  if (error) {
    return absl::NotFoundError(absl::StrCat("--output_dir: cannot create '", output_dir, "': ",
                                            error.message()));
  }
  for (const cnn::ValueInfo& output : loaded.model.output()) {
    const Tensor& tensor = outputs->at(output.name());
    const std::string path = absl::StrCat(output_dir, "/", FileNameFor(output.name()), ".npy");
    RETURN_IF_ERROR(WriteNpyFile(tensor, path));
    out << "Output: " << path << " " << ShapeString(tensor.shape()) << "\n";
  }
  out << "outputs=" << loaded.model.output_size() << "\n";
  return absl::OkStatus();
}

}  // namespace sentio
