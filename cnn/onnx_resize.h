// ONNX Resize (opsets 10, 11, 13) and Upsample (opsets 7, 9) in nearest mode with integer scale
// factors, as the model IR's Upsample (cnn/model.proto): every pixel repeated scale_h x scale_w
// times. Other modes, fractional factors and coordinate transformations that do not repeat pixels
// that way are errors.
#ifndef CNN_ONNX_RESIZE_H_
#define CNN_ONNX_RESIZE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cnn/tensor.h"
#include "third_party/onnx/onnx.pb.h"

namespace sentio {

// The constants known at import, by value name: nullopt when the value is not a constant of that
// kind (computed by the graph). An empty tensor gives an empty vector.
struct OnnxConstantLookup {
  std::function<std::optional<std::vector<float>>(const std::string&)> floats;
  std::function<std::optional<std::vector<int64_t>>(const std::string&)> integers;
};

// [scale_h, scale_w] of the Resize or Upsample `node` on an NCHW input of shape `input`, read from
// its attributes and constant scales / sizes inputs. Errors do not name the node; the caller does.
absl::StatusOr<std::vector<int64_t>> NearestUpsampleScales(const onnx::NodeProto& node,
                                                           int64_t opset, const Shape& input,
                                                           const OnnxConstantLookup& constants);

}  // namespace sentio

#endif  // CNN_ONNX_RESIZE_H_
