// LRN across channels (ONNX): y = x / (bias + alpha / size * sum of x^2 over the channels
// c - floor((size - 1) / 2) .. c + ceil((size - 1) / 2))^beta.
#ifndef CNN_OPS_LRN_H_
#define CNN_OPS_LRN_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "cnn/ir/model.pb.h"

namespace sentio::cnn {

struct LrnParams {
  int64_t size = 0;
  float alpha = 1e-4f, beta = 0.75f, bias = 1.0f;
};

absl::StatusOr<LrnParams> ParseLrnParams(const cnn::Node& node);

}  // namespace sentio::cnn

#endif  // CNN_OPS_LRN_H_
