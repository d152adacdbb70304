#include "features/feature_frames_file.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/file_writing.h"
#include "base/npy_format.h"

namespace sentio {
namespace {

void AppendValues(const std::vector<float>& frame, const char* separator, std::string& text) {
  for (size_t i = 0; i < frame.size(); ++i) {
    absl::StrAppendFormat(&text, "%s%.7g", i == 0 ? "" : separator, frame[i]);
  }
}

std::string KaldiTextArchive(const std::vector<UtteranceFeatures>& utterances) {
  std::string text;
  for (const UtteranceFeatures& utterance : utterances) {
    absl::StrAppend(&text, utterance.id, "  [");
    if (utterance.frames.empty()) absl::StrAppend(&text, " ]");
    for (size_t f = 0; f < utterance.frames.size(); ++f) {
      absl::StrAppend(&text, "\n  ");
      AppendValues(utterance.frames[f], " ", text);
      absl::StrAppend(&text, f + 1 == utterance.frames.size() ? " ]" : " ");
    }
    absl::StrAppend(&text, "\n");
  }
  return text;
}

std::string Csv(const std::vector<UtteranceFeatures>& utterances, size_t dim) {
  std::string text = "utterance,frame";
  for (size_t d = 0; d < dim; ++d) absl::StrAppend(&text, ",c", d);
  absl::StrAppend(&text, "\n");
  for (const UtteranceFeatures& utterance : utterances) {
    for (size_t f = 0; f < utterance.frames.size(); ++f) {
      absl::StrAppend(&text, utterance.id, ",", f, ",");
      AppendValues(utterance.frames[f], ",", text);
      absl::StrAppend(&text, "\n");
    }
  }
  return text;
}

}  // namespace

absl::Status WriteFeatureFrames(const std::vector<UtteranceFeatures>& utterances,
                                const std::string& path) {
  size_t dim = 0;
  for (const UtteranceFeatures& utterance : utterances) {
    if (utterance.id.empty() || std::any_of(utterance.id.begin(), utterance.id.end(),
                                            [](char c) { return absl::ascii_isspace(c); })) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": utterance id '", utterance.id, "' is empty or holds white space"));
    }
    for (const std::vector<float>& frame : utterance.frames) {
      if (dim == 0) dim = frame.size();
      if (frame.size() != dim) {
        return absl::InvalidArgumentError(absl::StrCat(path, ": utterance '", utterance.id,
                                                       "' has frames of ", frame.size(),
                                                       " values after frames of ", dim));
      }
    }
  }
  if (absl::EndsWithIgnoreCase(path, ".csv")) return WriteWholeFile(path, Csv(utterances, dim));
  if (absl::EndsWithIgnoreCase(path, ".npy")) {
    if (utterances.size() != 1) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": an .npy file holds one utterance's frames; ", utterances.size(),
                       " were given (write .ark.txt or .csv)"));
    }
    std::vector<float> values;
    for (const std::vector<float>& frame : utterances[0].frames) {
      values.insert(values.end(), frame.begin(), frame.end());
    }
    return WriteWholeFile(path, Float32Npy({static_cast<int64_t>(utterances[0].frames.size()),
                                            static_cast<int64_t>(dim)},
                                           values));
  }
  return WriteWholeFile(path, KaldiTextArchive(utterances));
}

}  // namespace sentio
