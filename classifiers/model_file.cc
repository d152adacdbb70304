#include "classifiers/model_file.h"

#include <google/protobuf/text_format.h>

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/file_reading.h"
#include "base/file_writing.h"
#include "base/status_macros.h"
#include "sensing/text_proto.h"

namespace sentio {
namespace {

bool IsTextPath(absl::string_view path) { return absl::EndsWithIgnoreCase(path, ".pbtxt"); }


AttributeHeader::Type ToProto(AttributeType type) {
  switch (type) {
    case AttributeType::kNumeric:
      return AttributeHeader::NUMERIC;
    case AttributeType::kNominal:
      return AttributeHeader::NOMINAL;
    case AttributeType::kString:
      return AttributeHeader::STRING;
    case AttributeType::kDate:
      return AttributeHeader::DATE;
  }
  return AttributeHeader::NUMERIC;
}

absl::StatusOr<AttributeType> FromProto(int type, absl::string_view attribute) {
  switch (type) {
    case AttributeHeader::NUMERIC:
      return AttributeType::kNumeric;
    case AttributeHeader::NOMINAL:
      return AttributeType::kNominal;
    case AttributeHeader::STRING:
      return AttributeType::kString;
    case AttributeHeader::DATE:
      return AttributeType::kDate;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("attribute '", attribute, "' has unknown type ", type));
}

// The header of a classification data set: named attributes, a nominal class with labels.
absl::StatusOr<Dataset> HeaderFromProto(const DatasetHeader& saved) {
  Dataset header;
  header.relation = saved.relation();
  std::set<std::string> names;
  for (const AttributeHeader& attribute : saved.attributes()) {
    if (attribute.name().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("attribute ", header.num_attributes() + 1, " has no name"));
    }
    if (!names.insert(attribute.name()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("attribute '", attribute.name(), "' appears twice"));
    }
    Attribute& restored = header.attributes.emplace_back();
    restored.name = attribute.name();
    ASSIGN_OR_RETURN(restored.type, FromProto(attribute.type(), attribute.name()));
    restored.values.assign(attribute.values().begin(), attribute.values().end());
    restored.date_format = attribute.date_format();
  }
  header.class_index = saved.class_index();
  if (header.class_index < 0 || header.class_index >= header.num_attributes()) {
    return absl::InvalidArgumentError(absl::StrCat("class index ", header.class_index,
                                                   " is not one of the ", header.num_attributes(),
                                                   " attributes"));
  }
  RETURN_IF_ERROR(header.ValidateForClassification());
  if (header.num_classes() == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("class attribute '", header.class_attribute().name, "' has no labels"));
  }
  return header;
}

absl::StatusOr<ModelFile> ParseModelFile(const std::string& content, const std::string& path) {
  ModelFile model;
  if (IsTextPath(path)) {
    RETURN_IF_ERROR(ParseTextProto(content, path, &model));
    return model;
  }
  if (!model.ParseFromString(content)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path,
                     ": not a binary model file (corrupt or truncated; a text-format model "
                     "file must end in .pbtxt)"));
  }
  return model;
}

}  // namespace

absl::StatusOr<ModelFile> MakeModelFile(const Dataset& training_data,
                                        absl::string_view classifier_name,
                                        const ClassifierOptions& options,
                                        const Classifier& classifier) {
  ModelFile model;
  DatasetHeader& header = *model.mutable_header();
  header.set_relation(training_data.relation);
  for (const Attribute& attribute : training_data.attributes) {
    AttributeHeader& saved = *header.add_attributes();
    saved.set_name(attribute.name);
    saved.set_type(ToProto(attribute.type));
    for (const std::string& value : attribute.values) saved.add_values(value);
    saved.set_date_format(attribute.date_format);
  }
  header.set_class_index(training_data.class_index);
  model.set_classifier(std::string(classifier_name));
  for (const auto& [name, value] : options) (*model.mutable_options())[name] = value;
  RETURN_IF_ERROR(classifier.SaveState(model.mutable_state()));
  return model;
}

absl::Status WriteModelFile(const ModelFile& model, const std::string& path) {
  std::string content;
  if (IsTextPath(path)) {
    if (!google::protobuf::TextFormat::PrintToString(model, &content)) {
      return absl::InternalError(absl::StrCat(path, ": cannot print the model as text"));
    }
  } else if (!model.SerializeToString(&content)) {
    return absl::InternalError(absl::StrCat(path, ": cannot serialise the model"));
  }
  return WriteWholeFile(path, content);
}

absl::StatusOr<LoadedModel> LoadModelFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::string content, ReadWholeFile(path));
  if (content.empty()) return absl::InvalidArgumentError(absl::StrCat(path, ": empty model file"));
  ASSIGN_OR_RETURN(ModelFile model, ParseModelFile(content, path));
  absl::StatusOr<Dataset> header = HeaderFromProto(model.header());
  if (!header.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": bad training header: ", header.status().message()));
  }
  LoadedModel loaded;
  loaded.header = *std::move(header);
  loaded.classifier_name = model.classifier();
  for (const auto& [name, value] : model.options()) loaded.options[name] = value;
  absl::StatusOr<std::unique_ptr<Classifier>> classifier =
      RestoreClassifier(loaded.classifier_name, loaded.options, loaded.header, model.state());
  if (!classifier.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", classifier.status().message()));
  }
  loaded.classifier = *std::move(classifier);
  return loaded;
}

}  // namespace sentio
