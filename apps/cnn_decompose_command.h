// `sentio cnn decompose`: Tucker-2 decomposition of a model's KxK convolutions
// (cnn/transforms/tucker2_decomposition.h), written as the native model file.
//
//   sentio cnn decompose --model=M [--weights=W] --out=F --ranks=vbmf|energy:X|R1,R2[;R1,R2...]
//       [--layers=NAME,NAME...]
//     One line per convolution considered: its channels, kernel, ranks, FLOPs and parameters
//     before and after and the relative error of its weights' reconstruction (or why it was
//     kept); then the model's convolution FLOPs before and after. Last line `flops_ratio=X`:
//     decomposed / original FLOPs of all the model's convolutions.
#ifndef APPS_CNN_DECOMPOSE_COMMAND_H_
#define APPS_CNN_DECOMPOSE_COMMAND_H_

#include <ostream>

#include "absl/status/status.h"
#include "apps/command_line.h"

namespace sentio {

absl::Status RunCnnDecomposeCommand(CommandLine& flags, std::ostream& out);

}  // namespace sentio

#endif  // APPS_CNN_DECOMPOSE_COMMAND_H_
