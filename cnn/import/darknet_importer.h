// Importing Darknet models (a .cfg network description and its .weights) into the model IR.
// Layers: [net] (the input size), [convolutional] (groups, dilation, batch_normalize as a
// BatchNormalization node, which the loader's passes fold into the convolution), [connected],
// [maxpool] (Darknet's padding of size - 1 by default, split top/left = padding / 2), [avgpool]
// (global), [dropout] (a no-op), [route] (concatenation along channels, of channel groups with
// groups), [shortcut] (addition; from a larger layer, Darknet's sampling of its first channels),
// [upsample], [softmax], [crop] (the centre crop with x * 2 - 1 that Darknet applies at test time)
// and the detection heads [yolo] and [region]. Activations: linear, leaky (0.1), relu, logistic.
//
// A detection head becomes a graph output (the raw values of the layer before it) and a
// cnn.YoloHead record in the model, which cnn/vision/yolo_decode.h turns into boxes. Errors name
// the cfg file and line, or the weights file and the layer that ran out of weights.
#ifndef CNN_IMPORT_DARKNET_IMPORTER_H_
#define CNN_IMPORT_DARKNET_IMPORTER_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cnn/ir/model.pb.h"

namespace sentio::cnn::import {

absl::StatusOr<cnn::Model> ImportDarknetFiles(const std::string& cfg_path,
                                              const std::string& weights_path);

// Imports the bytes of a .cfg and a .weights file; the names identify them in errors.
absl::StatusOr<cnn::Model> ImportDarknet(absl::string_view cfg_text,
                                         absl::string_view weights_bytes,
                                         absl::string_view cfg_name,
                                         absl::string_view weights_name);

// A cfg checked without its weights: the graph, whose initializers have their dims but no values,
// and the number of floats that the .weights file must hold after its header.
struct DarknetCfgInspection {
  cnn::Model graph;
  int64_t weight_count = 0;
};

absl::StatusOr<DarknetCfgInspection> InspectDarknetCfg(absl::string_view cfg_text,
                                                       absl::string_view cfg_name);

}  // namespace sentio::cnn::import

#endif  // CNN_IMPORT_DARKNET_IMPORTER_H_
