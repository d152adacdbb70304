#include "cnn/caffe_importer.h"

#include <map>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cnn/node_attributes.h"
#include "cnn/shape_inference.h"
#include "cnn/tensor.h"
#include "sensing/status_macros.h"
#include "sensing/text_parsing.h"
#include "sensing/text_proto.h"

namespace sentio {
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
    const std::string unique =
        UnusedValueName(absl::StrCat(layer.name(), index == 0 ? "_weights" : "_bias"));
    cnn::TensorData& data = *model_.add_initializer();
    data.set_name(unique);
    for (int64_t dim : shape) data.add_dims(dim);
    data.mutable_values()->Add(values.begin(), values.end());
    shapes_[unique] = shape;
    return unique;
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
      if (layer.relu_param().negative_slope() != 0) return Error("negative_slope is not supported");
      ASSIGN_OR_RETURN(cnn::Node node, Start(layer, "Relu", layer.bottom(0)));
      return Emit(std::move(node), layer.top(0));
    }
    if (type == "Softmax") {
      RETURN_IF_ERROR(ExpectBlobs(layer, 1, 1));
      ASSIGN_OR_RETURN(cnn::Node node, Start(layer, "Softmax", layer.bottom(0)));
      SetIntAttribute(node, "axis", layer.softmax_param().axis());
      return Emit(std::move(node), layer.top(0));
    }
    if (type == "Dropout") {
      RETURN_IF_ERROR(ExpectBlobs(layer, 1, 1));
      ASSIGN_OR_RETURN(std::string input, Read(layer.bottom(0)));
      if (current_value_.count(layer.top(0)) == 0) blob_order_.push_back(layer.top(0));
      current_value_[layer.top(0)] = input;
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
  ASSIGN_OR_RETURN(std::string text, ReadTextFile(prototxt_path));
  caffe::NetParameter net;
  TextProtoOptions options;
  options.allow_unknown_fields = true;
  RETURN_IF_ERROR(ParseTextProto(text, prototxt_path, &net, options));
  ASSIGN_OR_RETURN(std::string bytes, ReadTextFile(caffemodel_path));
  caffe::NetParameter weights;
  if (!weights.ParseFromString(bytes)) {
    return Error(absl::StrCat(caffemodel_path, ": not a Caffe model (protobuf parse failed)"));
  }
  return ImportCaffeNet(net, weights, prototxt_path, caffemodel_path);
}

}  // namespace sentio
