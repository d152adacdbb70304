#include "cnn/import/darknet_importer.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/file_reading.h"
#include "base/status_macros.h"
#include "base/text_parsing.h"
#include "cnn/import/darknet_cfg.h"
#include "cnn/import/darknet_weights.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ir/shape_inference.h"
#include "cnn/ir/tensor.h"

namespace sentio::cnn::import {
namespace {

// Darknet's batch normalization adds this to the variance (OpenCV's importer uses the same).
constexpr float kBatchNormEpsilon = 1e-6f;
constexpr float kLeakySlope = 0.1f;
// A bound on the weights the importer makes up itself (crops, shortcut projections), whose counts
// grow with the layer sizes of the cfg.
constexpr int64_t kMaxGeneratedWeights = int64_t{1} << 24;

// Options that only matter for training, accepted and ignored.
const std::set<std::string>& IgnoredOptions(const std::string& type) {
  static const auto* const ignored = new std::map<std::string, std::set<std::string>>{
      {"net",
       {"batch", "subdivisions", "learning_rate", "momentum", "decay", "angle", "saturation",
        "exposure", "hue", "aspect", "burn_in", "max_batches", "policy", "steps", "scales", "step",
        "scale", "gamma", "power", "max_crop", "min_crop", "mosaic", "flip", "letter_box", "blur",
        "mixup", "cutmix", "jitter", "time_steps", "adam", "B1", "B2", "eps", "center", "clip",
        "track", "augment_speed", "label_smooth_eps", "resize_step", "max_chart_loss",
        "optimized_memory", "workspace_size_limit_MB", "random", "rotate", "notruth",
        "sequential_subdivisions", "gaussian_noise", "cutmix", "mosaic_bound", "adversarial_lr",
        "attention", "unsupervised", "dynamic_minibatch", "loss_scale"}},
      {"dropout", {"probability", "dropblock", "dropblock_size_rel", "dropblock_size_abs"}},
      {"crop", {"flip", "exposure", "saturation", "angle", "shift"}},
      {"yolo",
       {"jitter", "ignore_thresh", "truth_thresh", "random", "iou_thresh", "cls_normalizer",
        "iou_normalizer", "obj_normalizer", "iou_loss", "nms_kind", "beta_nms", "max_delta",
        "counters_per_class", "label_smooth_eps", "objectness_smooth", "resize", "focal_loss",
        "thresh", "max", "track_history_size", "sim_thresh", "dets_for_track", "dets_for_show",
        "track_ciou_norm", "embedding_layer", "uc_normalizer", "delta_normalizer"}},
      {"region",
       {"bias_match", "jitter", "rescore", "object_scale", "noobject_scale", "class_scale",
        "coord_scale", "absolute", "thresh", "random", "max"}},
  };
  static const std::set<std::string> none;
  auto it = ignored->find(type);
  return it == ignored->end() ? none : it->second;
}


// Darknet's batch normalization parameters besides the biases, per output channel.
struct BatchNormParameters {
  std::vector<float> scales, mean, variance;
};

class DarknetImporter {
 public:
  // Without `weights`, initializers get their dims but no values, and the floats are counted.
  DarknetImporter(absl::string_view cfg_name, DarknetWeights* weights)
      : cfg_name_(cfg_name), weights_(weights) {}

  absl::Status ReadNet(const DarknetSection& section);
  absl::Status AddLayer(const DarknetSection& section);
  // The model once every layer is added; checks that the weights are used up.
  absl::StatusOr<cnn::Model> Finish();
  int64_t weight_count() const { return weight_count_; }

 private:
  struct Layer {
    std::string value;
    bool is_head = false;
  };

  absl::StatusOr<Layer> Convert(const std::string& type);
  absl::StatusOr<Layer> Convolutional();
  absl::StatusOr<Layer> Connected();
  absl::StatusOr<Layer> Maxpool();
  absl::StatusOr<Layer> Route();
  absl::StatusOr<Layer> Shortcut();
  absl::StatusOr<std::string> ShortcutProjection(const std::string& value, const Shape& target);
  absl::StatusOr<std::string> SelectChannels(const std::string& value, int64_t first,
                                             int64_t count, int64_t sample,
                                             const std::string& name);
  absl::StatusOr<Layer> Upsample();
  absl::StatusOr<Layer> Softmax();
  absl::StatusOr<Layer> Crop();
  absl::StatusOr<Layer> DetectionHead(cnn::YoloHead::Kind kind);

  // The output of layer `index`, which must exist before the current layer and not be a
  // detection head; `key` is the option that names it.
  absl::StatusOr<std::string> LayerOutput(int index, const std::string& key) const;
  // The output of the layer before, or the network input for the first layer.
  absl::StatusOr<std::string> Input() const {
    return index_ == 0 ? std::string("data") : LayerOutput(index_ - 1, "");
  }
  const Shape& ShapeOf(const std::string& value) const { return shapes_.at(value); }
  // The input flattened to [N, C * H * W] unless it is already a matrix.
  absl::StatusOr<std::string> FlatInput();

  cnn::Node NewNode(const std::string& op, const std::vector<std::string>& inputs,
                    const std::string& name) const;
  // Appends `node` (named after its output) once its output shape checks out.
  absl::StatusOr<std::string> Emit(cnn::Node node);
  std::string AddWeights(const std::string& name, const Shape& shape, std::vector<float> values);
  absl::StatusOr<std::vector<float>> TakeWeights(int64_t count, absl::string_view what);
  // The element count of `shape`, or an error at the section when it overflows.
  absl::StatusOr<int64_t> CountOf(const Shape& shape) const;
  absl::StatusOr<BatchNormParameters> TakeBatchNorm(int64_t channels);
  absl::StatusOr<std::string> BatchNorm(const std::string& value, std::vector<float> biases,
                                        BatchNormParameters parameters);
  absl::StatusOr<std::string> Activate(const std::string& value, const std::string& activation);

  std::string cfg_name_;
  DarknetWeights* weights_;
  int64_t weight_count_ = 0;
  SectionOptions* options_ = nullptr;  // of the layer being converted
  int index_ = 0;                      // its number: 0 is the section after [net]
  std::string type_;
  int input_width_ = 0, input_height_ = 0;
  std::vector<Layer> layers_;
  std::map<std::string, Shape> shapes_;
  cnn::Model model_;
};

absl::Status DarknetImporter::ReadNet(const DarknetSection& section) {
  SectionOptions options(section, cfg_name_);
  if (section.type != "net" && section.type != "network") {
    return options.Error("the first section must be [net]");
  }
  ASSIGN_OR_RETURN(input_width_, options.RequiredInt("width"));
  ASSIGN_OR_RETURN(input_height_, options.RequiredInt("height"));
  ASSIGN_OR_RETURN(int channels, options.RequiredInt("channels"));
  if (input_width_ < 1 || input_height_ < 1 || channels < 1) {
    return options.Error(absl::StrCat("width, height and channels must be positive, are ",
                                      input_width_, ", ", input_height_, ", ", channels));
  }
  RETURN_IF_ERROR(options.CheckAllUnderstood(IgnoredOptions("net")));
  const Shape shape = {1, channels, input_height_, input_width_};
  cnn::ValueInfo& input = *model_.add_input();
  input.set_name("data");
  for (int64_t dim : shape) input.add_dims(dim);
  shapes_["data"] = shape;
  return absl::OkStatus();
}

absl::Status DarknetImporter::AddLayer(const DarknetSection& section) {
  SectionOptions options(section, cfg_name_);
  options_ = &options;
  type_ = section.type;
  absl::StatusOr<Layer> layer = Convert(section.type);
  if (layer.ok()) {
    const absl::Status understood = options.CheckAllUnderstood(IgnoredOptions(section.type));
    if (!understood.ok()) layer = understood;
  }
  options_ = nullptr;
  if (!layer.ok()) return layer.status();
  layers_.push_back(*std::move(layer));
  ++index_;
  return absl::OkStatus();
}

absl::StatusOr<DarknetImporter::Layer> DarknetImporter::Convert(const std::string& type) {
  if (type == "convolutional" || type == "conv") return Convolutional();
  if (type == "connected") return Connected();
  if (type == "maxpool" || type == "max") return Maxpool();
  if (type == "avgpool" || type == "avg") {
    ASSIGN_OR_RETURN(std::string input, Input());
    ASSIGN_OR_RETURN(std::string out,
                     Emit(NewNode("GlobalAveragePool", {input}, absl::StrCat("avgpool_", index_))));
    return Layer{out};
  }
  if (type == "dropout") {  // scales only in training
    ASSIGN_OR_RETURN(std::string input, Input());
    return Layer{input};
  }
  if (type == "route") return Route();
  if (type == "shortcut") return Shortcut();
  if (type == "upsample") return Upsample();
  if (type == "softmax" || type == "soft") return Softmax();
  if (type == "crop") return Crop();
  if (type == "yolo") return DetectionHead(cnn::YoloHead::YOLO);
  if (type == "region") return DetectionHead(cnn::YoloHead::REGION);
  return options_->Error(absl::StrCat("unknown layer type '", type, "'"));
}

absl::StatusOr<std::string> DarknetImporter::LayerOutput(int index, const std::string& key) const {
  if (index < 0 || index >= index_) {
    return options_->ErrorAt(key, absl::StrCat("layer ", index_, " reads layer ", index,
                                               ", which does not come before it"));
  }
  if (layers_[index].is_head) {
    return options_->ErrorAt(key, absl::StrCat("layer ", index_, " reads layer ", index,
                                               ", a detection head, whose output is not computed"));
  }
  return layers_[index].value;
}

absl::StatusOr<std::string> DarknetImporter::FlatInput() {
  ASSIGN_OR_RETURN(std::string input, Input());
  if (ShapeOf(input).size() == 2) return input;
  cnn::Node flatten = NewNode("Flatten", {input}, absl::StrCat("flatten_", index_));
  SetIntAttribute(flatten, "axis", 1);
  return Emit(std::move(flatten));
}

cnn::Node DarknetImporter::NewNode(const std::string& op, const std::vector<std::string>& inputs,
                                   const std::string& name) const {
  cnn::Node node;
  node.set_name(name);
  node.set_op_type(op);
  for (const std::string& input : inputs) node.add_input(input);
  node.add_output(name);
  return node;
}

absl::StatusOr<std::string> DarknetImporter::Emit(cnn::Node node) {
  std::vector<Shape> inputs;
  for (const std::string& input : node.input()) inputs.push_back(ShapeOf(input));
  absl::StatusOr<std::vector<Shape>> outputs = InferNodeOutputShapes(node, inputs);
  if (!outputs.ok()) return options_->Error(outputs.status().message());
  const std::string name = node.output(0);
  shapes_[name] = (*outputs)[0];
  *model_.add_node() = std::move(node);
  return name;
}

std::string DarknetImporter::AddWeights(const std::string& name, const Shape& shape,
                                        std::vector<float> values) {
  cnn::TensorData& data = *model_.add_initializer();
  data.set_name(name);
  for (int64_t dim : shape) data.add_dims(dim);
  data.mutable_values()->Add(values.begin(), values.end());
  shapes_[name] = shape;
  return name;
}

absl::StatusOr<std::vector<float>> DarknetImporter::TakeWeights(int64_t count,
                                                                absl::string_view what) {
  weight_count_ += count;
  if (weights_ == nullptr) return std::vector<float>();
  return weights_->Take(count, absl::StrCat("layer ", index_, " [", type_, "] at ", cfg_name_, ":",
                                            options_->line(), ": its ", what));
}

absl::StatusOr<int64_t> DarknetImporter::CountOf(const Shape& shape) const {
  absl::StatusOr<int64_t> count = NumElements(shape);
  if (!count.ok()) return options_->Error(count.status().message());
  return count;
}

absl::StatusOr<BatchNormParameters> DarknetImporter::TakeBatchNorm(int64_t channels) {
  BatchNormParameters p;
  ASSIGN_OR_RETURN(p.scales, TakeWeights(channels, "batch norm scales"));
  ASSIGN_OR_RETURN(p.mean, TakeWeights(channels, "batch norm means"));
  ASSIGN_OR_RETURN(p.variance, TakeWeights(channels, "batch norm variances"));
  return p;
}

absl::StatusOr<std::string> DarknetImporter::BatchNorm(const std::string& value,
                                                       std::vector<float> biases,
                                                       BatchNormParameters p) {
  const std::string name = absl::StrCat("bn_", index_);
  const Shape channels = {ShapeOf(value)[1]};
  cnn::Node node = NewNode("BatchNormalization",
                           {value, AddWeights(name + "_scale", channels, std::move(p.scales)),
                            AddWeights(name + "_bias", channels, std::move(biases)),
                            AddWeights(name + "_mean", channels, std::move(p.mean)),
                            AddWeights(name + "_variance", channels, std::move(p.variance))},
                           name);
  SetFloatAttribute(node, "epsilon", kBatchNormEpsilon);
  return Emit(std::move(node));
}

absl::StatusOr<std::string> DarknetImporter::Activate(const std::string& value,
                                                      const std::string& activation) {
  if (activation == "linear") return value;
  if (activation == "leaky") {
    cnn::Node node = NewNode("LeakyRelu", {value}, absl::StrCat("leaky_", index_));
    SetFloatAttribute(node, "alpha", kLeakySlope);
    return Emit(std::move(node));
  }
  if (activation == "relu") return Emit(NewNode("Relu", {value}, absl::StrCat("relu_", index_)));
  if (activation == "logistic") {
    return Emit(NewNode("Sigmoid", {value}, absl::StrCat("logistic_", index_)));
  }
  return options_->ErrorAt("activation",
                           absl::StrCat("activation '", activation, "' is not supported"));
}

absl::StatusOr<DarknetImporter::Layer> DarknetImporter::Convolutional() {
  SectionOptions& o = *options_;
  ASSIGN_OR_RETURN(int filters, o.RequiredInt("filters"));
  ASSIGN_OR_RETURN(int size, o.Int("size", 1));
  ASSIGN_OR_RETURN(int stride, o.Int("stride", 1));
  ASSIGN_OR_RETURN(int pad, o.Int("pad", 0));
  ASSIGN_OR_RETURN(int padding, o.Int("padding", 0));
  ASSIGN_OR_RETURN(int groups, o.Int("groups", 1));
  ASSIGN_OR_RETURN(int dilation, o.Int("dilation", 1));
  ASSIGN_OR_RETURN(int batch_normalize, o.Int("batch_normalize", 0));
  ASSIGN_OR_RETURN(std::string activation, o.String("activation", "logistic"));
  if (filters < 1) return o.ErrorAt("filters", "filters must be positive");
  if (size < 1) return o.ErrorAt("size", "size must be positive");
  if (stride < 1) return o.ErrorAt("stride", "stride must be positive");
  if (groups < 1) return o.ErrorAt("groups", "groups must be positive");
  if (dilation < 1) return o.ErrorAt("dilation", "dilation must be positive");
  if (padding < 0) return o.ErrorAt("padding", "padding must not be negative");
  if (pad != 0) padding = size / 2;
  ASSIGN_OR_RETURN(std::string input, Input());
  const int64_t channels = ShapeOf(input)[1];
  if (channels % groups != 0 || filters % groups != 0) {
    return o.ErrorAt("groups", absl::StrCat("groups=", groups, " does not divide the ", channels,
                                            " input channels and the ", filters, " filters"));
  }
  // The file holds the biases, the batch norm parameters, then the weights.
  ASSIGN_OR_RETURN(std::vector<float> biases, TakeWeights(filters, "biases"));
  BatchNormParameters batch_norm;
  if (batch_normalize != 0) {
    ASSIGN_OR_RETURN(batch_norm, TakeBatchNorm(filters));
  }
  const Shape weights_shape = {filters, channels / groups, size, size};
  ASSIGN_OR_RETURN(int64_t weight_count, CountOf(weights_shape));
  ASSIGN_OR_RETURN(std::vector<float> weights, TakeWeights(weight_count, "weights"));
  const std::string name = absl::StrCat("conv_", index_);
  std::vector<std::string> inputs = {input,
                                     AddWeights(name + "_weights", weights_shape, std::move(weights))};
  if (batch_normalize == 0) inputs.push_back(AddWeights(name + "_bias", {filters}, biases));
  cnn::Node node = NewNode("Conv", inputs, name);
  SetIntsAttribute(node, "strides", {stride, stride});
  SetIntsAttribute(node, "pads", {padding, padding, padding, padding});
  SetIntsAttribute(node, "dilations", {dilation, dilation});
  SetIntAttribute(node, "group", groups);
  ASSIGN_OR_RETURN(std::string out, Emit(std::move(node)));
  if (batch_normalize != 0) {
    ASSIGN_OR_RETURN(out, BatchNorm(out, std::move(biases), std::move(batch_norm)));
  }
  ASSIGN_OR_RETURN(out, Activate(out, activation));
  return Layer{out};
}

absl::StatusOr<DarknetImporter::Layer> DarknetImporter::Connected() {
  SectionOptions& o = *options_;
  ASSIGN_OR_RETURN(int outputs, o.RequiredInt("output"));
  ASSIGN_OR_RETURN(int batch_normalize, o.Int("batch_normalize", 0));
  ASSIGN_OR_RETURN(std::string activation, o.String("activation", "logistic"));
  if (outputs < 1) return o.ErrorAt("output", "output must be positive");
  ASSIGN_OR_RETURN(std::string input, FlatInput());
  const int64_t inputs = ShapeOf(input)[1];
  // The file holds the biases, the weights, then the batch norm parameters. The weights are
  // [outputs, inputs] unless the header says they are transposed.
  ASSIGN_OR_RETURN(std::vector<float> biases, TakeWeights(outputs, "biases"));
  ASSIGN_OR_RETURN(int64_t weight_count, CountOf({outputs, inputs}));
  ASSIGN_OR_RETURN(std::vector<float> weights, TakeWeights(weight_count, "weights"));
  BatchNormParameters batch_norm;
  if (batch_normalize != 0) {
    ASSIGN_OR_RETURN(batch_norm, TakeBatchNorm(outputs));
  }
  const bool transposed = weights_ != nullptr && weights_->transposed();
  const std::string name = absl::StrCat("fc_", index_);
  const Shape weights_shape = transposed ? Shape{inputs, outputs} : Shape{outputs, inputs};
  std::vector<std::string> gemm_inputs = {
      input, AddWeights(name + "_weights", weights_shape, std::move(weights))};
  if (batch_normalize == 0) gemm_inputs.push_back(AddWeights(name + "_bias", {outputs}, biases));
  cnn::Node node = NewNode("Gemm", gemm_inputs, name);
  SetIntAttribute(node, "transB", transposed ? 0 : 1);
  ASSIGN_OR_RETURN(std::string out, Emit(std::move(node)));
  if (batch_normalize != 0) {
    ASSIGN_OR_RETURN(out, BatchNorm(out, std::move(biases), std::move(batch_norm)));
  }
  ASSIGN_OR_RETURN(out, Activate(out, activation));
  return Layer{out};
}

absl::StatusOr<DarknetImporter::Layer> DarknetImporter::Maxpool() {
  SectionOptions& o = *options_;
  ASSIGN_OR_RETURN(int stride, o.Int("stride", 1));
  ASSIGN_OR_RETURN(int size, o.Int("size", stride));
  if (stride < 1) return o.ErrorAt("stride", "stride must be positive");
  if (size < 1) return o.ErrorAt("size", "size must be positive");
  ASSIGN_OR_RETURN(int padding, o.Int("padding", size - 1));
  if (padding < 0) return o.ErrorAt("padding", "padding must not be negative");
  ASSIGN_OR_RETURN(std::string input, Input());
  // Darknet: output = (input + padding - size) / stride + 1, the window starting padding / 2
  // before the input; the rest of the padding is at the bottom and right.
  const int begin = padding / 2, end = padding - padding / 2;
  cnn::Node node = NewNode("MaxPool", {input}, absl::StrCat("maxpool_", index_));
  SetIntsAttribute(node, "kernel_shape", {size, size});
  SetIntsAttribute(node, "strides", {stride, stride});
  SetIntsAttribute(node, "pads", {begin, begin, end, end});
  ASSIGN_OR_RETURN(std::string out, Emit(std::move(node)));
  return Layer{out};
}

absl::StatusOr<DarknetImporter::Layer> DarknetImporter::Route() {
  SectionOptions& o = *options_;
  ASSIGN_OR_RETURN(std::vector<int> indices, o.Ints("layers"));
  ASSIGN_OR_RETURN(int groups, o.Int("groups", 1));
  ASSIGN_OR_RETURN(int group_id, o.Int("group_id", 0));
  if (indices.empty()) return o.Error("needs 'layers'");
  if (groups < 1 || group_id < 0 || group_id >= groups) {
    return o.ErrorAt("groups", absl::StrCat("group_id=", group_id, " is not one of groups=", groups));
  }
  std::vector<std::string> inputs;
  for (int index : indices) {
    ASSIGN_OR_RETURN(inputs.emplace_back(),
                     LayerOutput(index < 0 ? index_ + index : index, "layers"));
    if (groups == 1) continue;
    // Channel group `group_id` of each layer (YOLOv4-tiny's CSP blocks).
    const int64_t channels = ShapeOf(inputs.back())[1];
    if (channels % groups != 0) {
      return o.ErrorAt("groups", absl::StrCat("groups=", groups, " does not divide the ", channels,
                                              " channels of layer ", index));
    }
    const int64_t count = channels / groups;
    ASSIGN_OR_RETURN(inputs.back(),
                     SelectChannels(inputs.back(), group_id * count, count, 1,
                                    absl::StrCat("route_", index_, "_group_", inputs.size())));
  }
  if (inputs.size() == 1) return Layer{inputs[0]};
  cnn::Node node = NewNode("Concat", inputs, absl::StrCat("route_", index_));
  SetIntAttribute(node, "axis", 1);
  ASSIGN_OR_RETURN(std::string out, Emit(std::move(node)));
  return Layer{out};
}

absl::StatusOr<DarknetImporter::Layer> DarknetImporter::Shortcut() {
  SectionOptions& o = *options_;
  ASSIGN_OR_RETURN(std::vector<int> from, o.Ints("from"));
  ASSIGN_OR_RETURN(std::string activation, o.String("activation", "linear"));
  ASSIGN_OR_RETURN(std::string weights_type, o.String("weights_type", "none"));
  if (from.size() != 1) return o.ErrorAt("from", "needs one layer in 'from'");
  if (weights_type != "none") {
    return o.ErrorAt("weights_type", absl::StrCat("weights_type=", weights_type,
                                                  " is not supported"));
  }
  ASSIGN_OR_RETURN(std::string input, Input());
  ASSIGN_OR_RETURN(std::string other, LayerOutput(from[0] < 0 ? index_ + from[0] : from[0], "from"));
  if (ShapeOf(input) != ShapeOf(other)) {
    ASSIGN_OR_RETURN(other, ShortcutProjection(other, ShapeOf(input)));
  }
  ASSIGN_OR_RETURN(std::string sum,
                   Emit(NewNode("Add", {input, other}, absl::StrCat("shortcut_", index_))));
  ASSIGN_OR_RETURN(std::string out, Activate(sum, activation));
  return Layer{out};
}

// Channels first .. first + count - 1 of `value` (zeros past its last channel), sampling every
// `sample`-th pixel: a 1x1 convolution with stride `sample` whose weights pick the channels.
absl::StatusOr<std::string> DarknetImporter::SelectChannels(const std::string& value,
                                                            int64_t first, int64_t count,
                                                            int64_t sample,
                                                            const std::string& name) {
  const int64_t in_channels = ShapeOf(value)[1];
  ASSIGN_OR_RETURN(int64_t weight_count, CountOf({count, in_channels}));
  if (weight_count > kMaxGeneratedWeights) {
    return options_->Error(absl::StrCat("selecting ", count, " of ", in_channels,
                                        " channels: too many"));
  }
  std::vector<float> selection(weight_count, 0.0f);
  for (int64_t c = 0; c < count && first + c < in_channels; ++c) {
    selection[c * in_channels + first + c] = 1.0f;
  }
  cnn::Node node = NewNode(
      "Conv", {value, AddWeights(name + "_weights", {count, in_channels, 1, 1}, selection)}, name);
  SetIntsAttribute(node, "strides", {sample, sample});
  return Emit(std::move(node));
}

// Darknet adds a larger layer to a smaller one (ResNet's strided blocks) by sampling every
// `sample`-th pixel of the first min(channels) channels; the other output channels get nothing.
absl::StatusOr<std::string> DarknetImporter::ShortcutProjection(const std::string& value,
                                                                const Shape& target) {
  const Shape& shape = ShapeOf(value);
  const bool images = shape.size() == 4 && target.size() == 4;
  const int64_t sample = images ? shape[2] / target[2] : 0;
  if (!images || sample < 1 || shape[2] != sample * target[2] ||
      shape[3] != sample * target[3]) {
    return options_->ErrorAt("from", absl::StrCat("adds ", ShapeString(shape), " to ",
                                                  ShapeString(target),
                                                  ": the sizes must be equal or a multiple"));
  }
  return SelectChannels(value, 0, target[1], sample, absl::StrCat("shortcut_", index_, "_projection"));
}

absl::StatusOr<DarknetImporter::Layer> DarknetImporter::Upsample() {
  SectionOptions& o = *options_;
  ASSIGN_OR_RETURN(int stride, o.Int("stride", 2));
  ASSIGN_OR_RETURN(float scale, o.Float("scale", 1.0f));
  if (stride < 1) {
    return o.ErrorAt("stride", "stride must be positive (downsampling is not supported)");
  }
  if (scale != 1.0f) return o.ErrorAt("scale", "scale other than 1 is not supported");
  ASSIGN_OR_RETURN(std::string input, Input());
  cnn::Node node = NewNode("Upsample", {input}, absl::StrCat("upsample_", index_));
  SetIntsAttribute(node, "scales", {stride, stride});
  ASSIGN_OR_RETURN(std::string out, Emit(std::move(node)));
  return Layer{out};
}

absl::StatusOr<DarknetImporter::Layer> DarknetImporter::Softmax() {
  SectionOptions& o = *options_;
  ASSIGN_OR_RETURN(int groups, o.Int("groups", 1));
  ASSIGN_OR_RETURN(float temperature, o.Float("temperature", 1.0f));
  if (groups != 1) return o.ErrorAt("groups", "groups other than 1 are not supported");
  if (temperature != 1.0f) return o.ErrorAt("temperature", "temperature other than 1 is not supported");
  ASSIGN_OR_RETURN(std::string input, FlatInput());
  cnn::Node node = NewNode("Softmax", {input}, absl::StrCat("softmax_", index_));
  SetIntAttribute(node, "axis", 1);
  ASSIGN_OR_RETURN(std::string out, Emit(std::move(node)));
  return Layer{out};
}

// At test time Darknet crops the centre, offset (size - crop) / 2, and maps x to x * 2 - 1 (x
// unchanged with noadjust=1). That is a depthwise convolution whose only non-zero tap sits at the
// offset: with an even margin three taps dilated by the offset, otherwise margin + 1 taps.
absl::StatusOr<DarknetImporter::Layer> DarknetImporter::Crop() {
  SectionOptions& o = *options_;
  ASSIGN_OR_RETURN(int crop_height, o.RequiredInt("crop_height"));
  ASSIGN_OR_RETURN(int crop_width, o.RequiredInt("crop_width"));
  ASSIGN_OR_RETURN(int noadjust, o.Int("noadjust", 0));
  ASSIGN_OR_RETURN(std::string input, Input());
  const Shape& shape = ShapeOf(input);
  if (shape.size() != 4 || crop_height < 1 || crop_height > shape[2] || crop_width < 1 ||
      crop_width > shape[3]) {
    return o.Error(absl::StrCat("crop ", crop_height, "x", crop_width, " does not fit the input ",
                                ShapeString(shape)));
  }
  struct Axis {
    int64_t taps, dilation, tap;
  };
  auto axis = [](int64_t margin) {
    if (margin == 0) return Axis{1, 1, 0};
    if (margin % 2 == 0) return Axis{3, margin / 2, 1};
    return Axis{margin + 1, 1, margin / 2};
  };
  const Axis y = axis(shape[2] - crop_height), x = axis(shape[3] - crop_width);
  const int64_t channels = shape[1];
  ASSIGN_OR_RETURN(int64_t weight_count, CountOf({channels, y.taps, x.taps}));
  if (weight_count > kMaxGeneratedWeights) {
    return o.Error(absl::StrCat("crop margins of ", ShapeString(shape), " are too large"));
  }
  std::vector<float> weights(channels * y.taps * x.taps, 0.0f);
  for (int64_t c = 0; c < channels; ++c) {
    weights[(c * y.taps + y.tap) * x.taps + x.tap] = noadjust != 0 ? 1.0f : 2.0f;
  }
  const std::string name = absl::StrCat("crop_", index_);
  cnn::Node node =
      NewNode("Conv",
              {input, AddWeights(name + "_weights", {channels, 1, y.taps, x.taps}, weights),
               AddWeights(name + "_bias", {channels},
                          std::vector<float>(channels, noadjust != 0 ? 0.0f : -1.0f))},
              name);
  SetIntsAttribute(node, "dilations", {y.dilation, x.dilation});
  SetIntAttribute(node, "group", channels);
  ASSIGN_OR_RETURN(std::string out, Emit(std::move(node)));
  return Layer{out};
}

absl::StatusOr<DarknetImporter::Layer> DarknetImporter::DetectionHead(cnn::YoloHead::Kind kind) {
  SectionOptions& o = *options_;
  const bool is_yolo = kind == cnn::YoloHead::YOLO;
  ASSIGN_OR_RETURN(std::vector<float> anchors, o.Floats("anchors"));
  ASSIGN_OR_RETURN(int classes, o.Int("classes", 20));
  ASSIGN_OR_RETURN(int num, o.Int("num", 1));
  cnn::YoloHead head;
  head.set_kind(kind);
  head.set_classes(classes);
  head.set_input_width(input_width_);
  head.set_input_height(input_height_);
  if (classes < 1) return o.ErrorAt("classes", "classes must be positive");
  if (num < 1) return o.ErrorAt("num", "num must be positive");
  if (anchors.size() != 2 * static_cast<size_t>(num)) {
    return o.ErrorAt("anchors", absl::StrCat("needs num=", num, " (width, height) pairs, has ",
                                             anchors.size(), " numbers"));
  }
  std::vector<int> mask;
  if (is_yolo) {
    ASSIGN_OR_RETURN(mask, o.Ints("mask"));
    ASSIGN_OR_RETURN(float scale_x_y, o.Float("scale_x_y", 1.0f));
    ASSIGN_OR_RETURN(int new_coords, o.Int("new_coords", 0));
    if (new_coords != 0) return o.ErrorAt("new_coords", "new_coords is not supported");
    head.set_scale_x_y(scale_x_y);
    if (mask.empty()) {
      for (int i = 0; i < num; ++i) mask.push_back(i);
    }
  } else {
    ASSIGN_OR_RETURN(int coords, o.Int("coords", 4));
    ASSIGN_OR_RETURN(int softmax, o.Int("softmax", 0));
    if (coords != 4) return o.ErrorAt("coords", "only coords=4 is supported");
    if (softmax != 1) return o.ErrorAt("softmax", "only softmax=1 is supported");
    head.set_scale_x_y(1.0f);
    for (int i = 0; i < num; ++i) mask.push_back(i);
  }
  for (int m : mask) {
    if (m < 0 || m >= num) {
      return o.ErrorAt("mask", absl::StrCat("mask ", m, " is not an anchor index below num=", num));
    }
    if (is_yolo) head.add_mask(m);
    head.add_anchors(anchors[2 * m]);
    head.add_anchors(anchors[2 * m + 1]);
  }
  ASSIGN_OR_RETURN(std::string input, Input());
  const Shape& shape = ShapeOf(input);
  const int64_t expected = static_cast<int64_t>(mask.size()) * (5 + int64_t{classes});
  if (shape.size() != 4 || shape[1] != expected) {
    return o.Error(absl::StrCat("reads ", ShapeString(shape), ", expected ", expected,
                                " channels: ", mask.size(), " anchors of ", classes,
                                " classes"));
  }
  head.set_output(input);
  *model_.add_yolo_head() = std::move(head);
  return Layer{input, /*is_head=*/true};
}

absl::StatusOr<cnn::Model> DarknetImporter::Finish() {
  if (layers_.empty()) return ErrorAt(cfg_name_, 1, "the cfg has no layers after [net]");
  if (model_.yolo_head_size() > 0) {
    for (const cnn::YoloHead& head : model_.yolo_head()) model_.add_output()->set_name(head.output());
  } else {
    model_.add_output()->set_name(layers_.back().value);
  }
  if (weights_ == nullptr) {
    for (cnn::ValueInfo& output : *model_.mutable_output()) {
      for (int64_t dim : ShapeOf(output.name())) output.add_dims(dim);
    }
    return std::move(model_);
  }
  RETURN_IF_ERROR(weights_->ExpectEnd(absl::StrCat("layer ", index_ - 1, " [", type_, "]")));
  // E.g. NaN weights, which the initializer's name traces to a layer.
  const absl::Status checked = InferModelShapes(model_);
  if (!checked.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(cfg_name_, ": ", checked.message()));
  }
  return std::move(model_);
}

absl::StatusOr<cnn::Model> Import(absl::string_view cfg_text, absl::string_view cfg_name,
                                  DarknetImporter& importer) {
  ASSIGN_OR_RETURN(std::vector<DarknetSection> sections, ParseDarknetCfg(cfg_text, cfg_name));
  RETURN_IF_ERROR(importer.ReadNet(sections[0]));
  for (size_t i = 1; i < sections.size(); ++i) RETURN_IF_ERROR(importer.AddLayer(sections[i]));
  ASSIGN_OR_RETURN(cnn::Model model, importer.Finish());
  model.set_name(FileStem(cfg_name));
  const size_t slash = cfg_name.find_last_of('/');
  model.set_source(absl::StrCat(
      "darknet:", slash == absl::string_view::npos ? cfg_name : cfg_name.substr(slash + 1)));
  return model;
}

}  // namespace

absl::StatusOr<cnn::Model> ImportDarknet(absl::string_view cfg_text,
                                         absl::string_view weights_bytes,
                                         absl::string_view cfg_name,
                                         absl::string_view weights_name) {
  ASSIGN_OR_RETURN(DarknetWeights weights, DarknetWeights::Parse(weights_bytes, weights_name));
  DarknetImporter importer(cfg_name, &weights);
  return Import(cfg_text, cfg_name, importer);
}

absl::StatusOr<cnn::Model> ImportDarknetFiles(const std::string& cfg_path,
                                              const std::string& weights_path) {
  ASSIGN_OR_RETURN(std::string cfg_text, ReadWholeFile(cfg_path));
  ASSIGN_OR_RETURN(std::string weights_bytes, ReadWholeFile(weights_path));
  return ImportDarknet(cfg_text, weights_bytes, cfg_path, weights_path);
}

absl::StatusOr<DarknetCfgInspection> InspectDarknetCfg(absl::string_view cfg_text,
                                                       absl::string_view cfg_name) {
  DarknetImporter importer(cfg_name, nullptr);
  DarknetCfgInspection inspection;
  ASSIGN_OR_RETURN(inspection.graph, Import(cfg_text, cfg_name, importer));
  inspection.weight_count = importer.weight_count();
  return inspection;
}

}  // namespace sentio::cnn::import
