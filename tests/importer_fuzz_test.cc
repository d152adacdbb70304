// Every model and data importer against thousands of deterministic corruptions of real files
// (tests/byte_mutator.h): the ONNX model zoo's MNIST model, Caffe's LeNet (prototxt and
// caffemodel), the native model file written from the MNIST model, Darknet's Yolo-Fastest (cfg and
// weights) and tiny-YOLOv3 cfg, a .npy of an MNIST digit, and the MNIST IDX files (plain and
// gzip); and every integer field (attributes, dims) of the MNIST model, ONNX and native, set to
// values that overflow naive arithmetic. Each corrupted input must import or fail with an error
// that names the file; never crash, hang or allocate absurdly. Models that import are loaded and
// run on zeros by the reference engine. Meant to run under AddressSanitizer and UBSan as well
// (tools/test.sh: bazel test --config=asan //tests:importer_fuzz_test).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/file_reading.h"
#include "base/status_macros.h"
#include "cnn/engine/reference_engine.h"
#include "cnn/import/caffe_importer.h"
#include "cnn/import/darknet_importer.h"
#include "cnn/import/model_io.h"
#include "cnn/import/onnx_builder_for_test.h"
#include "cnn/import/onnx_importer.h"
#include "cnn/ir/npy.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/idx_reader.h"
#include "sensing/text_proto.h"
#include "tests/byte_mutator.h"

namespace sentio {

using cnn::NumElements;
using cnn::ParseNpy;
using cnn::SerializeNpy;
using cnn::Shape;
using cnn::Tensor;
using cnn::engine::ReferenceEngine;
using cnn::engine::TensorMap;
using cnn::import::ImportCaffeNet;
using cnn::import::ImportDarknet;
using cnn::import::ImportOnnxFile;
using cnn::import::ImportOnnxModel;
using cnn::import::InspectDarknetCfg;
using cnn::import::OnnxBuilder;
using cnn::import::ReadModelFile;

namespace {

using ::testing::HasSubstr;

constexpr char kModels[] = "external/shared_data/models/";
constexpr char kMnist[] = "external/shared_data/mnist/";
// Models whose values for one image hold more elements than this are imported but not run (keeps
// the test fast; sizes themselves are checked by shape inference).
constexpr int64_t kMaxElementsToRun = int64_t{1} << 20;

std::string ReadFile(const std::string& path) {
  absl::StatusOr<std::string> bytes = ReadWholeFile(path);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return bytes.ok() ? *bytes : std::string();
}

std::string TempPath(const std::string& name) {
  return absl::StrCat(getenv("TEST_TMPDIR"), "/", name);
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// Loads models that imported into the reference engine and runs them on zeros (batch size 1),
// once per distinct graph: corrupted weight values alone change nothing an engine checks.
class ModelRunCheck {
 public:
  absl::Status ImportedAndRun(const absl::StatusOr<cnn::Model>& model) {
    if (!model.ok()) return model.status();
    cnn::Model graph = *model;
    graph.clear_name();
    graph.clear_source();
    for (cnn::TensorData& weights : *graph.mutable_initializer()) weights.clear_values();
    if (!run_graphs_.insert(graph.SerializeAsString()).second) return absl::OkStatus();
    const absl::Status ran = LoadAndRun(*model);
    // A model that imports has been checked: the engine loads it and runs it on zeros, or (run
    // at batch 1, which a corrupted model may not allow: a Reshape to a fixed batch) refuses it
    // with the node that cannot take the input.
    EXPECT_TRUE(ran.ok() || (absl::IsInvalidArgument(ran) &&
                             absl::StrContains(ran.message(), " node '")))
        << ran;
    return absl::OkStatus();
  }

 private:
  static absl::Status LoadAndRun(const cnn::Model& model) {
    // Values per image (dimension 0 is the batch), to keep large corrupted shapes from running.
    int64_t elements = 0;
    auto count = [&elements](const google::protobuf::RepeatedField<int64_t>& dims) {
      absl::StatusOr<int64_t> n =
          NumElements(Shape(dims.begin() + (dims.empty() ? 0 : 1), dims.end()));
      elements += n.ok() ? std::min(*n, kMaxElementsToRun + 1) : kMaxElementsToRun + 1;
    };
    for (const cnn::ValueInfo& input : model.input()) count(input.dims());
    // Values are counted whole: a node can give them a batch of their own (Pad, Tile, Expand).
    for (const cnn::ValueInfo& value : model.value_info()) {
      absl::StatusOr<int64_t> n = NumElements(Shape(value.dims().begin(), value.dims().end()));
      elements += n.ok() ? std::min(*n, kMaxElementsToRun + 1) : kMaxElementsToRun + 1;
    }
    if (elements > kMaxElementsToRun) return absl::OkStatus();
    ReferenceEngine engine;
    RETURN_IF_ERROR(engine.Load(model));
    TensorMap inputs;
    for (const cnn::ValueInfo& input : model.input()) {
      Shape shape(input.dims().begin(), input.dims().end());
      if (!shape.empty()) shape[0] = 1;
      ASSIGN_OR_RETURN(Tensor zeros, Tensor::Zeros(shape));
      inputs.emplace(input.name(), std::move(zeros));
    }
    return engine.Run(inputs).status();
  }

  std::set<std::string> run_graphs_;
};

struct FuzzCounts {
  int imported = 0;
  int rejected = 0;
};

// Feeds `count` mutations of `original` to `import`; each must succeed or fail with a message
// that contains `file_name`.
FuzzCounts Fuzz(const std::string& original, uint64_t seed, int count, const std::string& file_name,
                const std::function<absl::Status(const std::string&)>& import) {
  FuzzCounts counts;
  EXPECT_FALSE(original.empty());
  if (original.empty()) return counts;
  // The unmutated input must import, or the mutations test nothing.
  const absl::Status clean = import(original);
  EXPECT_TRUE(clean.ok()) << clean;
  const ByteMutator mutator(original, seed);
  for (int i = 0; i < count; ++i) {
    std::string description;
    const std::string bytes = mutator.Mutate(i, &description);
    const absl::Status status = import(bytes);
    if (status.ok()) {
      ++counts.imported;
    } else {
      ++counts.rejected;
      EXPECT_THAT(std::string(status.message()), HasSubstr(file_name)) << description;
    }
  }
  // Corruptions that every importer must notice are common enough that some are always rejected.
  EXPECT_GT(counts.rejected, 0);
  return counts;
}

TEST(ImporterFuzzTest, OnnxMnistModel) {
  const std::string original = ReadFile(absl::StrCat(kModels, "mnist.onnx"));
  ModelRunCheck check;
  Fuzz(original, 1, 1500, "mnist.onnx", [&check](const std::string& bytes) {
    onnx::ModelProto onnx_model;
    if (!onnx_model.ParseFromString(bytes)) {
      return absl::InvalidArgumentError("mnist.onnx: not an ONNX model");
    }
    return check.ImportedAndRun(ImportOnnxModel(onnx_model, "mnist.onnx"));
  });
}

// Integer fields set to values that overflow naive arithmetic: strides, pads, kernel sizes,
// groups, axes, dims of weights and inputs.
constexpr int64_t kExtremeIntegers[] = {0,
                                        -1,
                                        2,
                                        int64_t{1} << 31,
                                        int64_t{1} << 62,
                                        std::numeric_limits<int64_t>::max(),
                                        std::numeric_limits<int64_t>::min()};

// Sets one integer field of a model (a copy) to the value given.
template <typename Model>
using IntegerSite = std::function<void(Model&, int64_t)>;

std::vector<IntegerSite<onnx::ModelProto>> OnnxIntegerSites(const onnx::ModelProto& model) {
  std::vector<IntegerSite<onnx::ModelProto>> sites;
  const onnx::GraphProto& graph = model.graph();
  for (int n = 0; n < graph.node_size(); ++n) {
    for (int a = 0; a < graph.node(n).attribute_size(); ++a) {
      const onnx::AttributeProto& attribute = graph.node(n).attribute(a);
      auto at = [n, a](onnx::ModelProto& m) {
        return m.mutable_graph()->mutable_node(n)->mutable_attribute(a);
      };
      if (attribute.type() == onnx::AttributeProto::INT) {
        sites.push_back([at](onnx::ModelProto& m, int64_t v) { at(m)->set_i(v); });
      }
      for (int j = 0; j < attribute.ints_size(); ++j) {
        sites.push_back([at, j](onnx::ModelProto& m, int64_t v) { at(m)->set_ints(j, v); });
      }
    }
  }
  for (int t = 0; t < graph.initializer_size(); ++t) {
    for (int d = 0; d < graph.initializer(t).dims_size(); ++d) {
      sites.push_back([t, d](onnx::ModelProto& m, int64_t v) {
        m.mutable_graph()->mutable_initializer(t)->set_dims(d, v);
      });
    }
  }
  for (int i = 0; i < graph.input_size(); ++i) {
    for (int d = 0; d < graph.input(i).type().tensor_type().shape().dim_size(); ++d) {
      sites.push_back([i, d](onnx::ModelProto& m, int64_t v) {
        m.mutable_graph()
            ->mutable_input(i)
            ->mutable_type()
            ->mutable_tensor_type()
            ->mutable_shape()
            ->mutable_dim(d)
            ->set_dim_value(v);
      });
    }
  }
  return sites;
}

std::vector<IntegerSite<cnn::Model>> NativeIntegerSites(const cnn::Model& model) {
  std::vector<IntegerSite<cnn::Model>> sites;
  for (int n = 0; n < model.node_size(); ++n) {
    for (int a = 0; a < model.node(n).attribute_size(); ++a) {
      const cnn::Attribute& attribute = model.node(n).attribute(a);
      auto at = [n, a](cnn::Model& m) { return m.mutable_node(n)->mutable_attribute(a); };
      if (attribute.type() == cnn::Attribute::INT) {
        sites.push_back([at](cnn::Model& m, int64_t v) { at(m)->set_i(v); });
      }
      for (int j = 0; j < attribute.ints_size(); ++j) {
        sites.push_back([at, j](cnn::Model& m, int64_t v) { at(m)->set_ints(j, v); });
      }
    }
  }
  for (int t = 0; t < model.initializer_size(); ++t) {
    for (int d = 0; d < model.initializer(t).dims_size(); ++d) {
      sites.push_back(
          [t, d](cnn::Model& m, int64_t v) { m.mutable_initializer(t)->set_dims(d, v); });
    }
  }
  for (int i = 0; i < model.input_size(); ++i) {
    for (int d = 0; d < model.input(i).dims_size(); ++d) {
      sites.push_back([i, d](cnn::Model& m, int64_t v) { m.mutable_input(i)->set_dims(d, v); });
    }
  }
  return sites;
}

// Every integer field of `model` set to every extreme value in turn: `import` must succeed or
// fail naming `file_name`.
template <typename Model>
void FuzzIntegerFields(const Model& model, const std::vector<IntegerSite<Model>>& sites,
                       const std::string& file_name,
                       const std::function<absl::Status(const Model&)>& import) {
  EXPECT_GT(sites.size(), 10u);
  for (size_t site = 0; site < sites.size(); ++site) {
    for (int64_t value : kExtremeIntegers) {
      Model changed = model;
      sites[site](changed, value);
      const absl::Status status = import(changed);
      EXPECT_TRUE(status.ok() || absl::StrContains(status.message(), file_name))
          << "field " << site << " = " << value << ": " << status;
    }
  }
}

TEST(ImporterFuzzTest, OnnxMnistModelExtremeIntegers) {
  onnx::ModelProto onnx_model;
  ASSERT_TRUE(onnx_model.ParseFromString(ReadFile(absl::StrCat(kModels, "mnist.onnx"))));
  ModelRunCheck check;
  FuzzIntegerFields<onnx::ModelProto>(
      onnx_model, OnnxIntegerSites(onnx_model), "mnist.onnx",
      [&check](const onnx::ModelProto& changed) {
        return check.ImportedAndRun(ImportOnnxModel(changed, "mnist.onnx"));
      });
}

// A chain of the ops that the registry added beyond the first CNN set, with their ONNX input
// forms (opset 18: Slice, Pad, Resize, ReduceMean and Split read constant inputs), as the seed for
// the same corruptions: Slice -> Pad (reflect) -> Resize (linear) -> ConvTranspose ->
// LayerNormalization -> ReduceMean -> Tile -> DepthToSpace -> Gather -> Split -> Erf / HardSwish.
onnx::ModelProto NewOpsModel() {
  OnnxBuilder onnx(18);
  onnx.Input("x", {1, 4, 8, 8}, false);
  onnx.Int64s("starts", {2}, {0, 1});
  onnx.Int64s("ends", {2}, {8, 7});
  onnx.Int64s("slice_axes", {2}, {2, 3});
  onnx.Node("Slice", {"x", "starts", "ends", "slice_axes"}, "sliced");  // [1,4,8,6]
  onnx.Int64s("pads", {8}, {0, 0, 1, 1, 0, 0, 1, 1});
  OnnxBuilder::String(onnx.Node("Pad", {"sliced", "pads"}, "padded"), "mode", "reflect");
  onnx.Floats("scales", {4}, {1, 1, 0.5f, 0.5f}, false);  // [1,4,10,8] -> [1,4,5,4]
  OnnxBuilder::String(onnx.Node("Resize", {"padded", "", "scales"}, "resized"), "mode", "linear");
  onnx.Floats("w", {4, 2, 3, 3}, std::vector<float>(72, 0.1f), true);
  OnnxBuilder::Ints(onnx.Node("ConvTranspose", {"resized", "w"}, "up"), "strides", {2, 2});
  onnx.Floats("gamma", {9}, std::vector<float>(9, 1.5f), false);  // up: [1,2,11,9]
  onnx.Floats("beta", {9}, std::vector<float>(9, 0.25f), false);
  onnx.Node("LayerNormalization", {"up", "gamma", "beta"}, "normalized");
  onnx.Int64s("mean_axes", {1}, {3});
  onnx.Node("ReduceMean", {"normalized", "mean_axes"}, "mean");  // [1,2,11,1]
  onnx.Int64s("repeats", {4}, {1, 2, 1, 4});
  onnx.Node("Tile", {"mean", "repeats"}, "tiled");  // [1,4,11,4]
  OnnxBuilder::Int(onnx.Node("DepthToSpace", {"tiled"}, "space"), "blocksize", 2);  // [1,1,22,8]
  onnx.Int64s("indices", {3}, {0, 2, -1});
  OnnxBuilder::Int(onnx.Node("Gather", {"space", "indices"}, "gathered"), "axis", 2);  // [1,1,3,8]
  onnx.Int64s("split", {2}, {3, 5});
  onnx::NodeProto& split = onnx.Node("Split", {"gathered", "split"}, "left");
  split.add_output("right");
  OnnxBuilder::Int(split, "axis", 3);
  onnx.Node("Erf", {"left"}, "y1");
  onnx.Node("HardSwish", {"right"}, "y2");
  onnx.Output("y1");
  onnx.Output("y2");
  return onnx.model();
}

// Each value of the int64 initializers (the constant inputs Slice, Pad, Tile, Gather, Split read)
// set to the value given.
std::vector<IntegerSite<onnx::ModelProto>> OnnxInt64ValueSites(const onnx::ModelProto& model) {
  std::vector<IntegerSite<onnx::ModelProto>> sites;
  for (int t = 0; t < model.graph().initializer_size(); ++t) {
    const onnx::TensorProto& tensor = model.graph().initializer(t);
    if (tensor.data_type() != onnx::TensorProto::INT64) continue;
    for (size_t j = 0; j < tensor.raw_data().size() / sizeof(int64_t); ++j) {
      sites.push_back([t, j](onnx::ModelProto& m, int64_t v) {
        std::string& raw = *m.mutable_graph()->mutable_initializer(t)->mutable_raw_data();
        std::memcpy(&raw[j * sizeof(int64_t)], &v, sizeof v);
      });
    }
  }
  return sites;
}

TEST(ImporterFuzzTest, OnnxNewOpsModel) {
  const std::string original = NewOpsModel().SerializeAsString();
  ModelRunCheck check;
  Fuzz(original, 7, 1500, "new_ops.onnx", [&check](const std::string& bytes) {
    onnx::ModelProto onnx_model;
    if (!onnx_model.ParseFromString(bytes)) {
      return absl::InvalidArgumentError("new_ops.onnx: not an ONNX model");
    }
    return check.ImportedAndRun(ImportOnnxModel(onnx_model, "new_ops.onnx"));
  });
}

TEST(ImporterFuzzTest, OnnxNewOpsModelExtremeIntegers) {
  const onnx::ModelProto model = NewOpsModel();
  std::vector<IntegerSite<onnx::ModelProto>> sites = OnnxIntegerSites(model);
  for (IntegerSite<onnx::ModelProto>& site : OnnxInt64ValueSites(model)) sites.push_back(site);
  ModelRunCheck check;
  FuzzIntegerFields<onnx::ModelProto>(model, sites, "new_ops.onnx",
                                      [&check](const onnx::ModelProto& changed) {
                                        return check.ImportedAndRun(
                                            ImportOnnxModel(changed, "new_ops.onnx"));
                                      });
}

TEST(ImporterFuzzTest, NativeMnistModelExtremeIntegers) {
  absl::StatusOr<cnn::Model> model = ImportOnnxFile(absl::StrCat(kModels, "mnist.onnx"));
  ASSERT_TRUE(model.ok()) << model.status();
  const std::string path = TempPath("extreme.model");
  ModelRunCheck check;
  FuzzIntegerFields<cnn::Model>(*model, NativeIntegerSites(*model), path,
                                [&check, &path](const cnn::Model& changed) {
                                  WriteFile(path, changed.SerializeAsString());
                                  return check.ImportedAndRun(ReadModelFile(path));
                                });
}

TEST(ImporterFuzzTest, NativeModelFileWrittenFromMnist) {
  absl::StatusOr<cnn::Model> model = ImportOnnxFile(absl::StrCat(kModels, "mnist.onnx"));
  ASSERT_TRUE(model.ok()) << model.status();
  const std::string path = TempPath("mnist.model");
  ModelRunCheck check;
  Fuzz(model->SerializeAsString(), 2, 600, path, [&path, &check](const std::string& bytes) {
    WriteFile(path, bytes);
    return check.ImportedAndRun(ReadModelFile(path));
  });
}

TEST(ImporterFuzzTest, CaffeLenetPrototxt) {
  caffe::NetParameter weights;
  ASSERT_TRUE(
      weights.ParseFromString(ReadFile(absl::StrCat(kModels, "lenet_iter_10000.caffemodel"))));
  ModelRunCheck check;
  Fuzz(ReadFile(absl::StrCat(kModels, "lenet.prototxt")), 3, 1000, "lenet.prototxt",
       [&weights, &check](const std::string& text) {
         caffe::NetParameter net;
         TextProtoOptions options;
         options.allow_unknown_fields = true;
         absl::Status parsed = ParseTextProto(text, "lenet.prototxt", &net, options);
         if (!parsed.ok()) return parsed;
         return check.ImportedAndRun(
             ImportCaffeNet(net, weights, "lenet.prototxt", "lenet.caffemodel"));
       });
}

TEST(ImporterFuzzTest, CaffeLenetCaffemodel) {
  caffe::NetParameter net;
  TextProtoOptions options;
  options.allow_unknown_fields = true;
  ASSERT_TRUE(ParseTextProto(ReadFile(absl::StrCat(kModels, "lenet.prototxt")), "lenet.prototxt",
                             &net, options)
                  .ok());
  ModelRunCheck check;
  Fuzz(ReadFile(absl::StrCat(kModels, "lenet_iter_10000.caffemodel")), 4, 100, "lenet",
       [&net, &check](const std::string& bytes) {
         caffe::NetParameter weights;
         if (!weights.ParseFromString(bytes)) {
           return absl::InvalidArgumentError("lenet.caffemodel: not a Caffe model");
         }
         return check.ImportedAndRun(
             ImportCaffeNet(net, weights, "lenet.prototxt", "lenet.caffemodel"));
       });
}

TEST(ImporterFuzzTest, DarknetYoloFastestCfg) {
  const std::string weights = ReadFile(absl::StrCat(kModels, "yolo-fastest-1.1_body.weights"));
  ModelRunCheck check;
  Fuzz(ReadFile(absl::StrCat(kModels, "yolo-fastest-1.1_body.cfg")), 8, 400, "yolo.",
       [&weights, &check](const std::string& cfg) {
         return check.ImportedAndRun(ImportDarknet(cfg, weights, "yolo.cfg", "yolo.weights"));
       });
}

TEST(ImporterFuzzTest, DarknetYoloFastestWeights) {
  const std::string cfg = ReadFile(absl::StrCat(kModels, "yolo-fastest-1.1_body.cfg"));
  ModelRunCheck check;
  Fuzz(ReadFile(absl::StrCat(kModels, "yolo-fastest-1.1_body.weights")), 9, 30, "yolo.",
       [&cfg, &check](const std::string& weights) {
         return check.ImportedAndRun(ImportDarknet(cfg, weights, "yolo.cfg", "yolo.weights"));
       });
}

// A cfg without weights (route, upsample and two yolo heads), checked as InspectDarknetCfg does.
TEST(ImporterFuzzTest, DarknetTinyYolov3CfgAlone) {
  Fuzz(ReadFile(absl::StrCat(kModels, "darknet-cfg/yolov3-tiny.cfg")), 10, 800, "tiny.cfg",
       [](const std::string& cfg) { return InspectDarknetCfg(cfg, "tiny.cfg").status(); });
}

// The plain IDX bytes of `array` (unsigned bytes), as the MNIST files hold them uncompressed.
std::string PlainIdx(const IdxArray& array, int64_t first_dim) {
  std::string bytes = {0, 0, 0x08, static_cast<char>(array.dims.size())};
  for (size_t i = 0; i < array.dims.size(); ++i) {
    const uint32_t dim = static_cast<uint32_t>(i == 0 ? first_dim : array.dims[i]);
    for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(static_cast<char>(dim >> shift));
  }
  const int64_t count = static_cast<int64_t>(array.values.size()) / array.dims[0] * first_dim;
  for (int64_t i = 0; i < count; ++i) bytes.push_back(static_cast<char>(array.values[i]));
  return bytes;
}

TEST(ImporterFuzzTest, IdxLabelsGzip) {
  Fuzz(ReadFile(absl::StrCat(kMnist, "t10k-labels-idx1-ubyte.gz")), 5, 500, "labels.gz",
       [](const std::string& bytes) { return ParseIdx(bytes, "labels.gz").status(); });
}

TEST(ImporterFuzzTest, IdxImagesPlain) {
  absl::StatusOr<IdxArray> images = ReadIdxFile(absl::StrCat(kMnist, "t10k-images-idx3-ubyte.gz"));
  ASSERT_TRUE(images.ok()) << images.status();
  Fuzz(PlainIdx(*images, 20), 6, 1000, "images.idx",
       [](const std::string& bytes) { return ParseIdx(bytes, "images.idx").status(); });
}

TEST(ImporterFuzzTest, NpyOfAnMnistDigit) {
  absl::StatusOr<IdxArray> images = ReadIdxFile(absl::StrCat(kMnist, "t10k-images-idx3-ubyte.gz"));
  ASSERT_TRUE(images.ok()) << images.status();
  std::vector<float> pixels(images->values.begin(), images->values.begin() + 28 * 28);
  absl::StatusOr<Tensor> digit = Tensor::FromValues({1, 1, 28, 28}, std::move(pixels));
  ASSERT_TRUE(digit.ok()) << digit.status();
  Fuzz(SerializeNpy(*digit), 7, 1500, "digit.npy",
       [](const std::string& bytes) { return ParseNpy(bytes, "digit.npy").status(); });
}

}  // namespace
}  // namespace sentio
