// CnnModel for the `sentio` Python package: a model file loaded (cnn/import/model_loader.h) into
// an engine as `sentio cnn run` loads it, run on NumPy arrays with the GIL released.
#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "apps/cnn_flags.h"
#include "apps/python/bindings.h"
#include "apps/python/numpy_arrays.h"
#include "apps/python/status_exceptions.h"
#include "apps/python/without_gil.h"
#include "cnn/engine/engine.h"
#include "cnn/import/model_loader.h"
#include "cnn/transforms/half_weights.h"
#include "pybind11/numpy.h"
#include "pybind11/stl.h"

namespace sentio::python {
namespace {

namespace py = pybind11;
using FloatArray = py::array_t<float, py::array::c_style | py::array::forcecast>;

class CnnModel {
 public:
  CnnModel(const std::string& path, const std::string& weights, const std::string& engine,
           const std::string& precision, int threads) {
    if (precision != "fp32" && precision != "fp16") {
      throw py::value_error(absl::StrCat("unknown precision '", precision, "' (fp32 or fp16)"));
    }
    if (threads < 1 || threads > 1024) {
      throw py::value_error(absl::StrCat("threads=", threads, " is not 1 to 1024"));
    }
    absl::StatusOr<cnn::Model> model =
        WithoutGil([&] { return cnn::import::LoadModel(path, weights); });
    ThrowIfError(model.status());
    if (precision == "fp16") ThrowIfError(cnn::transforms::StoreWeightsAsHalf(*model));
    for (const cnn::ValueInfo& input : model->input()) {
      inputs_.emplace_back(input.name(),
                           std::vector<int64_t>(input.dims().begin(), input.dims().end()));
      symbolic_ = symbolic_ || cnn::import::HasSymbolicDimensions(input);
    }
    for (const cnn::ValueInfo& output : model->output()) outputs_.push_back(output.name());
    engine_ = ValueOrThrow(MakeCnnEngine(engine, threads));
    ThrowIfError(WithoutGil([&] { return engine_->Load(*std::move(model)); }));
  }

  // `inputs`: a dict of arrays by input name, or one array for a model with one input.
  py::dict Run(const py::object& inputs) {
    std::map<std::string, FloatArray> arrays;
    if (py::isinstance<py::dict>(inputs)) {
      for (const auto& [name, value] : inputs.cast<py::dict>()) {
        arrays.emplace(name.cast<std::string>(), FloatArray::ensure(value));
      }
    } else {
      if (inputs_.size() != 1) {
        throw py::value_error(absl::StrCat("the model has ", inputs_.size(),
                                           " inputs: pass a dict of arrays by input name"));
      }
      arrays.emplace(inputs_[0].first, FloatArray::ensure(inputs));
    }
    cnn::engine::TensorMap tensors;
    for (const auto& [name, dims] : inputs_) {
      auto it = arrays.find(name);
      if (it == arrays.end()) {
        throw py::value_error(absl::StrCat("missing input '", name, "'"));
      }
      const FloatArray& array = it->second;
      if (!array) throw py::value_error(absl::StrCat("input '", name, "' is not numeric"));
      const std::vector<int64_t> shape(array.shape(), array.shape() + array.ndim());
      if (!symbolic_ && shape != dims) {
        throw py::value_error(absl::StrCat("input '", name, "' must have shape (",
                                           absl::StrJoin(dims, ", "), "); got ", ShapeText(array)));
      }
      std::vector<float> values(array.data(), array.data() + array.size());
      tensors.emplace(name, ValueOrThrow(cnn::Tensor::FromValues(shape, std::move(values))));
      arrays.erase(it);
    }
    if (!arrays.empty()) {
      throw py::value_error(absl::StrCat("the model has no input '", arrays.begin()->first, "'"));
    }
    absl::StatusOr<cnn::engine::TensorMap> outputs =
        WithoutGil([&] { return engine_->Run(tensors); });
    ThrowIfError(outputs.status());
    py::dict result;
    for (const auto& [name, tensor] : *outputs) {
      // One copy into the array (float16 outputs are widened first).
      const cnn::Tensor widened =
          tensor.dtype() == cnn::DataType::kFloat32 ? cnn::Tensor() : tensor.ToFloat32();
      const cnn::Tensor& values = tensor.dtype() == cnn::DataType::kFloat32 ? tensor : widened;
      py::array_t<float> array(
          std::vector<py::ssize_t>(values.shape().begin(), values.shape().end()));
      std::copy(values.data(), values.data() + values.size(), array.mutable_data());
      result[py::str(name)] = std::move(array);
    }
    return result;
  }

  std::vector<std::pair<std::string, std::vector<int64_t>>> inputs() const { return inputs_; }
  std::vector<std::string> outputs() const { return outputs_; }

 private:
  std::unique_ptr<cnn::engine::Engine> engine_;
  std::vector<std::pair<std::string, std::vector<int64_t>>> inputs_;  // name, dims
  std::vector<std::string> outputs_;
  bool symbolic_ = false;
};

}  // namespace

void BindCnn(py::module_& module) {
  py::class_<CnnModel>(module, "CnnModel")
      .def(py::init<const std::string&, const std::string&, const std::string&, const std::string&,
                    int>(),
           py::arg("path"), py::arg("weights"), py::arg("engine"), py::arg("precision"),
           py::arg("threads"))
      .def("run", &CnnModel::Run, py::arg("inputs"),
           "Runs the model: a dict of float32 arrays by output name")
      .def_property_readonly("inputs", &CnnModel::inputs, "[(name, shape)] of the model's inputs")
      .def_property_readonly("outputs", &CnnModel::outputs, "the model's output names");
}

}  // namespace sentio::python
