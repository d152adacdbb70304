#include "apps/mfcc_command.h"

#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "apps/report/html_report.h"
#include "apps/report/svg_charts.h"
#include "base/status_macros.h"
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

absl::Status RunKaldiFeatureCommand(bool mfcc, CommandLine& flags, std::ostream& out,
                                    std::ostream& summary) {
  ASSIGN_OR_RETURN(const std::string wav_path, flags.GetRequired("wav"));
  ASSIGN_OR_RETURN(const int channel, GetSmallInt(flags, "channel", 0));
  const std::string report_dir = flags.GetString("report", "");
  ASSIGN_OR_RETURN(const AudioClip clip, ReadWavFile(wav_path));
  if (channel >= clip.channels) {
    return absl::InvalidArgumentError(absl::StrCat("flag --channel=", channel, ": ", wav_path,
                                                   " has ", clip.channels, " channel(s)"));
  }
  absl::StatusOr<std::unique_ptr<KaldiFeatureComputer>> computer =
      KaldiComputerFromFlags(mfcc, flags, clip.sample_rate_hz);
  if (!computer.ok()) {
    return absl::Status(
        computer.status().code(),
        absl::StrCat(wav_path, " (", clip.sample_rate_hz, " Hz): ", computer.status().message()));
  }
  std::vector<float> samples(clip.num_frames());
  for (int64_t t = 0; t < clip.num_frames(); ++t) {
    samples[t] = clip.samples[t * clip.channels + channel] * 32768.0f;
  }
  absl::StatusOr<FeatureFrames> features = (*computer)->Compute(samples);
  if (!features.ok()) {
    return absl::Status(features.status().code(),
                        absl::StrCat(wav_path, ": ", features.status().message()));
  }
  for (const std::vector<float>& frame : *features) {
    out << absl::StrJoin(frame, " ", [](std::string* line, float v) {
      absl::StrAppendFormat(line, "%.7g", v);
    }) << "\n";
  }

  const KaldiFrameExtractor& extractor = (*computer)->extractor();
  std::ostringstream described;
  described << (mfcc ? "mfcc: " : "fbank: ") << wav_path << ": " << samples.size() << " samples at "
            << clip.sample_rate_hz << " Hz (channel " << channel << " of " << clip.channels
            << "); ";
  if (features->empty()) {
    described << "shorter than one frame of " << extractor.frame_length()
              << " samples, so no frames (as Kaldi)";
  } else {
    described << features->size() << " frames of " << (*computer)->dim() << " values ("
              << extractor.frame_length() << "-sample frames every " << extractor.frame_shift()
              << " samples, FFT size " << extractor.padded_length() << ")";
  }
  summary << described.str() << "\n";
  if (!report_dir.empty()) {
    report::HtmlReport page(mfcc ? "MFCC" : "Filter bank (log mel energies)",
                            report::CommandText(mfcc ? "mfcc" : "fbank", flags.args()));
    page.AddParagraph(described.str());
    page.AddChart(report::MatrixImageSvg(
        absl::StrCat(mfcc ? "MFCC of " : "Log mel spectrogram of ", wav_path), *features,
        static_cast<double>(extractor.frame_shift()) / clip.sample_rate_hz,
        mfcc ? "coefficient" : "mel bin"));
    ASSIGN_OR_RETURN(const std::string written, page.Write(report_dir));
    summary << "Report: " << written << "\n";
  }
  out << "frames=" << features->size() << "\n";
  return absl::OkStatus();
}

absl::Status RunMfccCommand(CommandLine& flags, std::ostream& out) {
  return RunKaldiFeatureCommand(/*mfcc=*/true, flags, out, std::cerr);
}

absl::Status RunFbankCommand(CommandLine& flags, std::ostream& out) {
  return RunKaldiFeatureCommand(/*mfcc=*/false, flags, out, std::cerr);
}

}  // namespace sentio
