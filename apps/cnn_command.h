// `sentio cnn eval` and `sentio cnn run`: a CNN (ONNX, Caffe or the native model file) measured on
// labelled IDX images, or run on one NumPy array.
//
//   sentio cnn eval --model=M [--weights=W] --images=IDX --labels=IDX [--scale=1] [--mean=0]
//                   [--engine=cpu|reference]
//     input = (pixel - mean) * scale; prints the model, the data and the confusion matrix, and a
//     last line `accuracy=0.xxxx`.
//   sentio cnn run --model=M [--weights=W] --input=F.npy --output_dir=D [--engine=cpu|reference]
//     writes each graph output as D/<output name>.npy (float32, C order; characters other than
//     letters, digits, '.', '-' and '_' in the name become '_'); last line `outputs=N`.
//
// W is the .caffemodel of a Caffe .prototxt. The OpenCL engine is not available yet.
#ifndef APPS_CNN_COMMAND_H_
#define APPS_CNN_COMMAND_H_

#include <ostream>

#include "absl/status/status.h"
#include "apps/command_line.h"

namespace sentio {

absl::Status RunCnnEvalCommand(CommandLine& flags, std::ostream& out);
absl::Status RunCnnRunCommand(CommandLine& flags, std::ostream& out);

}  // namespace sentio

#endif  // APPS_CNN_COMMAND_H_
