#include "sensing/arff_reader.h"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "base/file_reading.h"
#include "base/status_macros.h"
#include "base/text_parsing.h"
#include "sensing/arff_tokenizer.h"

namespace sentio {
namespace {

constexpr absl::string_view kDefaultDatePattern = "yyyy-MM-dd'T'HH:mm:ss";

absl::StatusOr<double> ParseWeight(const ArffToken& token) {
  const std::optional<double> weight = ParseFiniteDouble(token.text);
  if (!weight || *weight <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("bad instance weight '", token.text, "': must be a positive number"));
  }
  return *weight;
}

// Parses an ARFF file line by line: the header up to @data, then one instance per line.
class ArffParser {
 public:
  ArffParser(absl::string_view file_name, int64_t max_values)
      : file_name_(file_name), max_values_(max_values) {}

  absl::StatusOr<Dataset> Parse(absl::string_view text);

 private:
  enum class Section { kBeforeRelation, kHeader, kData };

  // What reading values of one attribute needs besides the Attribute itself.
  struct AttributeLookup {
    std::unordered_map<std::string, int> value_indices;  // nominal labels, string values so far
    std::optional<ArffDateFormat> date_format;
  };

  absl::Status ParseHeaderLine(absl::string_view line);
  absl::Status ParseRelation(ArffLineScanner& scanner);
  absl::Status ParseAttribute(ArffLineScanner& scanner);
  absl::Status ParseAttributeType(ArffLineScanner& scanner, Attribute& attribute);
  absl::Status ParseNominalLabels(ArffLineScanner& scanner, Attribute& attribute);
  absl::StatusOr<AttributeLookup> MakeLookup(const Attribute& attribute);
  absl::Status ParseDataKeyword(ArffLineScanner& scanner);

  absl::Status ParseDataLine(absl::string_view line);
  absl::Status FillDense(const ArffDataRow& row, Instance& instance);
  absl::Status FillSparse(const ArffDataRow& row, Instance& instance);
  double AbsentSparseValue(int attribute);
  absl::StatusOr<double> ParseValue(int attribute, const ArffToken& token);
  double InternString(int attribute, const std::string& text);

  absl::Status AtLine(int line_number, absl::string_view message) const;

  std::string file_name_;
  int64_t max_values_;
  Section section_ = Section::kBeforeRelation;
  Dataset dataset_;
  std::unordered_set<std::string> attribute_names_;
  std::vector<AttributeLookup> lookups_;  // one per attribute
};

absl::StatusOr<Dataset> ArffParser::Parse(absl::string_view text) {
  int line_number = 0;
  int last_content_line = 1;
  for (absl::string_view line : SplitLines(text)) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line.front() == '%') continue;
    last_content_line = line_number;
    const absl::Status status =
        section_ == Section::kData ? ParseDataLine(line) : ParseHeaderLine(line);
    if (!status.ok()) return AtLine(line_number, status.message());
  }
  switch (section_) {
    case Section::kBeforeRelation:
      return AtLine(last_content_line, absl::StripAsciiWhitespace(text).empty()
                                           ? "the file is empty"
                                           : "missing @relation: the file holds only comments");
    case Section::kHeader:
      return AtLine(last_content_line, "missing @data after the header");
    case Section::kData:
      break;
  }
  dataset_.class_index = dataset_.num_attributes() - 1;
  return std::move(dataset_);
}

absl::Status ArffParser::ParseHeaderLine(absl::string_view line) {
  if (line.front() != '@') {
    return absl::InvalidArgumentError(section_ == Section::kBeforeRelation
                                          ? absl::StrCat("missing @relation before '", line, "'")
                                          : absl::StrCat("data before @data: '", line, "'"));
  }
  ArffLineScanner scanner(line);
  ASSIGN_OR_RETURN(const ArffToken keyword, scanner.ReadToken("a keyword"));
  const std::string name = absl::AsciiStrToLower(keyword.text);
  if (name == "@relation") return ParseRelation(scanner);
  if (section_ == Section::kBeforeRelation) {
    return absl::InvalidArgumentError(absl::StrCat("missing @relation before ", keyword.text));
  }
  if (name == "@attribute") return ParseAttribute(scanner);
  if (name == "@data") return ParseDataKeyword(scanner);
  return absl::InvalidArgumentError(absl::StrCat("unknown keyword '", keyword.text, "'"));
}

absl::Status ArffParser::ParseRelation(ArffLineScanner& scanner) {
  if (section_ != Section::kBeforeRelation) {
    return absl::InvalidArgumentError("a second @relation");
  }
  ASSIGN_OR_RETURN(ArffToken name, scanner.ReadToken("a relation name"));
  if (!scanner.AtEnd()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unexpected ", scanner.DescribeNext(), " after the relation name"));
  }
  dataset_.relation = std::move(name.text);
  section_ = Section::kHeader;
  return absl::OkStatus();
}

absl::Status ArffParser::ParseAttribute(ArffLineScanner& scanner) {
  Attribute attribute;
  ASSIGN_OR_RETURN(ArffToken name, scanner.ReadToken("an attribute name"));
  attribute.name = std::move(name.text);
  if (!attribute_names_.insert(attribute.name).second) {
    return absl::InvalidArgumentError(
        absl::StrCat("duplicate attribute name '", attribute.name, "'"));
  }
  RETURN_IF_ERROR(ParseAttributeType(scanner, attribute));
  if (!scanner.AtEnd()) {
    return absl::InvalidArgumentError(absl::StrCat("unexpected ", scanner.DescribeNext(),
                                                   " after the type of attribute '", attribute.name,
                                                   "'"));
  }
  ASSIGN_OR_RETURN(AttributeLookup lookup, MakeLookup(attribute));
  lookups_.push_back(std::move(lookup));
  dataset_.attributes.push_back(std::move(attribute));
  return absl::OkStatus();
}

absl::Status ArffParser::ParseAttributeType(ArffLineScanner& scanner, Attribute& attribute) {
  if (scanner.Consume('{')) {
    attribute.type = AttributeType::kNominal;
    return ParseNominalLabels(scanner, attribute);
  }
  ASSIGN_OR_RETURN(const ArffToken type,
                   scanner.ReadToken(absl::StrCat("a type for attribute '", attribute.name, "'")));
  const std::string type_name = absl::AsciiStrToLower(type.text);
  if (type_name == "numeric" || type_name == "real" || type_name == "integer") {
    attribute.type = AttributeType::kNumeric;
  } else if (type_name == "string") {
    attribute.type = AttributeType::kString;
  } else if (type_name == "date") {
    attribute.type = AttributeType::kDate;
    attribute.date_format = std::string(kDefaultDatePattern);
    if (!scanner.AtEnd()) {
      ASSIGN_OR_RETURN(ArffToken pattern, scanner.ReadToken("a date pattern"));
      attribute.date_format = std::move(pattern.text);
    }
  } else if (type_name == "relational") {
    return absl::InvalidArgumentError(absl::StrCat("relational attribute '", attribute.name,
                                                   "': relational attributes are not supported"));
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown type '", type.text, "' for attribute '", attribute.name, "'"));
  }
  return absl::OkStatus();
}

// Reads `a, b, 'c d'}`, the rest of a nominal declaration after its opening brace.
absl::Status ArffParser::ParseNominalLabels(ArffLineScanner& scanner, Attribute& attribute) {
  const std::string unterminated =
      absl::StrCat("unterminated nominal list of attribute '", attribute.name, "': missing '}'");
  if (scanner.Consume('}')) {
    return absl::InvalidArgumentError(
        absl::StrCat("nominal attribute '", attribute.name, "' declares no labels"));
  }
  while (true) {
    if (scanner.AtEnd()) return absl::InvalidArgumentError(unterminated);
    ASSIGN_OR_RETURN(ArffToken label, scanner.ReadToken("a nominal label"));
    attribute.values.push_back(std::move(label.text));
    if (scanner.Consume('}')) return absl::OkStatus();
    if (scanner.AtEnd()) return absl::InvalidArgumentError(unterminated);
    if (!scanner.Consume(',')) {
      return absl::InvalidArgumentError(
          absl::StrCat("expected ',' or '}' after label '", attribute.values.back(),
                       "' of attribute '", attribute.name, "', found ", scanner.DescribeNext()));
    }
  }
}

absl::StatusOr<ArffParser::AttributeLookup> ArffParser::MakeLookup(const Attribute& attribute) {
  AttributeLookup lookup;
  for (size_t i = 0; i < attribute.values.size(); ++i) {
    if (!lookup.value_indices.emplace(attribute.values[i], static_cast<int>(i)).second) {
      return absl::InvalidArgumentError(absl::StrCat("duplicate label '", attribute.values[i],
                                                     "' in attribute '", attribute.name, "'"));
    }
  }
  if (attribute.type == AttributeType::kDate) {
    absl::StatusOr<ArffDateFormat> format = ArffDateFormat::Compile(attribute.date_format);
    if (!format.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("bad date pattern '", attribute.date_format,
                                                     "' for attribute '", attribute.name,
                                                     "': ", format.status().message()));
    }
    lookup.date_format = *std::move(format);
  }
  return lookup;
}

absl::Status ArffParser::ParseDataKeyword(ArffLineScanner& scanner) {
  if (dataset_.attributes.empty()) {
    return absl::InvalidArgumentError("@data before any @attribute");
  }
  if (!scanner.AtEnd()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unexpected ", scanner.DescribeNext(), " after @data"));
  }
  section_ = Section::kData;
  return absl::OkStatus();
}

absl::Status ArffParser::ParseDataLine(absl::string_view line) {
  ASSIGN_OR_RETURN(const ArffDataRow row, SplitDataRow(line));
  const int64_t rows = dataset_.num_instances() + 1;
  if (rows * dataset_.num_attributes() > max_values_) {
    return absl::InvalidArgumentError(
        absl::StrCat("the data come to more than ", max_values_, " values (", rows, " rows x ",
                     dataset_.num_attributes(), " attributes; sparse rows are stored dense)"));
  }
  Instance instance;
  RETURN_IF_ERROR(row.sparse ? FillSparse(row, instance) : FillDense(row, instance));
  if (row.weight) {
    ASSIGN_OR_RETURN(instance.weight, ParseWeight(*row.weight));
  }
  dataset_.instances.push_back(std::move(instance));
  return absl::OkStatus();
}

absl::Status ArffParser::FillDense(const ArffDataRow& row, Instance& instance) {
  const int num_attributes = dataset_.num_attributes();
  if (static_cast<int>(row.values.size()) != num_attributes) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected ", num_attributes, " values, found ", row.values.size()));
  }
  instance.values.reserve(num_attributes);
  for (int a = 0; a < num_attributes; ++a) {
    ASSIGN_OR_RETURN(const double value, ParseValue(a, row.values[a]));
    instance.values.push_back(value);
  }
  return absl::OkStatus();
}

absl::Status ArffParser::FillSparse(const ArffDataRow& row, Instance& instance) {
  const int num_attributes = dataset_.num_attributes();
  instance.values.resize(num_attributes);
  int next = 0;  // the lowest index the next entry may have
  for (const ArffSparseEntry& entry : row.entries) {
    int index;
    if (entry.index.quoted || !absl::SimpleAtoi(entry.index.text, &index)) {
      return absl::InvalidArgumentError(
          absl::StrCat("malformed sparse entry: index '", entry.index.text, "' is not an integer"));
    }
    if (index < 0 || index >= num_attributes) {
      return absl::InvalidArgumentError(
          absl::StrCat("sparse index ", index, " is out of range 0..", num_attributes - 1));
    }
    if (index < next) {
      return absl::InvalidArgumentError(
          absl::StrCat("sparse indices must increase: ", index, " after ", next - 1));
    }
    for (; next < index; ++next) instance.values[next] = AbsentSparseValue(next);
    ASSIGN_OR_RETURN(instance.values[index], ParseValue(index, entry.value));
    next = index + 1;
  }
  for (; next < num_attributes; ++next) instance.values[next] = AbsentSparseValue(next);
  return absl::OkStatus();
}

double ArffParser::AbsentSparseValue(int attribute) {
  return dataset_.attributes[attribute].type == AttributeType::kString ? InternString(attribute, "")
                                                                       : 0.0;
}

absl::StatusOr<double> ArffParser::ParseValue(int attribute_index, const ArffToken& token) {
  if (!token.quoted && token.text == "?") return kMissingValue;
  const Attribute& attribute = dataset_.attributes[attribute_index];
  const AttributeLookup& lookup = lookups_[attribute_index];
  switch (attribute.type) {
    case AttributeType::kNumeric:
      if (const std::optional<double> number = ParseFiniteDouble(token.text)) return *number;
      return absl::InvalidArgumentError(absl::StrCat(
          "'", token.text, "' is not a number (attribute '", attribute.name, "' is numeric)"));
    case AttributeType::kNominal: {
      const auto label = lookup.value_indices.find(token.text);
      if (label != lookup.value_indices.end()) return label->second;
      return absl::InvalidArgumentError(absl::StrCat(
          "nominal value '", token.text, "' is not declared for attribute '", attribute.name, "'"));
    }
    case AttributeType::kString:
      return InternString(attribute_index, token.text);
    case AttributeType::kDate:
      if (const std::optional<double> millis = lookup.date_format->Parse(token.text)) {
        return *millis;
      }
      return absl::InvalidArgumentError(absl::StrCat("bad date '", token.text, "' for attribute '",
                                                     attribute.name, "': expected the format '",
                                                     attribute.date_format, "'"));
  }
  return absl::InternalError("unknown attribute type");
}

double ArffParser::InternString(int attribute, const std::string& text) {
  std::vector<std::string>& values = dataset_.attributes[attribute].values;
  const auto [entry, added] =
      lookups_[attribute].value_indices.emplace(text, static_cast<int>(values.size()));
  if (added) values.push_back(text);
  return entry->second;
}

absl::Status ArffParser::AtLine(int line_number, absl::string_view message) const {
  return ErrorAt(file_name_, line_number, message);
}

}  // namespace

absl::StatusOr<Dataset> ParseArff(absl::string_view text, absl::string_view file_name,
                                  int64_t max_values) {
  return ArffParser(file_name, max_values).Parse(text);
}

absl::StatusOr<Dataset> ReadArffFile(const std::string& path) {
  ASSIGN_OR_RETURN(const std::string text, ReadWholeFile(path));
  return ParseArff(text, path);
}

}  // namespace sentio
