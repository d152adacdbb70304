// run_graph for the `sentio` Python package: a graph config run as `sentio run` runs it (every
// stage linked), with `--set` overrides, and a Python function called with each packet of the
// run: decisions, feature vectors, tensors and detections as Python values.
#include <exception>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "apps/python/bindings.h"
#include "apps/python/numpy_arrays.h"
#include "apps/python/status_exceptions.h"
#include "apps/python/without_gil.h"
#include "pybind11/stl.h"
#include "sensing/graph_file_runner.h"

namespace sentio::python {
namespace {

namespace py = pybind11;

// The packet's payload for Python; None for the bulk streams (IMU blocks, audio, video frames).
py::object PayloadToPython(const Packet& packet) {
  if (const auto* prediction = packet.Get<Prediction>()) {
    py::dict probabilities;
    for (size_t c = 0; c < prediction->class_labels.size(); ++c) {
      probabilities[py::str(prediction->class_labels[c])] = prediction->probabilities[c];
    }
    py::dict result;
    result["label"] = prediction->label;
    result["probabilities"] = probabilities;
    return std::move(result);
  }
  if (const auto* features = packet.Get<FeatureVector>()) {
    return TakeAsArray(features->values, {static_cast<py::ssize_t>(features->values.size())});
  }
  if (const auto* tensor = packet.Get<TensorPayload>()) {
    return TakeAsArray(tensor->data,
                       std::vector<py::ssize_t>(tensor->shape.begin(), tensor->shape.end()));
  }
  if (const auto* segment = packet.Get<SegmentLabel>()) {
    py::dict result;
    result["label"] = segment->label;
    result["end_us"] = segment->end_us;
    result["name"] = segment->name;
    return std::move(result);
  }
  if (const auto* detections = packet.Get<Detections>()) {
    py::list objects;
    for (const DetectedObject& object : detections->objects) {
      py::dict box;
      box["class"] = object.class_id;
      box["label"] = object.label;
      box["score"] = object.score;
      box["box"] = py::make_tuple(object.left, object.top, object.width, object.height);
      objects.append(box);
    }
    py::dict result;
    result["frame"] = detections->frame_index;
    result["objects"] = objects;
    result["inference_ms"] = detections->inference_ms;
    return std::move(result);
  }
  return py::none();
}

std::string RunGraph(const std::string& path, const std::vector<std::string>& overrides,
                     int threads, const py::object& on_packet) {
  std::ostringstream out;
  std::ostringstream diagnostics;
  std::mutex mutex;
  std::exception_ptr callback_error;  // the first exception of `on_packet`; later calls skipped
  PacketObserver observer;
  if (!on_packet.is_none()) {
    observer = [&](const std::string& stream, const Packet& packet) {
      py::gil_scoped_acquire acquire;
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (callback_error) return;
      }
      try {
        on_packet(stream, packet.timestamp_us(), PayloadToPython(packet));
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!callback_error) callback_error = std::current_exception();
      }
    };
  }
  const absl::Status status = WithoutGil(
      [&] { return RunGraphFile(path, threads, overrides, out, diagnostics, observer); });
  if (callback_error) std::rethrow_exception(callback_error);
  ThrowIfError(status);
  return out.str();
}

}  // namespace

void BindGraphs(py::module_& module) {
  module.def("run_graph", &RunGraph, py::arg("path"), py::arg("overrides"), py::arg("threads"),
             py::arg("on_packet"),
             "Runs a graph config; returns what its stages printed. on_packet(stream, "
             "timestamp_us, value) sees every packet");
}

}  // namespace sentio::python
