#include "features/feature_frames_file.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/file_writing.h"

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

// NumPy's .npy format, version 1.0: magic, header length, a Python dict literal padded with
// spaces to a multiple of 64 bytes, then little-endian float32 values in C order.
std::string Npy(const FeatureFrames& frames, size_t dim) {
  std::string header = absl::StrFormat(
      "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }", frames.size(), dim);
  const size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  std::string bytes = "\x93NUMPY";
  bytes += '\x01';
  bytes += '\x00';
  bytes += static_cast<char>(header.size() & 0xff);
  bytes += static_cast<char>(header.size() >> 8);
  bytes += header;
  for (const std::vector<float>& frame : frames) {
    for (float value : frame) {
      uint32_t bits;
      static_assert(sizeof(bits) == sizeof(value));
      std::memcpy(&bits, &value, sizeof(bits));
      for (int b = 0; b < 4; ++b) bytes += static_cast<char>((bits >> (8 * b)) & 0xff);
    }
  }
  return bytes;
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
  if (absl::EndsWith(path, ".ark.txt")) return WriteWholeFile(path, KaldiTextArchive(utterances));
  if (absl::EndsWithIgnoreCase(path, ".csv")) return WriteWholeFile(path, Csv(utterances, dim));
  if (absl::EndsWithIgnoreCase(path, ".npy")) {
    if (utterances.size() != 1) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": an .npy file holds one utterance's frames; ", utterances.size(),
                       " were given (write .ark.txt or .csv)"));
    }
    return WriteWholeFile(path, Npy(utterances[0].frames, dim));
  }
  return absl::InvalidArgumentError(
      absl::StrCat(path, ": unknown feature file type (expected .ark.txt, .csv or .npy)"));
}

}  // namespace sentio
