// Classifying a set of images with a CNN: each image scaled as (pixel - mean) * scale, run through
// an engine in batches of the model's input batch size, and the class with the highest output
// taken. The images come as an IDX array ([count, H, W] or [count, C, H, W]), as MNIST ships them.
#ifndef CNN_VISION_CLASSIFY_IMAGES_H_
#define CNN_VISION_CLASSIFY_IMAGES_H_

#include <vector>

#include "absl/status/statusor.h"
#include "cnn/engine/engine.h"
#include "cnn/ir/model.pb.h"
#include "sensing/idx_reader.h"

namespace sentio::cnn::vision {

struct PixelScaling {
  double mean = 0.0;
  double scale = 1.0;
};

struct ImageClasses {
  int64_t classes = 0;           // the number of class scores the model gives per image
  std::vector<int> predictions;  // per image, in [0, classes)
};

// The predicted class of every image, by `engine`, which has `model` loaded. The model must have
// one input whose [C, H, W] holds as many values as an image and one output of class scores,
// [N, classes] or [N, classes, 1, ...]; any other output (a feature map) is an error.
absl::StatusOr<ImageClasses> ClassifyImages(engine::Engine& engine, const cnn::Model& model,
                                            const IdxArray& images, const PixelScaling& scaling);

}  // namespace sentio::cnn::vision

#endif  // CNN_VISION_CLASSIFY_IMAGES_H_
