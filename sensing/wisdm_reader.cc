#include "sensing/wisdm_reader.h"

#include <cmath>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/file_reading.h"
#include "base/status_macros.h"
#include "base/text_parsing.h"

namespace sentio {
namespace {

struct Reading {
  std::string user;
  std::string activity;
  int64_t timestamp_us = 0;
  float xyz[3] = {0, 0, 0};
};

// A bad line: the reason it is counted under, and the message for the reject policy.
struct BadLine {
  std::string reason;
  std::string message;
};

std::optional<BadLine> ParseReading(absl::string_view line, Reading& reading) {
  const std::vector<absl::string_view> fields = absl::StrSplit(line, ',');
  if (fields.size() != 6) {
    return BadLine{"wrong field count",
                   absl::StrCat("expected 6 fields user,activity,timestamp,x,y,z, found ",
                                fields.size())};
  }
  static constexpr const char* kNames[] = {"user", "activity", "timestamp", "x", "y", "z"};
  for (size_t i = 0; i < fields.size(); ++i) {
    if (absl::StripAsciiWhitespace(fields[i]).empty()) {
      return BadLine{"empty value", absl::StrCat("field ", kNames[i], " is empty")};
    }
  }
  reading.user = std::string(absl::StripAsciiWhitespace(fields[0]));
  reading.activity = std::string(absl::StripAsciiWhitespace(fields[1]));
  int64_t timestamp_ns = 0;
  if (!absl::SimpleAtoi(fields[2], &timestamp_ns)) {
    return BadLine{"non-numeric value",
                   absl::StrCat("timestamp '", fields[2], "' is not an integer (nanoseconds)")};
  }
  // Floor division, so that negative times stay ordered.
  reading.timestamp_us = timestamp_ns / 1000 - (timestamp_ns % 1000 < 0 ? 1 : 0);
  for (int axis = 0; axis < 3; ++axis) {
    const std::optional<double> value = ParseFiniteDouble(fields[3 + axis]);
    // Samples are floats: a finite double beyond their range would become infinite.
    if (!value || !std::isfinite(static_cast<float>(*value))) {
      return BadLine{"non-numeric value", absl::StrCat(kNames[3 + axis], " '", fields[3 + axis],
                                                       "' is not a finite number")};
    }
    reading.xyz[axis] = static_cast<float>(*value);
  }
  return std::nullopt;
}

// Collects the readings of the current segment.
struct SegmentBuilder {
  std::string user;
  std::string activity;
  int first_line = 0;
  std::vector<int64_t> timestamps_us;
  std::vector<float> samples;
};

absl::Status FinishSegment(SegmentBuilder& builder, std::vector<WisdmSegment>& segments) {
  if (builder.timestamps_us.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(ImuBlock block, ImuBlock::Create({"x", "y", "z"},
                                                    std::move(builder.timestamps_us),
                                                    std::move(builder.samples)));
  segments.push_back(
      {std::move(builder.user), std::move(builder.activity), builder.first_line, std::move(block)});
  builder = SegmentBuilder();
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<BadLinePolicy> ParseBadLinePolicy(absl::string_view text) {
  if (text == "reject") return BadLinePolicy::kReject;
  if (text == "skip") return BadLinePolicy::kSkip;
  return absl::InvalidArgumentError(
      absl::StrCat("option policy='", text, "' must be \"reject\" or \"skip\""));
}

int64_t WisdmRecording::total_skipped() const {
  int64_t total = 0;
  for (const auto& [reason, count] : skipped_lines) total += count;
  return total;
}

std::string WisdmRecording::SkipReport() const {
  if (skipped_lines.empty()) return "";
  std::vector<std::string> parts;
  for (const auto& [reason, count] : skipped_lines) parts.push_back(absl::StrCat(count, " ", reason));
  return absl::StrCat("skipped ", total_skipped(), " lines: ", absl::StrJoin(parts, ", "));
}

absl::StatusOr<WisdmRecording> ParseWisdm(absl::string_view text, absl::string_view file_name,
                                          BadLinePolicy policy) {
  WisdmRecording recording;
  SegmentBuilder segment;
  // The user whose stream the last accepted reading belongs to, and its time.
  std::optional<std::string> stream_user;
  int64_t stream_last_us = 0;
  const std::vector<absl::string_view> lines = SplitLines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    const int line_number = static_cast<int>(i) + 1;
    absl::string_view line = absl::StripAsciiWhitespace(lines[i]);
    if (absl::ConsumeSuffix(&line, ";")) line = absl::StripTrailingAsciiWhitespace(line);
    if (line.empty()) continue;
    Reading reading;
    std::optional<BadLine> bad = ParseReading(line, reading);
    if (!bad && stream_user == reading.user && reading.timestamp_us <= stream_last_us) {
      bad = BadLine{"timestamp not increasing",
                    absl::StrCat("timestamp ", reading.timestamp_us, " µs of user ", reading.user,
                                 " is not after the previous reading's ", stream_last_us, " µs")};
    }
    if (bad) {
      if (policy == BadLinePolicy::kReject) return ErrorAt(file_name, line_number, bad->message);
      ++recording.skipped_lines[bad->reason];
      continue;
    }
    if (reading.user != segment.user || reading.activity != segment.activity) {
      RETURN_IF_ERROR(FinishSegment(segment, recording.segments));
      segment.user = reading.user;
      segment.activity = reading.activity;
      segment.first_line = line_number;
    }
    segment.timestamps_us.push_back(reading.timestamp_us);
    segment.samples.insert(segment.samples.end(), reading.xyz, reading.xyz + 3);
    stream_user = reading.user;
    stream_last_us = reading.timestamp_us;
  }
  RETURN_IF_ERROR(FinishSegment(segment, recording.segments));
  return recording;
}

absl::StatusOr<WisdmRecording> ReadWisdmFile(const std::string& path, BadLinePolicy policy) {
  ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  return ParseWisdm(text, path, policy);
}

}  // namespace sentio
