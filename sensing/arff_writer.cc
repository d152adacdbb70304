#include "sensing/arff_writer.h"

#include <cmath>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "base/file_writing.h"
#include "base/text_parsing.h"

namespace sentio {
namespace {

// Weka's backslash escape for `c`, or nullptr when it needs none.
const char* BackslashEscape(char c) {
  switch (c) {
    case '\\':
      return "\\\\";
    case '\'':
      return "\\'";
    case '"':
      return "\\\"";
    case '\n':
      return "\\n";
    case '\r':
      return "\\r";
    case '\t':
      return "\\t";
    case '%':
      return "\\%";
    default:
      return nullptr;
  }
}

// Weka's Utils.quote: backslash escapes, and single quotes around anything escaped, empty, "?" or
// holding a space, comma or brace.
std::string Quote(absl::string_view text) {
  std::string quoted;
  bool needs_quotes = text.empty() || text == "?";
  for (char c : text) {
    if (const char* escape = BackslashEscape(c)) {
      quoted += escape;
      needs_quotes = true;
      continue;
    }
    if (c == ' ' || c == ',' || c == '{' || c == '}') needs_quotes = true;
    quoted += c;
  }
  return needs_quotes ? absl::StrCat("'", quoted, "'") : quoted;
}

absl::StatusOr<std::string> FormatValue(const Attribute& attribute, double value, int instance) {
  if (IsMissing(value)) return std::string("?");
  if (attribute.type == AttributeType::kNumeric) {
    if (!std::isfinite(value)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "instance ", instance, " has ", value, " for numeric attribute '", attribute.name, "'"));
    }
    return ShortestNumber(value);
  }
  const double index = std::floor(value);
  if (index != value || index < 0 || index >= attribute.values.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("instance ", instance, " has value ", value, " for attribute '",
                     attribute.name, "', which has ", attribute.values.size(), " values"));
  }
  return Quote(attribute.values[static_cast<size_t>(index)]);
}

}  // namespace

absl::StatusOr<std::string> FormatArff(const Dataset& data) {
  std::string text = absl::StrCat("@relation ", Quote(data.relation), "\n\n");
  for (const Attribute& attribute : data.attributes) {
    absl::StrAppend(&text, "@attribute ", Quote(attribute.name), " ");
    switch (attribute.type) {
      case AttributeType::kNumeric:
        absl::StrAppend(&text, "numeric\n");
        break;
      case AttributeType::kString:
        absl::StrAppend(&text, "string\n");
        break;
      case AttributeType::kNominal: {
        absl::StrAppend(&text, "{");
        for (size_t i = 0; i < attribute.values.size(); ++i) {
          absl::StrAppend(&text, i == 0 ? "" : ", ", Quote(attribute.values[i]));
        }
        absl::StrAppend(&text, "}\n");
        break;
      }
      case AttributeType::kDate:
        return absl::InvalidArgumentError(absl::StrCat(
            "cannot write date attribute '", attribute.name, "' to ARFF (not supported)"));
    }
  }
  absl::StrAppend(&text, "\n@data\n");
  for (int i = 0; i < data.num_instances(); ++i) {
    const Instance& instance = data.instances[i];
    if (static_cast<int>(instance.values.size()) != data.num_attributes()) {
      return absl::InvalidArgumentError(absl::StrCat("instance ", i, " has ",
                                                     instance.values.size(), " values for ",
                                                     data.num_attributes(), " attributes"));
    }
    for (int a = 0; a < data.num_attributes(); ++a) {
      absl::StatusOr<std::string> value = FormatValue(data.attributes[a], instance.values[a], i);
      if (!value.ok()) return value.status();
      absl::StrAppend(&text, a == 0 ? "" : ",", *value);
    }
    if (instance.weight != 1.0) absl::StrAppend(&text, ",{", ShortestNumber(instance.weight), "}");
    absl::StrAppend(&text, "\n");
  }
  return text;
}

absl::Status WriteArffFile(const Dataset& data, const std::string& path) {
  absl::StatusOr<std::string> text = FormatArff(data);
  if (!text.ok()) return text.status();
  return WriteWholeFile(path, *text);
}

}  // namespace sentio
