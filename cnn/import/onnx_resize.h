// ONNX Resize and Upsample in nearest mode with integer scale factors on the height and width of an
// NCHW input, as the model IR's Upsample (cnn/ir/model.proto): every pixel repeated scale_h x
// scale_w times, the fast path that engines run for YOLO-style upsampling. Other modes, fractional
// factors, coordinate transformations that do not repeat pixels that way, `axes` and
// keep_aspect_ratio_policy are errors here; the importer maps those nodes to the IR's Resize
// (cnn/ops/resize.cc) instead.
#ifndef CNN_IMPORT_ONNX_RESIZE_H_
#define CNN_IMPORT_ONNX_RESIZE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cnn/ir/tensor.h"
#include "third_party/onnx/onnx.pb.h"

namespace sentio::cnn::import {

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

}  // namespace sentio::cnn::import

#endif  // CNN_IMPORT_ONNX_RESIZE_H_
