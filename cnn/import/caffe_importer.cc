#include "cnn/import/caffe_importer.h"

#include <map>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/file_reading.h"
#include "base/status_macros.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ir/shape_inference.h"
#include "cnn/ir/tensor.h"
#include "sensing/text_proto.h"

namespace sentio::cnn::import {
namespace {

absl::Status Error(absl::string_view message) { return absl::InvalidArgumentError(message); }


// Whether `layer` belongs to the TEST phase net (Caffe's NetStateRule logic, level 0, no stages).
bool InTestPhase(const caffe::LayerParameter& layer) {
  auto matches = [](const caffe::NetStateRule& rule) {
    return (!rule.has_phase() || rule.phase() == caffe::TEST) &&
           (!rule.has_min_level() || rule.min_level() <= 0) &&
           (!rule.has_max_level() || rule.max_level() >= 0) && rule.stage_size() == 0;
  };
  if (layer.has_phase() && layer.phase() != caffe::TEST) return false;
  if (layer.include_size() > 0) {
    for (const caffe::NetStateRule& rule : layer.include()) {
      if (matches(rule)) return true;
    }
    return false;
  }
  for (const caffe::NetStateRule& rule : layer.exclude()) {
    if (matches(rule)) return false;
  }
  return true;
}

absl::StatusOr<std::vector<float>> BlobValues(const caffe::BlobProto& blob) {
  if (blob.double_data_size() > 0) {
    return std::vector<float>(blob.double_data().begin(), blob.double_data().end());
  }
  return std::vector<float>(blob.data().begin(), blob.data().end());
}

class CaffeNetImporter {
 public:
  CaffeNetImporter(const caffe::NetParameter& weights, absl::string_view caffemodel_name)
      : caffemodel_name_(caffemodel_name) {
    for (const caffe::LayerParameter& layer : weights.layer()) {
      if (layer.blobs_size() > 0) weights_[layer.name()] = &layer;
    }
  }

  absl::Status AddInput(const std::string& blob, const Shape& shape) {
    if (shape.empty()) return Error(absl::StrCat("input '", blob, "' has no shape"));
    for (int64_t dim : shape) {
      if (dim <= 0) return Error(absl::StrCat("input '", blob, "' has shape ", ShapeString(shape)));
    }
    if (absl::StatusOr<int64_t> count = NumElements(shape); !count.ok()) {
      return Error(absl::StrCat("input '", blob, "': ", count.status().message()));
    }
    ASSIGN_OR_RETURN(std::string value, Define(blob));
    cnn::ValueInfo& input = *model_.add_input();
    input.set_name(value);
    for (int64_t dim : shape) input.add_dims(dim);
    shapes_[value] = shape;
    return absl::OkStatus();
  }

  absl::Status AddLayer(const caffe::LayerParameter& layer) {
    absl::Status status = ConvertLayer(layer);
    if (!status.ok()) {
      return Error(absl::StrCat(layer.type(), " layer '", layer.name(), "': ", status.message()));
    }
    return status;
  }

  absl::StatusOr<cnn::Model> Finish() {
    std::set<std::string> read;
    for (const cnn::Node& node : model_.node()) read.insert(node.input().begin(), node.input().end());
    for (const std::string& blob : blob_order_) {
      const std::string& value = current_value_.at(blob);
      // insert() also keeps a value that two blob names hold (Dropout) from being listed twice.
      if (produced_.count(value) > 0 && read.insert(value).second) {
        model_.add_output()->set_name(value);
      }
    }
    if (model_.output_size() == 0) return Error("the net has no layers that produce an output");
    RETURN_IF_ERROR(InferModelShapes(model_));
    return std::move(model_);
  }

 private:
  // The IR value that a layer writing `blob` defines (in-place layers get a fresh name).
  absl::StatusOr<std::string> Define(const std::string& blob) {
    if (blob.empty()) return Error("a top blob has no name");
    const std::string value = UnusedValueName(blob);
    if (current_value_.count(blob) == 0) blob_order_.push_back(blob);
    current_value_[blob] = value;
    return value;
  }

  std::string UnusedValueName(const std::string& base) const {
    std::string value = base;
    for (int i = 2; shapes_.count(value) > 0 || current_value_.count(value) > 0; ++i) {
      value = absl::StrCat(base, "_", i);
    }
    return value;
  }

  absl::StatusOr<std::string> Read(const std::string& blob) const {
    auto it = current_value_.find(blob);
    if (it == current_value_.end()) {
      return Error(absl::StrCat("reads blob '", blob, "', which no earlier layer produces"));
    }
    return it->second;
  }

  absl::Status ExpectBlobs(const caffe::LayerParameter& layer, int bottoms, int tops) const {
    if (layer.bottom_size() != bottoms || layer.top_size() != tops) {
      return Error(absl::StrCat("needs ", bottoms, " bottom and ", tops, " top blobs, has ",
                                layer.bottom_size(), " and ", layer.top_size()));
    }
    return absl::OkStatus();
  }

  // The trained blob `index` of `layer`, checked to hold `shape`'s count, as an initializer.
  absl::StatusOr<std::string> Weights(const caffe::LayerParameter& layer, int index,
                                      const Shape& shape) {
    ASSIGN_OR_RETURN(std::vector<float> values, TrainedBlob(layer, index, shape));
    return AddConstant(absl::StrCat(layer.name(), index == 0 ? "_weights" : "_bias"), shape,
                       values);
  }

  // An initializer named after `base` (made unique) holding `values` in `shape`.
  std::string AddConstant(const std::string& base, const Shape& shape,
                          const std::vector<float>& values) {
    const std::string unique = UnusedValueName(base);
    cnn::TensorData& data = *model_.add_initializer();
    data.set_name(unique);
    for (int64_t dim : shape) data.add_dims(dim);
    data.mutable_values()->Add(values.begin(), values.end());
    shapes_[unique] = shape;
    return unique;
  }

  // The values of trained blob `index` of `layer`, checked to hold `shape`'s count.
  absl::StatusOr<std::vector<float>> TrainedBlob(const caffe::LayerParameter& layer, int index,
                                                 const Shape& shape) const {
    auto it = weights_.find(layer.name());
    if (it == weights_.end()) {
      return Error(absl::StrCat("has no weights in ", caffemodel_name_));
    }
    if (it->second->blobs_size() <= index) {
      return Error(absl::StrCat("has ", it->second->blobs_size(), " weight blobs in ",
                                caffemodel_name_, ", needs ", index + 1));
    }
    ASSIGN_OR_RETURN(std::vector<float> values, BlobValues(it->second->blobs(index)));
    ASSIGN_OR_RETURN(int64_t count, NumElements(shape));
    if (static_cast<int64_t>(values.size()) != count) {
      return Error(absl::StrCat("weight blob ", index, " in ", caffemodel_name_, " has ",
                                values.size(), " values, the layer needs ", ShapeString(shape)));
    }
    return values;
  }

  // Adds `node` (inputs set) writing `top`, with its shape inferred.
  absl::Status Emit(cnn::Node node, const std::string& top) {
    std::vector<Shape> inputs;
    for (const std::string& input : node.input()) inputs.push_back(shapes_.at(input));
    ASSIGN_OR_RETURN(std::vector<Shape> outputs, InferNodeOutputShapes(node, inputs));
    ASSIGN_OR_RETURN(std::string value, Define(top));
    node.set_output(0, value);
    shapes_[value] = outputs[0];
    produced_.insert(value);
    *model_.add_node() = std::move(node);
    return absl::OkStatus();
  }

  absl::StatusOr<cnn::Node> Start(const caffe::LayerParameter& layer, const std::string& op,
                                  const std::string& bottom) {
    cnn::Node node;
    node.set_name(layer.name());
    node.set_op_type(op);
    ASSIGN_OR_RETURN(std::string input, Read(bottom));
    node.add_input(input);
    node.add_output("");
    return node;
  }

  absl::Status ConvertConvolution(const caffe::LayerParameter& layer) {
    RETURN_IF_ERROR(ExpectBlobs(layer, 1, 1));
    const caffe::ConvolutionParameter& p = layer.convolution_param();
    ASSIGN_OR_RETURN(cnn::Node node, Start(layer, "Conv", layer.bottom(0)));
    const Shape& input = shapes_.at(node.input(0));
    if (input.size() != 4 || p.axis() != 1) return Error("only 2-D convolution over axis 1 is supported");
    if (p.kernel_size_size() > 2 || p.pad_size() > 2 || p.stride_size() > 2 || p.dilation_size() > 2) {
      return Error("only 2-D convolution is supported");
    }
    auto pick = [](const google::protobuf::RepeatedField<uint32_t>& values, int axis,
                   bool has_specific, uint32_t specific, int64_t default_value) -> int64_t {
      if (has_specific) return specific;
      if (values.empty()) return default_value;
      return values.size() == 1 ? values[0] : values[axis];
    };
    const int64_t kernel_h = pick(p.kernel_size(), 0, p.has_kernel_h(), p.kernel_h(), 0);
    const int64_t kernel_w = pick(p.kernel_size(), 1, p.has_kernel_w(), p.kernel_w(), 0);
    const int64_t pad_h = pick(p.pad(), 0, p.has_pad_h(), p.pad_h(), 0);
    const int64_t pad_w = pick(p.pad(), 1, p.has_pad_w(), p.pad_w(), 0);
    const int64_t stride_h = pick(p.stride(), 0, p.has_stride_h(), p.stride_h(), 1);
    const int64_t stride_w = pick(p.stride(), 1, p.has_stride_w(), p.stride_w(), 1);
    const int64_t dilation_h = pick(p.dilation(), 0, false, 0, 1);
    const int64_t dilation_w = pick(p.dilation(), 1, false, 0, 1);
    const int64_t group = p.group();
    if (kernel_h < 1 || kernel_w < 1) return Error("has no kernel size");
    if (p.num_output() < 1 || group < 1 || input[1] % group != 0) {
      return Error(absl::StrCat("num_output ", p.num_output(), " and group ", group,
                                " do not fit an input of ", input[1], " channels"));
    }
    SetIntsAttribute(node, "strides", {stride_h, stride_w});
    SetIntsAttribute(node, "pads", {pad_h, pad_w, pad_h, pad_w});
    SetIntsAttribute(node, "dilations", {dilation_h, dilation_w});
    SetIntAttribute(node, "group", group);
    const int64_t outputs = p.num_output();
    ASSIGN_OR_RETURN(std::string weights,
                     Weights(layer, 0, {outputs, input[1] / group, kernel_h, kernel_w}));
    node.add_input(weights);
    if (p.bias_term()) {
      ASSIGN_OR_RETURN(std::string bias, Weights(layer, 1, {outputs}));
      node.add_input(bias);
    }
    return Emit(std::move(node), layer.top(0));
  }

  absl::Status ConvertPooling(const caffe::LayerParameter& layer) {
    RETURN_IF_ERROR(ExpectBlobs(layer, 1, 1));
    const caffe::PoolingParameter& p = layer.pooling_param();
    if (p.pool() == caffe::PoolingParameter::STOCHASTIC) return Error("STOCHASTIC pooling is not supported");
    const bool is_max = p.pool() == caffe::PoolingParameter::MAX;
    ASSIGN_OR_RETURN(cnn::Node node, Start(layer, is_max ? "MaxPool" : "AveragePool", layer.bottom(0)));
    const Shape& input = shapes_.at(node.input(0));
    if (input.size() != 4) return Error(absl::StrCat("needs a 4-D input, has ", ShapeString(input)));
    if (p.global_pooling()) {
      if (!is_max) {
        node.set_op_type("GlobalAveragePool");
        return Emit(std::move(node), layer.top(0));
      }
      SetIntsAttribute(node, "kernel_shape", {input[2], input[3]});
      return Emit(std::move(node), layer.top(0));
    }
    const int64_t kernel_h = p.has_kernel_h() ? p.kernel_h() : p.kernel_size();
    const int64_t kernel_w = p.has_kernel_w() ? p.kernel_w() : p.kernel_size();
    const int64_t pad_h = p.has_pad_h() ? p.pad_h() : p.pad();
    const int64_t pad_w = p.has_pad_w() ? p.pad_w() : p.pad();
    const int64_t stride_h = p.has_stride_h() ? p.stride_h() : p.stride();
    const int64_t stride_w = p.has_stride_w() ? p.stride_w() : p.stride();
    if (kernel_h < 1 || kernel_w < 1) return Error("has no kernel size");
    SetIntsAttribute(node, "kernel_shape", {kernel_h, kernel_w});
    SetIntsAttribute(node, "strides", {stride_h, stride_w});
    SetIntsAttribute(node, "pads", {pad_h, pad_w, pad_h, pad_w});
    SetIntAttribute(node, "ceil_mode", p.round_mode() == caffe::PoolingParameter::CEIL ? 1 : 0);
    if (!is_max) SetIntAttribute(node, "count_include_pad", 1);
    return Emit(std::move(node), layer.top(0));
  }

  absl::Status ConvertInnerProduct(const caffe::LayerParameter& layer) {
    RETURN_IF_ERROR(ExpectBlobs(layer, 1, 1));
    const caffe::InnerProductParameter& p = layer.inner_product_param();
    if (p.axis() != 1) return Error("only axis 1 is supported");
    if (p.num_output() < 1) return Error("has no num_output");
    ASSIGN_OR_RETURN(std::string input, Read(layer.bottom(0)));
    if (shapes_.at(input).size() != 2) {
      cnn::Node flatten;
      flatten.set_name(absl::StrCat(layer.name(), "_flatten"));
      flatten.set_op_type("Flatten");
      flatten.add_input(input);
      flatten.add_output("");
      SetIntAttribute(flatten, "axis", 1);
      const std::string flat_blob = absl::StrCat(layer.name(), "_flat");
      RETURN_IF_ERROR(Emit(std::move(flatten), flat_blob));
      input = current_value_.at(flat_blob);
    }
    const int64_t inputs = shapes_.at(input)[1], outputs = p.num_output();
    cnn::Node gemm;
    gemm.set_name(layer.name());
    gemm.set_op_type("Gemm");
    gemm.add_input(input);
    gemm.add_output("");
    SetIntAttribute(gemm, "transB", p.transpose() ? 0 : 1);
    ASSIGN_OR_RETURN(std::string weights,
                     Weights(layer, 0, p.transpose() ? Shape{inputs, outputs} : Shape{outputs, inputs}));
    gemm.add_input(weights);
    if (p.bias_term()) {
      ASSIGN_OR_RETURN(std::string bias, Weights(layer, 1, {outputs}));
      gemm.add_input(bias);
    }
    return Emit(std::move(gemm), layer.top(0));
  }

  // Makes `blob` hold the existing IR value `value` (layers that pass their input on).
  void Alias(const std::string& blob, const std::string& value) {
    if (current_value_.count(blob) == 0) blob_order_.push_back(blob);
    current_value_[blob] = value;
  }

  // The shape of one value per channel of `input` that broadcasts to it: [C, 1, .., 1].
  static absl::StatusOr<Shape> PerChannelShape(const Shape& input) {
    if (input.size() < 2) {
      return Error(absl::StrCat("needs a channel axis, has ", ShapeString(input)));
    }
    Shape shape(input.size() - 1, 1);
    shape[0] = input[1];
    return shape;
  }

  absl::Status ConvertPRelu(const caffe::LayerParameter& layer) {
    RETURN_IF_ERROR(ExpectBlobs(layer, 1, 1));
    ASSIGN_OR_RETURN(cnn::Node node, Start(layer, "PRelu", layer.bottom(0)));
    ASSIGN_OR_RETURN(Shape per_channel, PerChannelShape(shapes_.at(node.input(0))));
    const Shape slope_shape = layer.prelu_param().channel_shared() ? Shape{1} : per_channel;
    ASSIGN_OR_RETURN(std::vector<float> slope, TrainedBlob(layer, 0, slope_shape));
    node.add_input(AddConstant(absl::StrCat(layer.name(), "_slope"), slope_shape, slope));
    return Emit(std::move(node), layer.top(0));
  }

  absl::Status ConvertLrn(const caffe::LayerParameter& layer) {
    RETURN_IF_ERROR(ExpectBlobs(layer, 1, 1));
    const caffe::LRNParameter& p = layer.lrn_param();
    if (p.norm_region() != caffe::LRNParameter::ACROSS_CHANNELS) {
      return Error("norm_region WITHIN_CHANNEL is not supported, only ACROSS_CHANNELS");
    }
    if (p.local_size() % 2 == 0) {
      return Error(absl::StrCat("local_size ", p.local_size(), " is even; Caffe needs it odd"));
    }
    ASSIGN_OR_RETURN(cnn::Node node, Start(layer, "LRN", layer.bottom(0)));
    SetIntAttribute(node, "size", p.local_size());
    SetFloatAttribute(node, "alpha", p.alpha());
    SetFloatAttribute(node, "beta", p.beta());
    SetFloatAttribute(node, "bias", p.k());
    return Emit(std::move(node), layer.top(0));
  }

  absl::Status ConvertConcat(const caffe::LayerParameter& layer) {
    if (layer.bottom_size() < 1 || layer.top_size() != 1) {
      return Error(absl::StrCat("needs bottom blobs and 1 top blob, has ", layer.bottom_size(),
                                " and ", layer.top_size()));
    }
    const caffe::ConcatParameter& p = layer.concat_param();
    ASSIGN_OR_RETURN(cnn::Node node, Start(layer, "Concat", layer.bottom(0)));
    for (int i = 1; i < layer.bottom_size(); ++i) {
      ASSIGN_OR_RETURN(std::string input, Read(layer.bottom(i)));
      node.add_input(input);
    }
    // The legacy concat_dim counts only when axis is not given, as in Caffe.
    SetIntAttribute(node, "axis", !p.has_axis() && p.has_concat_dim() ? p.concat_dim() : p.axis());
    return Emit(std::move(node), layer.top(0));
  }

  // SUM (with optional coefficients) and PROD of two or more bottoms, as a chain of Add or Mul.
  absl::Status ConvertEltwise(const caffe::LayerParameter& layer) {
    if (layer.bottom_size() < 2 || layer.top_size() != 1) {
      return Error(absl::StrCat("needs 2 or more bottom blobs and 1 top blob, has ",
                                layer.bottom_size(), " and ", layer.top_size()));
    }
    const caffe::EltwiseParameter& p = layer.eltwise_param();
    if (p.operation() == caffe::EltwiseParameter::MAX) {
      return Error("operation MAX is not supported");
    }
    const bool is_sum = p.operation() == caffe::EltwiseParameter::SUM;
    if (p.coeff_size() > 0 && (!is_sum || p.coeff_size() != layer.bottom_size())) {
      return Error(absl::StrCat("has ", p.coeff_size(), " coeff for ", layer.bottom_size(),
                                " bottoms; coefficients need SUM and one per bottom"));
    }
    std::vector<std::string> terms;
    for (int i = 0; i < layer.bottom_size(); ++i) {
      ASSIGN_OR_RETURN(std::string term, Read(layer.bottom(i)));
      if (p.coeff_size() > 0 && p.coeff(i) != 1) {
        cnn::Node scale;
        scale.set_name(absl::StrCat(layer.name(), "_coeff", i));
        scale.set_op_type("Mul");
        scale.add_input(term);
        scale.add_input(AddConstant(absl::StrCat(layer.name(), "_coeff", i), {}, {p.coeff(i)}));
        scale.add_output("");
        const std::string blob = absl::StrCat(layer.name(), "_term", i);
        RETURN_IF_ERROR(Emit(std::move(scale), blob));
        term = current_value_.at(blob);
      }
      terms.push_back(term);
    }
    std::string sum = terms[0];
    for (size_t i = 1; i < terms.size(); ++i) {
      const bool last = i + 1 == terms.size();
      cnn::Node node;
      node.set_name(last ? layer.name() : absl::StrCat(layer.name(), "_", i));
      node.set_op_type(is_sum ? "Add" : "Mul");
      node.add_input(sum);
      node.add_input(terms[i]);
      node.add_output("");
      const std::string blob = last ? layer.top(0) : absl::StrCat(layer.name(), "_partial", i);
      RETURN_IF_ERROR(Emit(std::move(node), blob));
      sum = current_value_.at(blob);
    }
    return absl::OkStatus();
  }

  // Caffe keeps the running mean and variance times a scale factor (blob 2; 0 means no
  // statistics, i.e. zeros). The learned scale and shift come from a following Scale layer.
  absl::Status ConvertBatchNorm(const caffe::LayerParameter& layer) {
    RETURN_IF_ERROR(ExpectBlobs(layer, 1, 1));
    const caffe::BatchNormParameter& p = layer.batch_norm_param();
    if (p.has_use_global_stats() && !p.use_global_stats()) {
      return Error("use_global_stats false (statistics of the batch) is not supported");
    }
    ASSIGN_OR_RETURN(cnn::Node node, Start(layer, "BatchNormalization", layer.bottom(0)));
    ASSIGN_OR_RETURN(Shape per_channel, PerChannelShape(shapes_.at(node.input(0))));
    const int64_t channels = per_channel[0];
    ASSIGN_OR_RETURN(std::vector<float> mean, TrainedBlob(layer, 0, {channels}));
    ASSIGN_OR_RETURN(std::vector<float> variance, TrainedBlob(layer, 1, {channels}));
    ASSIGN_OR_RETURN(std::vector<float> factor, TrainedBlob(layer, 2, {1}));
    const float unscale = factor[0] == 0 ? 0.0f : 1.0f / factor[0];
    for (float& value : mean) value *= unscale;
    for (float& value : variance) value *= unscale;
    node.add_input(AddConstant(absl::StrCat(layer.name(), "_scale"), {channels},
                               std::vector<float>(channels, 1.0f)));
    node.add_input(AddConstant(absl::StrCat(layer.name(), "_shift"), {channels},
                               std::vector<float>(channels, 0.0f)));
    node.add_input(AddConstant(absl::StrCat(layer.name(), "_mean"), {channels}, mean));
    node.add_input(AddConstant(absl::StrCat(layer.name(), "_variance"), {channels}, variance));
    SetFloatAttribute(node, "epsilon", p.eps());
    return Emit(std::move(node), layer.top(0));
  }

  cnn::TensorData* FindInitializer(const std::string& name) {
    for (cnn::TensorData& data : *model_.mutable_initializer()) {
      if (data.name() == name) return &data;
    }
    return nullptr;
  }

  // The BatchNormalization node that defines `value` when nothing reads `value` yet.
  cnn::Node* UnreadBatchNormDefining(const std::string& value) {
    cnn::Node* found = nullptr;
    for (cnn::Node& node : *model_.mutable_node()) {
      for (const std::string& input : node.input()) {
        if (input == value) return nullptr;
      }
      if (node.op_type() == "BatchNormalization" && node.output(0) == value) found = &node;
    }
    return found;
  }

  // Per-channel y = x * scale (+ bias): folded into the BatchNorm before it when the layer works
  // in place on its output, as Caffe's BatchNorm + Scale pairs do; otherwise Mul (and Add).
  absl::Status ConvertScale(const caffe::LayerParameter& layer) {
    if (layer.bottom_size() != 1) {
      return Error("a scale from a second bottom blob is not supported");
    }
    RETURN_IF_ERROR(ExpectBlobs(layer, 1, 1));
    const caffe::ScaleParameter& p = layer.scale_param();
    if (p.axis() != 1 || p.num_axes() != 1) {
      return Error("only axis 1 with num_axes 1 is supported");
    }
    ASSIGN_OR_RETURN(std::string input, Read(layer.bottom(0)));
    ASSIGN_OR_RETURN(Shape per_channel, PerChannelShape(shapes_.at(input)));
    const int64_t channels = per_channel[0];
    ASSIGN_OR_RETURN(std::vector<float> scale, TrainedBlob(layer, 0, {channels}));
    std::vector<float> bias(channels, 0.0f);
    if (p.bias_term()) {
      ASSIGN_OR_RETURN(bias, TrainedBlob(layer, 1, {channels}));
    }
    cnn::Node* batch_norm =
        layer.top(0) == layer.bottom(0) ? UnreadBatchNormDefining(input) : nullptr;
    if (batch_norm != nullptr) {
      cnn::TensorData* bn_scale = FindInitializer(batch_norm->input(1));
      cnn::TensorData* bn_shift = FindInitializer(batch_norm->input(2));
      if (bn_scale != nullptr && bn_shift != nullptr) {
        // (x_hat * s + t) * scale + bias
        for (int64_t c = 0; c < channels; ++c) {
          bn_scale->set_values(c, bn_scale->values(c) * scale[c]);
          bn_shift->set_values(c, bn_shift->values(c) * scale[c] + bias[c]);
        }
        return absl::OkStatus();
      }
    }
    cnn::Node mul;
    mul.set_name(layer.name());
    mul.set_op_type("Mul");
    mul.add_input(input);
    mul.add_input(AddConstant(absl::StrCat(layer.name(), "_scale"), per_channel, scale));
    mul.add_output("");
    if (!p.bias_term()) return Emit(std::move(mul), layer.top(0));
    const std::string scaled_blob = absl::StrCat(layer.name(), "_scaled");
    RETURN_IF_ERROR(Emit(std::move(mul), scaled_blob));
    cnn::Node add;
    add.set_name(absl::StrCat(layer.name(), "_bias"));
    add.set_op_type("Add");
    add.add_input(current_value_.at(scaled_blob));
    add.add_input(AddConstant(absl::StrCat(layer.name(), "_bias"), per_channel, bias));
    add.add_output("");
    return Emit(std::move(add), layer.top(0));
  }

  absl::Status ConvertLayer(const caffe::LayerParameter& layer) {
    const std::string& type = layer.type();
    if (type == "Input") {
      const caffe::InputParameter& p = layer.input_param();
      if (p.shape_size() != 1 && p.shape_size() != layer.top_size()) {
        return Error(absl::StrCat("has ", p.shape_size(), " shapes for ", layer.top_size(), " tops"));
      }
      for (int i = 0; i < layer.top_size(); ++i) {
        const caffe::BlobShape& shape = p.shape(p.shape_size() == 1 ? 0 : i);
        RETURN_IF_ERROR(AddInput(layer.top(i), Shape(shape.dim().begin(), shape.dim().end())));
      }
      return absl::OkStatus();
    }
    if (type == "Convolution") return ConvertConvolution(layer);
    if (type == "Pooling") return ConvertPooling(layer);
    if (type == "InnerProduct") return ConvertInnerProduct(layer);
    if (type == "ReLU") {
      RETURN_IF_ERROR(ExpectBlobs(layer, 1, 1));
      const float slope = layer.relu_param().negative_slope();
      ASSIGN_OR_RETURN(cnn::Node node,
                       Start(layer, slope != 0 ? "LeakyRelu" : "Relu", layer.bottom(0)));
      if (slope != 0) SetFloatAttribute(node, "alpha", slope);
      return Emit(std::move(node), layer.top(0));
    }
    if (type == "Sigmoid" || type == "TanH") {
      RETURN_IF_ERROR(ExpectBlobs(layer, 1, 1));
      ASSIGN_OR_RETURN(cnn::Node node,
                       Start(layer, type == "TanH" ? "Tanh" : type, layer.bottom(0)));
      return Emit(std::move(node), layer.top(0));
    }
    if (type == "PReLU") return ConvertPRelu(layer);
    if (type == "LRN") return ConvertLrn(layer);
    if (type == "Concat") return ConvertConcat(layer);
    if (type == "Eltwise") return ConvertEltwise(layer);
    if (type == "BatchNorm") return ConvertBatchNorm(layer);
    if (type == "Scale") return ConvertScale(layer);
    if (type == "Softmax") {
      RETURN_IF_ERROR(ExpectBlobs(layer, 1, 1));
      ASSIGN_OR_RETURN(cnn::Node node, Start(layer, "Softmax", layer.bottom(0)));
      SetIntAttribute(node, "axis", layer.softmax_param().axis());
      return Emit(std::move(node), layer.top(0));
    }
    if (type == "Dropout") {
      RETURN_IF_ERROR(ExpectBlobs(layer, 1, 1));
      ASSIGN_OR_RETURN(std::string input, Read(layer.bottom(0)));
      Alias(layer.top(0), input);
      return absl::OkStatus();
    }
    return Error("unsupported layer type");
  }

  const std::string caffemodel_name_;
  std::map<std::string, const caffe::LayerParameter*> weights_;
  cnn::Model model_;
  std::map<std::string, Shape> shapes_;
  std::map<std::string, std::string> current_value_;  // Caffe blob -> the IR value it holds now
  std::vector<std::string> blob_order_;               // blobs in the order they first appear
  std::set<std::string> produced_;                    // values that nodes produce
};

absl::StatusOr<cnn::Model> ImportNet(const caffe::NetParameter& net,
                                     const caffe::NetParameter& weights,
                                     absl::string_view caffemodel_name) {
  CaffeNetImporter importer(weights, caffemodel_name);
  // Legacy inputs: `input` with `input_shape`, or four `input_dim` values per input.
  for (int i = 0; i < net.input_size(); ++i) {
    Shape shape;
    if (i < net.input_shape_size()) {
      shape.assign(net.input_shape(i).dim().begin(), net.input_shape(i).dim().end());
    } else if (net.input_dim_size() >= 4 * (i + 1)) {
      shape.assign(net.input_dim().begin() + 4 * i, net.input_dim().begin() + 4 * (i + 1));
    }
    RETURN_IF_ERROR(importer.AddInput(net.input(i), shape));
  }
  for (const caffe::LayerParameter& layer : net.layer()) {
    if (InTestPhase(layer)) RETURN_IF_ERROR(importer.AddLayer(layer));
  }
  return importer.Finish();
}

}  // namespace

absl::StatusOr<cnn::Model> ImportCaffeNet(const caffe::NetParameter& net,
                                          const caffe::NetParameter& weights,
                                          absl::string_view prototxt_name,
                                          absl::string_view caffemodel_name) {
  absl::StatusOr<cnn::Model> model = ImportNet(net, weights, caffemodel_name);
  if (!model.ok()) return Error(absl::StrCat(prototxt_name, ": ", model.status().message()));
  model->set_name(net.name());
  model->set_source(absl::StrCat("caffe:", prototxt_name));
  return model;
}

absl::StatusOr<cnn::Model> ImportCaffeFiles(const std::string& prototxt_path,
                                            const std::string& caffemodel_path) {
  ASSIGN_OR_RETURN(std::string text, ReadWholeFile(prototxt_path));
  caffe::NetParameter net;
  TextProtoOptions options;
  options.allow_unknown_fields = true;
  RETURN_IF_ERROR(ParseTextProto(text, prototxt_path, &net, options));
  caffe::NetParameter weights;
  {
    // The file's bytes are freed once parsed: they are as large as the weights.
    ASSIGN_OR_RETURN(std::string bytes, ReadWholeFile(caffemodel_path));
    if (!weights.ParseFromString(bytes)) {
      return Error(absl::StrCat(caffemodel_path, ": not a Caffe model (protobuf parse failed)"));
    }
  }
  return ImportCaffeNet(net, weights, prototxt_path, caffemodel_path);
}

}  // namespace sentio::cnn::import
