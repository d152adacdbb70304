// read_arff, read_ts and read_idx for the `sentio` Python package: Sentio's readers of Weka's ARFF,
// UEA/sktime .ts archives and IDX arrays (MNIST), as NumPy arrays.
#include <string>
#include <vector>

#include "apps/python/bindings.h"
#include "apps/python/numpy_arrays.h"
#include "apps/python/status_exceptions.h"
#include "apps/python/without_gil.h"
#include "pybind11/stl.h"
#include "sensing/arff_reader.h"
#include "sensing/idx_reader.h"
#include "sensing/ts_reader.h"

namespace sentio::python {
namespace {

namespace py = pybind11;

// A dict: "X" float64 [instances, attributes other than the class] (NaN for missing values,
// nominal and string values as indices into their labels, dates as ms since the epoch), "y"
// float64 [instances] (the class attribute's values the same way; absent without a class),
// "attributes" (the X columns' names), "labels" (each X column's labels; empty for numeric),
// "class_name", "class_labels" (the class's labels; empty for a numeric class), "relation".
py::dict ReadArff(const std::string& path) {
  absl::StatusOr<Dataset> read = WithoutGil([&] { return ReadArffFile(path); });
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

// An IDX file (gzip-compressed or plain) as a float64 array of its dimensions.
py::array_t<double> ReadIdx(const std::string& path) {
  absl::StatusOr<IdxArray> read = WithoutGil([&] { return ReadIdxFile(path); });
  ThrowIfError(read.status());
  return TakeAsArray(std::move(read->values),
                     std::vector<py::ssize_t>(read->dims.begin(), read->dims.end()));
}

// A dict: "series" (one float32 [samples, channels] array per case), "timestamps_us" (int64
// [samples] per case), "labels" (each case's class label, None when unlabelled), "channels",
// "problem".
py::dict ReadTs(const std::string& path, double rate_hz) {
  absl::StatusOr<TimeSeriesDataset> read =
      WithoutGil([&] { return ReadTsFile(path, TsReadOptions{rate_hz}); });
  ThrowIfError(read.status());
  py::list series, timestamps, labels;
  for (const TimeSeriesCase& item : read->cases) {
    const ImuBlock& block = item.series;
    series.append(TakeAsArray(std::vector<float>(block.samples().begin(), block.samples().end()),
                              {block.num_samples(), block.num_channels()}));
    timestamps.append(TakeAsArray(block.timestamps_us(), {block.num_samples()}));
    if (item.label >= 0) {
      labels.append(read->class_labels[item.label]);
    } else {
      labels.append(py::none());
    }
  }
  py::dict result;
  result["series"] = series;
  result["timestamps_us"] = timestamps;
  result["labels"] = labels;
  result["channels"] =
      read->cases.empty() ? std::vector<std::string>() : read->cases[0].series.channel_names();
  result["problem"] = read->problem_name;
  return result;
}

}  // namespace

void BindData(py::module_& module) {
  module.def("read_idx", &ReadIdx, py::arg("path"), "An IDX file as a float64 array");
  module.def("read_ts", &ReadTs, py::arg("path"), py::arg("rate_hz"),
             "A .ts archive as {'series', 'timestamps_us', 'labels', 'channels', 'problem'}");
  module.def("read_arff", &ReadArff, py::arg("path"),
             "An ARFF file as {'X', 'y', 'attributes', 'labels', 'class_name', 'class_labels', "
             "'relation'}");
}

}  // namespace sentio::python
