// `sentio cnn convert`: any model the importers read (ONNX, Caffe, Darknet, native) written as
// the native model file (cnn/ir/model.proto), optionally with half-precision weights.
//
//   sentio cnn convert --model=M [--weights=W] --out=F [--precision=fp32|fp16]
//     F is binary protobuf, or text format when it ends in .pbtxt. fp16 stores every weight as
//     an IEEE half (round to nearest even; a weight beyond 65504 is an error), halving the file;
//     readers expand the weights back to float. Last line `bytes=N`, the size of F.
#ifndef APPS_CNN_CONVERT_COMMAND_H_
#define APPS_CNN_CONVERT_COMMAND_H_

#include <ostream>

#include "absl/status/status.h"
#include "apps/command_line.h"

namespace sentio {

absl::Status RunCnnConvertCommand(CommandLine& flags, std::ostream& out);

}  // namespace sentio

#endif  // APPS_CNN_CONVERT_COMMAND_H_
