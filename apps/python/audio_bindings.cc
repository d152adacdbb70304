// read_wav and kaldi_features for the `sentio` Python package: the WAV reader and the Kaldi
// feature computers the CLI uses, options parsed exactly as `sentio mfcc` / `sentio fbank` parse
// their flags, so the numbers are the CLI's.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "apps/command_line.h"
#include "apps/mfcc_command.h"
#include "apps/python/bindings.h"
#include "apps/python/numpy_arrays.h"
#include "apps/python/status_exceptions.h"
#include "apps/python/without_gil.h"
#include "pybind11/stl.h"
#include "sensing/wav_reader.h"

namespace sentio::python {
namespace {

namespace py = pybind11;

py::tuple ReadWav(const std::string& path) {
  absl::StatusOr<AudioClip> clip = WithoutGil([&] { return ReadWavFile(path); });
  ThrowIfError(clip.status());
  std::vector<py::ssize_t> shape = {clip->num_frames()};
  if (clip->channels > 1) shape.push_back(clip->channels);
  const int rate = clip->sample_rate_hz;
  return py::make_tuple(TakeAsArray(std::move(clip->samples), std::move(shape)), rate);
}

// `samples` as read_wav gives them (one channel, in [-1, 1)); Kaldi works on 16-bit values, so
// they are scaled by 32768 as the CLI does (apps/mfcc_command.h KaldiScaledChannel).
py::array_t<float> KaldiFeatures(
    const std::string& kind, py::array_t<float, py::array::c_style | py::array::forcecast> samples,
    int sample_rate, const std::map<std::string, std::string>& options) {
  if (kind != "mfcc" && kind != "fbank") {
    throw py::value_error(absl::StrCat("unknown feature kind '", kind, "' (mfcc or fbank)"));
  }
  if (samples.ndim() != 1) {
    throw py::value_error(absl::StrCat("samples must be one channel of shape (n,); got shape ",
                                       ShapeText(samples), " (take a column: samples[:, c])"));
  }
  std::vector<std::string> args;
  for (const auto& [name, value] : options) args.push_back(absl::StrCat("--", name, "=", value));
  CommandLine flags = ValueOrThrow(CommandLine::Parse(args));
  std::unique_ptr<KaldiFeatureComputer> computer =
      ValueOrThrow(KaldiComputerFromFlags(kind == "mfcc", flags, sample_rate));
  std::vector<float> scaled(samples.data(), samples.data() + samples.size());
  absl::StatusOr<FeatureFrames> frames;
  {
    py::gil_scoped_release release;
    for (float& value : scaled) value *= 32768.0f;
    frames = computer->Compute(scaled);
  }
  ThrowIfError(frames.status());
  const int dim = computer->dim();
  std::vector<float> values;
  values.reserve(frames->size() * dim);
  for (const std::vector<float>& frame : *frames)
    values.insert(values.end(), frame.begin(), frame.end());
  return TakeAsArray(std::move(values),
                     {static_cast<py::ssize_t>(frames->size()), static_cast<py::ssize_t>(dim)});
}

}  // namespace

void BindAudio(py::module_& module) {
  module.def("read_wav", &ReadWav, py::arg("path"),
             "(samples float32 [frames] or [frames, channels] in [-1, 1), sample rate in Hz)");
  module.def("kaldi_features", &KaldiFeatures, py::arg("kind"), py::arg("samples"),
             py::arg("sample_rate"), py::arg("options"),
             "MFCC or fbank frames (float32 [frames, n]) with `sentio mfcc`/`fbank` options");
}

}  // namespace sentio::python
