#include "apps/mfcc_command.h"

#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "apps/report/html_report.h"
#include "apps/report/svg_charts.h"
#include "base/file_reading.h"
#include "base/progress.h"
#include "base/status_macros.h"
#include "base/text_parsing.h"
#include "features/feature_frames_file.h"
#include "features/kaldi_fbank.h"
#include "features/kaldi_mfcc.h"
#include "features/window_functions.h"
#include "sensing/wav_reader.h"

namespace sentio {
namespace {

absl::StatusOr<bool> GetBool(CommandLine& flags, const std::string& name, bool default_value) {
  const std::string value = flags.GetString(name, default_value ? "true" : "false");
  if (value == "true" || value == "1") return true;
  if (value == "false" || value == "0") return false;
  return absl::InvalidArgumentError(
      absl::StrCat("flag --", name, "=", value, " is not a boolean (true or false)"));
}

absl::StatusOr<int> GetSmallInt(CommandLine& flags, const std::string& name, int default_value) {
  ASSIGN_OR_RETURN(int64_t value, flags.GetInt(name, default_value));
  if (value < 0 || value > 100000) {
    return absl::InvalidArgumentError(
        absl::StrCat("flag --", name, "=", value, " is out of range (0 to 100000)"));
  }
  return static_cast<int>(value);
}

absl::Status ReadFrameAndMelFlags(CommandLine& flags, KaldiFrameOptions& frame,
                                  KaldiMelOptions& mel) {
  ASSIGN_OR_RETURN(frame.frame_length_ms,
                   flags.GetDouble("frame_length_ms", frame.frame_length_ms));
  ASSIGN_OR_RETURN(frame.frame_shift_ms, flags.GetDouble("frame_shift_ms", frame.frame_shift_ms));
  ASSIGN_OR_RETURN(frame.preemphasis_coefficient,
                   flags.GetDouble("preemphasis_coefficient", frame.preemphasis_coefficient));
  ASSIGN_OR_RETURN(frame.remove_dc_offset,
                   GetBool(flags, "remove_dc_offset", frame.remove_dc_offset));
  ASSIGN_OR_RETURN(frame.snip_edges, GetBool(flags, "snip_edges", frame.snip_edges));
  const std::string window = flags.GetString("window_type", WindowTypeName(frame.window_type));
  absl::StatusOr<WindowType> window_type = ParseWindowType(window);
  if (!window_type.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("flag --window_type: ", window_type.status().message()));
  }
  frame.window_type = *window_type;
  ASSIGN_OR_RETURN(mel.num_bins, GetSmallInt(flags, "num_mel_bins", mel.num_bins));
  ASSIGN_OR_RETURN(mel.low_freq, flags.GetDouble("low_freq", mel.low_freq));
  ASSIGN_OR_RETURN(mel.high_freq, flags.GetDouble("high_freq", mel.high_freq));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<KaldiFeatureComputer>> KaldiComputerFromFlags(bool mfcc,
                                                                             CommandLine& flags,
                                                                             int sample_rate_hz) {
  if (mfcc) {
    KaldiMfccOptions options;
    RETURN_IF_ERROR(ReadFrameAndMelFlags(flags, options.frame, options.mel));
    ASSIGN_OR_RETURN(options.num_ceps, GetSmallInt(flags, "num_ceps", options.num_ceps));
    ASSIGN_OR_RETURN(options.cepstral_lifter,
                     flags.GetDouble("cepstral_lifter", options.cepstral_lifter));
    ASSIGN_OR_RETURN(options.use_energy, GetBool(flags, "use_energy", options.use_energy));
    ASSIGN_OR_RETURN(options.raw_energy, GetBool(flags, "raw_energy", options.raw_energy));
    RETURN_IF_ERROR(flags.CheckAllRead());
    ASSIGN_OR_RETURN(KaldiMfcc computer, KaldiMfcc::Create(options, sample_rate_hz));
    return std::make_unique<KaldiMfcc>(std::move(computer));
  }
  KaldiFbankOptions options;
  RETURN_IF_ERROR(ReadFrameAndMelFlags(flags, options.frame, options.mel));
  ASSIGN_OR_RETURN(options.use_energy, GetBool(flags, "use_energy", options.use_energy));
  ASSIGN_OR_RETURN(options.raw_energy, GetBool(flags, "raw_energy", options.raw_energy));
  RETURN_IF_ERROR(flags.CheckAllRead());
  ASSIGN_OR_RETURN(KaldiFbank computer, KaldiFbank::Create(options, sample_rate_hz));
  return std::make_unique<KaldiFbank>(std::move(computer));
}

std::vector<float> KaldiScaledChannel(const AudioClip& clip, int channel) {
  std::vector<float> samples(clip.num_frames());
  for (int64_t t = 0; t < clip.num_frames(); ++t) {
    samples[t] = clip.samples[t * clip.channels + channel] * 32768.0f;
  }
  return samples;
}

namespace {

struct WavInput {
  std::string id;  // the utterance id in archives: given in a list, else the file's stem
  std::string path;
};

// The WAVs of --wav (repeatable) and --wav_list (Kaldi's scp: "ID PATH" or "PATH" per line).
absl::StatusOr<std::vector<WavInput>> WavInputs(const std::vector<std::string>& wavs,
                                                const std::string& list_path) {
  std::vector<WavInput> inputs;
  for (const std::string& path : wavs) inputs.push_back({FileStem(path), path});
  if (list_path.empty()) return inputs;
  ASSIGN_OR_RETURN(const std::string text, ReadWholeFile(list_path));
  const std::vector<absl::string_view> lines = SplitLines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::vector<absl::string_view> fields =
        absl::StrSplit(lines[i], absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (fields.empty()) continue;
    if (fields.size() > 2) {
      return ErrorAt(list_path, static_cast<int>(i) + 1,
                     "expected 'ID PATH' or 'PATH' (commands and pipes are not run)");
    }
    const std::string path(fields.back());
    inputs.push_back({fields.size() == 2 ? std::string(fields[0]) : FileStem(path), path});
  }
  if (inputs.empty()) return ErrorAt(list_path, 1, "no WAV files listed");
  return inputs;
}

std::string FrameLine(const std::vector<float>& frame) {
  return absl::StrJoin(frame, " ",
                       [](std::string* line, float v) { absl::StrAppendFormat(line, "%.7g", v); });
}

}  // namespace

absl::Status RunKaldiFeatureCommand(bool mfcc, CommandLine& flags, std::ostream& out,
                                    std::ostream& summary) {
  const std::vector<std::string> wavs = flags.GetAll("wav");
  const std::string list_path = flags.GetString("wav_list", "");
  ASSIGN_OR_RETURN(const int channel, GetSmallInt(flags, "channel", 0));
  const std::string report_dir = flags.GetString("report", "");
  const std::string out_path = flags.GetString("out", "");
  if (wavs.empty() && list_path.empty()) {
    return absl::InvalidArgumentError("missing required flag --wav=... (or --wav_list=F)");
  }
  ASSIGN_OR_RETURN(const std::vector<WavInput> inputs, WavInputs(wavs, list_path));
  if (inputs.size() > 1 && out_path.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(inputs.size(), " WAV files need --out=F (.ark.txt or .csv)"));
  }
  if (inputs.size() > 1 && !report_dir.empty()) {
    return absl::InvalidArgumentError("--report shows one WAV file's features");
  }

  std::unique_ptr<KaldiFeatureComputer> computer;
  int sample_rate_hz = 0;
  std::vector<UtteranceFeatures> utterances;
  int64_t total_frames = 0;
  ProgressLine progress(mfcc ? "mfcc" : "fbank", "file", static_cast<int64_t>(inputs.size()));
  for (const WavInput& input : inputs) {
    ASSIGN_OR_RETURN(const AudioClip clip, ReadWavFile(input.path));
    if (channel >= clip.channels) {
      return absl::InvalidArgumentError(absl::StrCat("flag --channel=", channel, ": ", input.path,
                                                     " has ", clip.channels, " channel(s)"));
    }
    if (computer == nullptr) {
      sample_rate_hz = clip.sample_rate_hz;
      absl::StatusOr<std::unique_ptr<KaldiFeatureComputer>> made =
          KaldiComputerFromFlags(mfcc, flags, clip.sample_rate_hz);
      if (!made.ok()) {
        return absl::Status(
            made.status().code(),
            absl::StrCat(input.path, " (", clip.sample_rate_hz, " Hz): ", made.status().message()));
      }
      computer = *std::move(made);
    } else if (clip.sample_rate_hz != sample_rate_hz) {
      return absl::InvalidArgumentError(absl::StrCat(input.path, ": ", clip.sample_rate_hz,
                                                     " Hz, but ", inputs[0].path, " is ",
                                                     sample_rate_hz, " Hz"));
    }
    const std::vector<float> samples = KaldiScaledChannel(clip, channel);
    absl::StatusOr<FeatureFrames> features = computer->Compute(samples);
    if (!features.ok()) {
      return absl::Status(features.status().code(),
                          absl::StrCat(input.path, ": ", features.status().message()));
    }
    const KaldiFrameExtractor& extractor = computer->extractor();
    std::ostringstream described;
    described << (mfcc ? "mfcc: " : "fbank: ") << input.path << ": " << samples.size()
              << " samples at " << clip.sample_rate_hz << " Hz (channel " << channel << " of "
              << clip.channels << "); ";
    if (features->empty()) {
      described << "shorter than one frame of " << extractor.frame_length()
                << " samples, so no frames (as Kaldi)";
    } else {
      described << features->size() << " frames of " << computer->dim() << " values ("
                << extractor.frame_length() << "-sample frames every " << extractor.frame_shift()
                << " samples, FFT size " << extractor.padded_length() << ")";
    }
    if (inputs.size() == 1) summary << described.str() << "\n";
    if (!report_dir.empty()) {
      report::HtmlReport page(mfcc ? "MFCC" : "Filter bank (log mel energies)",
                              report::CommandText(mfcc ? "mfcc" : "fbank", flags.args()));
      page.AddParagraph(described.str());
      page.AddChart(report::MatrixImageSvg(
          absl::StrCat(mfcc ? "MFCC of " : "Log mel spectrogram of ", input.path), *features,
          static_cast<double>(extractor.frame_shift()) / clip.sample_rate_hz,
          mfcc ? "coefficient" : "mel bin"));
      ASSIGN_OR_RETURN(const std::string written, page.Write(report_dir));
      summary << "Report: " << written << "\n";
    }
    total_frames += static_cast<int64_t>(features->size());
    if (out_path.empty()) {
      for (const std::vector<float>& frame : *features) out << FrameLine(frame) << "\n";
    } else {
      utterances.push_back({input.id, *std::move(features)});
    }
    progress.Advance();
  }
  if (!out_path.empty()) {
    RETURN_IF_ERROR(WriteFeatureFrames(utterances, out_path));
    out << "Wrote " << out_path << ": " << utterances.size() << " utterances at " << sample_rate_hz
        << " Hz, " << computer->dim() << " values per frame\n";
  }
  out << "frames=" << total_frames << "\n";
  return absl::OkStatus();
}

absl::Status RunMfccCommand(CommandLine& flags, std::ostream& out) {
  return RunKaldiFeatureCommand(/*mfcc=*/true, flags, out, std::cerr);
}

absl::Status RunFbankCommand(CommandLine& flags, std::ostream& out) {
  return RunKaldiFeatureCommand(/*mfcc=*/false, flags, out, std::cerr);
}

}  // namespace sentio
