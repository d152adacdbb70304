#include "cnn/vision/classify_images.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace sentio::cnn::vision {

using engine::Engine;
using engine::TensorMap;

namespace {

// The number of classes in `scores` if it is `rows` rows of class scores ([rows, classes, 1, ...]).
absl::StatusOr<int64_t> ClassCount(const Tensor& scores, int64_t rows, const std::string& name) {
  const Shape& shape = scores.shape();
  const bool class_scores =
      shape.size() >= 2 && shape[0] == rows && shape[1] >= 1 &&
      std::all_of(shape.begin() + 2, shape.end(), [](int64_t d) { return d == 1; });
  if (!class_scores) {
    return absl::InvalidArgumentError(absl::StrCat(
        "output '", name, "' of shape ", ShapeString(shape), " is not class scores: ", rows,
        " images need [", rows, ", classes] or [", rows, ", classes, 1, 1]"));
  }
  return shape[1];
}

}  // namespace

absl::StatusOr<ImageClasses> ClassifyImages(Engine& engine, const cnn::Model& model,
                                            const IdxArray& images, const PixelScaling& scaling) {
  if (model.input_size() != 1 || model.output_size() != 1) {
    return absl::InvalidArgumentError(absl::StrCat("classifying images needs a model with one input and one output, this one has ",
                                                   model.input_size(), " and ",
                                                   model.output_size()));
  }
  const cnn::ValueInfo& input = model.input(0);
  if (input.dims_size() < 2) {
    return absl::InvalidArgumentError(absl::StrCat("model input '", input.name(), "' has no batch axis"));
  }
  Shape image_shape(input.dims().begin() + 1, input.dims().end());
  ASSIGN_OR_RETURN(int64_t image_size, NumElements(image_shape));
  if (images.dims.empty() || images.dims[0] < 1) {
    return absl::InvalidArgumentError("the image set is empty");
  }
  const int64_t count = images.dims[0];
  if (static_cast<int64_t>(images.values.size()) != count * image_size) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the images hold ", images.values.size() / count, " values each, model input '",
        input.name(), "' takes ", ShapeString(image_shape)));
  }
  const int64_t batch = std::max<int64_t>(1, input.dims(0));
  ImageClasses result;
  result.predictions.reserve(count);
  for (int64_t first = 0; first < count; first += batch) {
    const int64_t size = std::min(batch, count - first);
    Shape shape = image_shape;
    shape.insert(shape.begin(), size);
    std::vector<float> values(size * image_size);
    for (int64_t i = 0; i < size * image_size; ++i) {
      values[i] = static_cast<float>((images.values[first * image_size + i] - scaling.mean) * scaling.scale);
    }
    ASSIGN_OR_RETURN(Tensor tensor, Tensor::FromValues(shape, std::move(values)));
    ASSIGN_OR_RETURN(TensorMap outputs, engine.Run({{input.name(), std::move(tensor)}}));
    const Tensor& scores = outputs.at(model.output(0).name());
    ASSIGN_OR_RETURN(const int64_t classes, ClassCount(scores, size, model.output(0).name()));
    if (result.classes != 0 && classes != result.classes) {
      return absl::InvalidArgumentError(absl::StrCat("output '", model.output(0).name(), "' gave ",
                                                     result.classes, " class scores, then ", classes));
    }
    result.classes = classes;
    for (int64_t i = 0; i < size; ++i) {
      const float* row = scores.data() + i * classes;
      result.predictions.push_back(static_cast<int>(std::max_element(row, row + classes) - row));
    }
  }
  return result;
}

}  // namespace sentio::cnn::vision
