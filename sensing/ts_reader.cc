#include "sensing/ts_reader.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/file_reading.h"
#include "base/status_macros.h"
#include "base/text_parsing.h"
#include "sensing/imu_block.h"

namespace sentio {
namespace {

// What the header declares; an unset optional was not declared.
struct TsHeader {
  std::string problem_name;
  std::optional<bool> timestamps;
  std::optional<bool> missing;
  std::optional<bool> univariate;
  std::optional<int> dimensions;
  std::optional<bool> equal_length;
  std::optional<int> series_length;
  std::optional<bool> class_label;
  std::vector<std::string> class_labels;
};

// One dimension of a case: its values and, with @timeStamps true, their times.
struct Dimension {
  std::vector<float> values;
  std::vector<int64_t> timestamps_us;
};

// Splits at `separator` outside parentheses: the `(time,value)` points of timestamped data hold
// commas, and date timestamps colons, of their own.
std::vector<absl::string_view> SplitOutsideParentheses(absl::string_view text, char separator) {
  std::vector<absl::string_view> parts;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '(') {
      ++depth;
    } else if (text[i] == ')' && depth > 0) {
      --depth;
    } else if (text[i] == separator && depth == 0) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(text.substr(start));
  return parts;
}

// Whole microseconds, or nullopt when they do not fit an int64.
std::optional<int64_t> SecondsToMicros(double seconds) {
  const double micros = std::round(seconds * 1e6);
  if (!(std::fabs(micros) < 9.2e18)) return std::nullopt;
  return static_cast<int64_t>(micros);
}

std::string ChannelName(size_t dimension) { return absl::StrCat("dim_", dimension); }

class TsParser {
 public:
  TsParser(absl::string_view file_name, const TsReadOptions& options)
      : file_name_(file_name), options_(options) {}

  absl::StatusOr<TimeSeriesDataset> Parse(absl::string_view text) {
    if (!(options_.sample_rate_hz > 0 && options_.sample_rate_hz <= 1e6)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "sample_rate_hz must be in (0, 1e6] (timestamps are whole microseconds), got ",
          options_.sample_rate_hz));
    }
    const std::vector<absl::string_view> lines = SplitLines(text);
    for (size_t i = 0; i < lines.size(); ++i) {
      line_number_ = static_cast<int>(i) + 1;
      const absl::string_view line = absl::StripAsciiWhitespace(lines[i]);
      if (line.empty() || line[0] == '#') continue;
      RETURN_IF_ERROR(in_data_ ? ParseCase(line) : ParseHeaderLine(line));
    }
    if (!in_data_) return Error("missing @data: the file ends inside the header");
    if (dataset_.cases.empty()) return ErrorAt(file_name_, data_line_, "no cases after @data");
    return std::move(dataset_);
  }

 private:
  absl::Status Error(absl::string_view message) const {
    return ErrorAt(file_name_, line_number_ > 0 ? line_number_ : 1, message);
  }

  // --- Header ---

  absl::Status ParseHeaderLine(absl::string_view line) {
    if (line[0] != '@') return Error("data before @data (expected a @tag or a # comment)");
    const size_t tag_end = line.find_first_of(" \t");
    const absl::string_view tag = line.substr(0, tag_end);
    const absl::string_view value =
        tag_end == absl::string_view::npos ? "" : absl::StripAsciiWhitespace(line.substr(tag_end));
    std::string name = absl::AsciiStrToLower(tag.substr(1));
    if (name == "dimension") name = "dimensions";  // the sktime spec's spelling
    if (!seen_tags_.insert(name).second) return Error(absl::StrCat("duplicate ", tag));

    if (name == "problemname") return ParseProblemName(value);
    if (name == "timestamps") return ParseBool(tag, value, &header_.timestamps);
    if (name == "missing") return ParseBool(tag, value, &header_.missing);
    if (name == "univariate") return ParseBool(tag, value, &header_.univariate);
    if (name == "dimensions") return ParseCount(tag, value, &header_.dimensions);
    if (name == "equallength") return ParseBool(tag, value, &header_.equal_length);
    if (name == "serieslength") return ParseCount(tag, value, &header_.series_length);
    if (name == "classlabel") return ParseClassLabel(tag, value);
    if (name == "targetlabel") return ParseTargetLabel(tag, value);
    if (name == "data") return StartData(value);
    return Error(absl::StrCat("unknown tag ", tag));
  }

  absl::Status ParseProblemName(absl::string_view value) {
    if (value.empty()) return Error("@problemName needs a name");
    header_.problem_name = std::string(value);
    return absl::OkStatus();
  }

  absl::Status ParseBool(absl::string_view tag, absl::string_view value,
                         std::optional<bool>* out) const {
    if (absl::EqualsIgnoreCase(value, "true")) {
      *out = true;
    } else if (absl::EqualsIgnoreCase(value, "false")) {
      *out = false;
    } else {
      return Error(absl::StrCat(tag, " expects true or false, got '", value, "'"));
    }
    return absl::OkStatus();
  }

  absl::Status ParseCount(absl::string_view tag, absl::string_view value,
                          std::optional<int>* out) const {
    int count = 0;
    if (!absl::SimpleAtoi(value, &count) || count < 1) {
      return Error(absl::StrCat(tag, " expects a positive integer, got '", value, "'"));
    }
    *out = count;
    return absl::OkStatus();
  }

  // `true Label1 Label2 ...` or `false`.
  absl::Status ParseClassLabel(absl::string_view tag, absl::string_view value) {
    std::vector<absl::string_view> words =
        absl::StrSplit(value, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    const absl::string_view first_word = words.empty() ? "" : words[0];
    RETURN_IF_ERROR(ParseBool(tag, first_word, &header_.class_label));
    words.erase(words.begin());
    if (!*header_.class_label) {
      if (!words.empty()) return Error(absl::StrCat(tag, " false takes no labels"));
      return absl::OkStatus();
    }
    if (words.empty()) return Error(absl::StrCat(tag, " true must list the class labels"));
    for (const absl::string_view label : words) {
      if (IndexOfLabel(label) >= 0) {
        return Error(absl::StrCat("class label '", label, "' is declared twice"));
      }
      header_.class_labels.emplace_back(label);
    }
    return absl::OkStatus();
  }

  absl::Status ParseTargetLabel(absl::string_view tag, absl::string_view value) const {
    std::optional<bool> target_label;
    RETURN_IF_ERROR(ParseBool(tag, value, &target_label));
    if (*target_label) {
      return Error(absl::StrCat(
          tag, " true: regression data sets are not supported, only classification (@classLabel)"));
    }
    return absl::OkStatus();
  }

  // Checks that the header is complete and consistent, and fixes what every case must match.
  absl::Status StartData(absl::string_view value) {
    if (!value.empty()) return Error(absl::StrCat("@data takes no value, got '", value, "'"));
    if (!header_.class_label.has_value()) {
      return Error("missing @classLabel before @data (true with the labels, or false)");
    }
    const bool univariate = header_.univariate.value_or(false);
    if (univariate && header_.dimensions.value_or(1) != 1) {
      return Error(absl::StrCat("@univariate true contradicts @dimensions ", *header_.dimensions));
    }
    if (!header_.equal_length.value_or(true) && header_.series_length.has_value()) {
      return Error("@seriesLength contradicts @equalLength false");
    }
    if (header_.dimensions.has_value()) {
      num_dimensions_ = *header_.dimensions;
      num_dimensions_source_ = absl::StrCat("@dimensions ", num_dimensions_);
    } else if (univariate) {
      num_dimensions_ = 1;
      num_dimensions_source_ = "@univariate true";
    }
    dataset_.problem_name =
        header_.problem_name.empty() ? FileStem(file_name_) : header_.problem_name;
    dataset_.class_labels = header_.class_labels;
    in_data_ = true;
    data_line_ = line_number_;
    return absl::OkStatus();
  }

  int IndexOfLabel(absl::string_view label) const {
    for (size_t i = 0; i < header_.class_labels.size(); ++i) {
      if (header_.class_labels[i] == label) return static_cast<int>(i);
    }
    return -1;
  }

  // --- Cases ---

  absl::Status ParseCase(absl::string_view line) {
    if (line[0] == '@') return Error("header tag after @data");
    std::vector<absl::string_view> parts = SplitOutsideParentheses(line, ':');
    int label = -1;
    if (*header_.class_label) {
      if (parts.size() < 2) return Error("missing class label (expected ':<label>' at the end)");
      ASSIGN_OR_RETURN(label, ParseLabel(absl::StripAsciiWhitespace(parts.back())));
      parts.pop_back();
    }
    RETURN_IF_ERROR(CheckNumDimensions(parts.size()));
    std::vector<Dimension> dimensions;
    for (size_t d = 0; d < parts.size(); ++d) {
      ASSIGN_OR_RETURN(Dimension dimension, ParseDimension(parts[d], d));
      dimensions.push_back(std::move(dimension));
    }
    RETURN_IF_ERROR(CheckLengths(dimensions));
    ASSIGN_OR_RETURN(ImuBlock series, BuildSeries(std::move(dimensions)));
    dataset_.cases.push_back({std::move(series), label});
    return absl::OkStatus();
  }

  absl::StatusOr<int> ParseLabel(absl::string_view text) const {
    if (text.empty()) return Error("empty class label");
    const int label = IndexOfLabel(text);
    if (label < 0) return Error(absl::StrCat("class label '", text, "' is not declared in @classLabel"));
    return label;
  }

  absl::Status CheckNumDimensions(size_t num_dimensions) {
    if (num_dimensions_ < 0) {
      num_dimensions_ = static_cast<int>(num_dimensions);
      num_dimensions_source_ = absl::StrCat("the first case (line ", line_number_, ")");
    } else if (num_dimensions != static_cast<size_t>(num_dimensions_)) {
      return Error(absl::StrCat("case has ", num_dimensions, " dimensions, expected ",
                                num_dimensions_, " as in ", num_dimensions_source_));
    }
    return absl::OkStatus();
  }

  absl::StatusOr<Dimension> ParseDimension(absl::string_view text, size_t dimension) const {
    const std::vector<absl::string_view> items = SplitOutsideParentheses(text, ',');
    Dimension parsed;
    for (size_t i = 0; i < items.size(); ++i) {
      const absl::string_view item = absl::StripAsciiWhitespace(items[i]);
      if (header_.timestamps.value_or(false)) {
        ASSIGN_OR_RETURN(const int64_t timestamp_us, ParsePointTime(item, dimension, i));
        parsed.timestamps_us.push_back(timestamp_us);
        ASSIGN_OR_RETURN(const float value, ParseValue(PointValue(item), dimension, i));
        parsed.values.push_back(value);
      } else {
        ASSIGN_OR_RETURN(const float value, ParseValue(item, dimension, i));
        parsed.values.push_back(value);
      }
    }
    return parsed;
  }

  // The time of a `(time,value)` point, after checking the point's shape.
  absl::StatusOr<int64_t> ParsePointTime(absl::string_view point, size_t dimension,
                                         size_t index) const {
    if (point.size() < 2 || point.front() != '(' || point.back() != ')' ||
        std::count(point.begin(), point.end(), ',') != 1) {
      return ValueError(dimension, index,
                        absl::StrCat(": expected (timestamp,value), got '", point, "'"));
    }
    const absl::string_view time =
        absl::StripAsciiWhitespace(point.substr(1, point.find(',') - 1));
    const std::optional<double> seconds = ParseFiniteDouble(time);
    if (!seconds.has_value()) {
      return ValueError(dimension, index,
                        absl::StrCat(": timestamp '", time,
                                     "' is not a number; only numeric timestamps (seconds) are "
                                     "supported, not dates"));
    }
    const std::optional<int64_t> micros = SecondsToMicros(*seconds);
    if (!micros.has_value()) {
      return ValueError(dimension, index, absl::StrCat(": timestamp ", time, " s is out of range"));
    }
    return *micros;
  }

  // The value of a point that ParsePointTime accepted.
  static absl::string_view PointValue(absl::string_view point) {
    const size_t comma = point.find(',');
    return absl::StripAsciiWhitespace(point.substr(comma + 1, point.size() - comma - 2));
  }

  absl::StatusOr<float> ParseValue(absl::string_view text, size_t dimension, size_t index) const {
    if (text.empty()) return ValueError(dimension, index, " is empty (truncated line?)");
    if (text == "?") {
      if (!header_.missing.value_or(false)) {
        return ValueError(dimension, index,
                          " is missing ('?') but the header lacks @missing true");
      }
      return ValueError(dimension, index,
                        " is missing ('?'): missing values are not supported, an ImuBlock "
                        "requires finite samples");
    }
    const std::optional<double> value = ParseFiniteDouble(text);
    if (!value.has_value()) {
      return ValueError(dimension, index, absl::StrCat(" '", text, "' is not a finite number"));
    }
    if (std::fabs(*value) > std::numeric_limits<float>::max()) {
      return ValueError(dimension, index,
                        absl::StrCat(" ", text, " is out of the range of a float"));
    }
    return static_cast<float>(*value);
  }

  // "<file>:<line>: dim_1 value 3<problem>" (values count from 1).
  absl::Status ValueError(size_t dimension, size_t index, absl::string_view problem) const {
    return Error(absl::StrCat(ChannelName(dimension), " value ", index + 1, problem));
  }

  absl::Status CheckLengths(const std::vector<Dimension>& dimensions) {
    const size_t length = dimensions[0].values.size();
    for (size_t d = 1; d < dimensions.size(); ++d) {
      if (dimensions[d].values.size() != length) {
        return Error(absl::StrCat(ChannelName(d), " has ", dimensions[d].values.size(),
                                  " values but dim_0 has ", length,
                                  "; the dimensions of a case must have equal length"));
      }
      if (dimensions[d].timestamps_us != dimensions[0].timestamps_us) {
        return Error(absl::StrCat(ChannelName(d), " has other timestamps than dim_0; the ",
                                  "dimensions of a case must share their timestamps"));
      }
    }
    if (header_.series_length.has_value() &&
        length != static_cast<size_t>(*header_.series_length)) {
      return Error(absl::StrCat("case has ", length, " values per dimension, @seriesLength is ",
                                *header_.series_length));
    }
    if (header_.equal_length.value_or(true)) {
      if (case_length_ < 0) {
        case_length_ = static_cast<int64_t>(length);
      } else if (static_cast<int64_t>(length) != case_length_) {
        return Error(absl::StrCat("case has ", length, " values per dimension but earlier cases ",
                                  "have ", case_length_,
                                  "; unequal lengths need @equalLength false"));
      }
    }
    return absl::OkStatus();
  }

  absl::StatusOr<ImuBlock> BuildSeries(std::vector<Dimension> dimensions) const {
    const size_t num_channels = dimensions.size();
    const size_t length = dimensions[0].values.size();
    std::vector<std::string> channel_names;
    for (size_t d = 0; d < num_channels; ++d) channel_names.push_back(ChannelName(d));
    std::vector<float> samples(length * num_channels);
    for (size_t s = 0; s < length; ++s) {
      for (size_t d = 0; d < num_channels; ++d) {
        samples[s * num_channels + d] = dimensions[d].values[s];
      }
    }
    std::vector<int64_t> timestamps_us;
    if (header_.timestamps.value_or(false)) {
      timestamps_us = std::move(dimensions[0].timestamps_us);
    } else {
      ASSIGN_OR_RETURN(timestamps_us, SynthesisedTimestamps(length));
    }
    absl::StatusOr<ImuBlock> series = ImuBlock::Create(
        std::move(channel_names), std::move(timestamps_us), std::move(samples));
    if (!series.ok()) return Error(series.status().message());
    return series;
  }

  absl::StatusOr<std::vector<int64_t>> SynthesisedTimestamps(size_t length) const {
    std::vector<int64_t> timestamps_us;
    timestamps_us.reserve(length);
    for (size_t i = 0; i < length; ++i) {
      const std::optional<int64_t> micros = SecondsToMicros(i / options_.sample_rate_hz);
      if (!micros.has_value()) {
        return Error(absl::StrCat("case of ", length, " samples at ", options_.sample_rate_hz,
                                  " Hz overflows the microsecond timestamps"));
      }
      timestamps_us.push_back(*micros);
    }
    return timestamps_us;
  }

  const absl::string_view file_name_;
  const TsReadOptions options_;
  int line_number_ = 0;  // of the line being parsed
  TsHeader header_;
  std::set<std::string> seen_tags_;
  bool in_data_ = false;
  int data_line_ = 0;
  int num_dimensions_ = -1;  // what every case must have; -1 until known
  std::string num_dimensions_source_;
  int64_t case_length_ = -1;  // of the first case, when lengths must be equal
  TimeSeriesDataset dataset_;
};

}  // namespace

absl::StatusOr<TimeSeriesDataset> ParseTs(absl::string_view text, absl::string_view file_name,
                                          const TsReadOptions& options) {
  return TsParser(file_name, options).Parse(text);
}

absl::StatusOr<TimeSeriesDataset> ReadTsFile(const std::string& path,
                                             const TsReadOptions& options) {
  ASSIGN_OR_RETURN(const std::string text, ReadWholeFile(path));
  return ParseTs(text, path, options);
}

}  // namespace sentio
