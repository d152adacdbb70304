// read_arff for the `sentio` Python package: Sentio's ARFF reader (Weka's format) as NumPy arrays.
#include <string>
#include <vector>

#include "apps/python/bindings.h"
#include "apps/python/numpy_arrays.h"
#include "apps/python/status_exceptions.h"
#include "pybind11/stl.h"
#include "sensing/arff_reader.h"

namespace sentio::python {
namespace {

namespace py = pybind11;

// A dict: "X" float64 [instances, attributes other than the class] (NaN for missing values,
// nominal and string values as indices into their labels, dates as ms since the epoch), "y"
// float64 [instances] (the class attribute's values the same way; absent without a class),
// "attributes" (the X columns' names), "labels" (each X column's labels; empty for numeric),
// "class_name", "class_labels" (the class's labels; empty for a numeric class), "relation".
py::dict ReadArff(const std::string& path) {
  absl::StatusOr<Dataset> read;
  {
    py::gil_scoped_release release;
    read = ReadArffFile(path);
  }
  ThrowIfError(read.status());
  const Dataset& data = *read;
  std::vector<int> columns;
  for (int a = 0; a < data.num_attributes(); ++a) {
    if (a != data.class_index) columns.push_back(a);
  }
  std::vector<double> x;
  std::vector<double> y;
  x.reserve(static_cast<size_t>(data.num_instances()) * columns.size());
  for (const Instance& instance : data.instances) {
    for (int a : columns) x.push_back(instance.values[a]);
    if (data.class_index >= 0) y.push_back(instance.values[data.class_index]);
  }
  py::list names, labels;
  for (int a : columns) {
    names.append(data.attributes[a].name);
    labels.append(data.attributes[a].type == AttributeType::kNumeric ? std::vector<std::string>()
                                                                     : data.attributes[a].values);
  }
  py::dict result;
  result["X"] =
      TakeAsArray(std::move(x), {data.num_instances(), static_cast<py::ssize_t>(columns.size())});
  result["attributes"] = names;
  result["labels"] = labels;
  result["relation"] = data.relation;
  if (data.class_index >= 0) {
    const Attribute& target = data.class_attribute();
    result["y"] = TakeAsArray(std::move(y), {data.num_instances()});
    result["class_name"] = target.name;
    result["class_labels"] =
        target.type == AttributeType::kNumeric ? std::vector<std::string>() : target.values;
  }
  return result;
}

}  // namespace

void BindData(py::module_& module) {
  module.def("read_arff", &ReadArff, py::arg("path"),
             "An ARFF file as {'X', 'y', 'attributes', 'labels', 'class_name', 'class_labels', "
             "'relation'}");
}

}  // namespace sentio::python
