// Classifier for the `sentio` Python package: any registered classifier (classifiers/
// classifier_registry.h: c45, knn, gmm, nb, rf, rules) trained on NumPy arrays, with model files
// as `sentio train` writes them. sentio/classifiers.py wraps it in scikit-learn's estimator
// interface (class labels to codes and back).
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "apps/python/bindings.h"
#include "apps/python/numpy_arrays.h"
#include "apps/python/status_exceptions.h"
#include "apps/python/without_gil.h"
#include "classifiers/classifier_registry.h"
#include "classifiers/model_file.h"
#include "pybind11/numpy.h"
#include "pybind11/stl.h"

namespace sentio::python {
namespace {

namespace py = pybind11;
using DoubleMatrix = py::array_t<double, py::array::c_style | py::array::forcecast>;
using CodeVector = py::array_t<int64_t, py::array::c_style | py::array::forcecast>;

// The header of a table of numeric attributes named `names` and a nominal class `class_name` with
// `labels`, as Python data sets arrive (nominal features already numeric codes).
Dataset NumericHeader(const std::vector<std::string>& names, const std::string& class_name,
                      const std::vector<std::string>& labels) {
  Dataset header;
  header.relation = "python";
  for (const std::string& name : names) header.attributes.push_back({name});
  header.attributes.push_back({class_name, AttributeType::kNominal, labels});
  header.class_index = static_cast<int>(names.size());
  return header;
}

void CheckMatrix(const DoubleMatrix& x, int64_t columns) {
  if (x.ndim() != 2 || (columns >= 0 && x.shape(1) != columns)) {
    throw py::value_error(absl::StrCat("X must have shape (n_samples, ",
                                       columns >= 0 ? absl::StrCat(columns) : "n_features",
                                       "); got ", ShapeText(x)));
  }
}

class NativeClassifier {
 public:
  NativeClassifier(const std::string& name, const ClassifierOptions& options)
      : name_(name), options_(options) {
    absl::StatusOr<ClassifierFactory> factory = ClassifierFactoryFor(name, options);
    // An unknown name is a bad argument here, not a missing file.
    if (absl::IsNotFound(factory.status())) throw py::value_error(factory.status().ToString());
    factory_ = ValueOrThrow(std::move(factory));
  }

  // `y`: class codes 0 .. labels.size() - 1.
  void Fit(DoubleMatrix x, CodeVector y, const std::vector<std::string>& labels,
           const std::vector<std::string>& feature_names, const std::string& class_name) {
    CheckMatrix(x, -1);
    if (static_cast<py::ssize_t>(feature_names.size()) != x.shape(1)) {
      throw py::value_error(
          absl::StrCat(feature_names.size(), " feature names for ", x.shape(1), " columns"));
    }
    if (y.ndim() != 1 || y.shape(0) != x.shape(0)) {
      throw py::value_error(
          absl::StrCat("y must have shape (", x.shape(0), ",); got ", ShapeText(y)));
    }
    Dataset data = NumericHeader(feature_names, class_name, labels);
    data.instances.resize(x.shape(0));
    for (py::ssize_t i = 0; i < x.shape(0); ++i) {
      std::vector<double>& values = data.instances[i].values;
      values.assign(x.data(i, 0), x.data(i, 0) + x.shape(1));
      if (y.at(i) < 0 || y.at(i) >= static_cast<int64_t>(labels.size())) {
        throw py::value_error(absl::StrCat("y[", i, "] = ", y.at(i), " is not a class code"));
      }
      values.push_back(static_cast<double>(y.at(i)));
    }
    ThrowIfError(data.ValidateForClassification());
    std::unique_ptr<Classifier> classifier = ValueOrThrow(factory_());
    ThrowIfError(WithoutGil([&] { return classifier->Train(data); }));
    data.instances.clear();
    header_ = std::move(data);
    classifier_ = std::move(classifier);
  }

  // Class probabilities, [n_samples, n_classes].
  py::array_t<double> PredictProba(DoubleMatrix x) const {
    if (classifier_ == nullptr) throw std::runtime_error("the classifier is not fitted");
    const int64_t columns = header_.num_attributes() - 1;
    CheckMatrix(x, columns);
    const int classes = header_.num_classes();
    std::vector<double> probabilities;
    probabilities.reserve(static_cast<size_t>(x.shape(0)) * classes);
    absl::Status status;
    {
      py::gil_scoped_release release;
      Instance instance;
      for (py::ssize_t i = 0; i < x.shape(0) && status.ok(); ++i) {
        instance.values.assign(x.data(i, 0), x.data(i, 0) + columns);
        instance.values.push_back(kMissingValue);
        absl::StatusOr<std::vector<double>> distribution = classifier_->Distribution(instance);
        status = distribution.status();
        if (status.ok()) {
          probabilities.insert(probabilities.end(), distribution->begin(), distribution->end());
        }
      }
    }
    ThrowIfError(status);
    return TakeAsArray(std::move(probabilities), {x.shape(0), classes});
  }

  void Save(const std::string& path) const {
    if (classifier_ == nullptr) throw std::runtime_error("the classifier is not fitted");
    ModelFile file = ValueOrThrow(MakeModelFile(header_, name_, options_, *classifier_));
    ThrowIfError(WriteModelFile(file, path));
  }

  static std::unique_ptr<NativeClassifier> Load(const std::string& path) {
    LoadedModel loaded = ValueOrThrow(LoadModelFile(path));
    auto native = std::make_unique<NativeClassifier>(loaded.classifier_name, loaded.options);
    native->header_ = std::move(loaded.header);
    native->classifier_ = std::move(loaded.classifier);
    return native;
  }

  const std::string& name() const { return name_; }
  const ClassifierOptions& options() const { return options_; }
  std::vector<std::string> labels() const {
    return classifier_ ? header_.class_attribute().values : std::vector<std::string>();
  }
  int64_t num_features() const { return classifier_ ? header_.num_attributes() - 1 : 0; }
  std::string describe() const { return classifier_ ? classifier_->Describe() : name_; }

 private:
  std::string name_;
  ClassifierOptions options_;
  ClassifierFactory factory_;
  Dataset header_;  // attributes and class of the training data, no instances
  std::unique_ptr<Classifier> classifier_;
};

}  // namespace

void BindClassifiers(py::module_& module) {
  module.def("classifier_names", &ClassifierNames);
  py::class_<NativeClassifier>(module, "NativeClassifier")
      .def(py::init<const std::string&, const ClassifierOptions&>(), py::arg("name"),
           py::arg("options"))
      .def("fit", &NativeClassifier::Fit, py::arg("X"), py::arg("y"), py::arg("labels"),
           py::arg("feature_names"), py::arg("class_name"))
      .def("predict_proba", &NativeClassifier::PredictProba, py::arg("X"))
      .def("save", &NativeClassifier::Save, py::arg("path"))
      .def_static("load", &NativeClassifier::Load, py::arg("path"))
      .def_property_readonly("name", &NativeClassifier::name)
      .def_property_readonly("options", &NativeClassifier::options)
      .def_property_readonly("labels", &NativeClassifier::labels)
      .def_property_readonly("num_features", &NativeClassifier::num_features)
      .def("describe", &NativeClassifier::describe);
}

}  // namespace sentio::python
