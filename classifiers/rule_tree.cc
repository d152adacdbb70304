#include "classifiers/rule_tree.h"

#include <google/protobuf/text_format.h>

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/file_reading.h"
#include "base/status_macros.h"
#include "base/text_parsing.h"
#include "sensing/text_proto.h"

namespace sentio {
namespace {

using google::protobuf::TextFormat;


// The line (from 1) of the singular field `name` of `message` as `info` recorded it, or
// `fallback` when the field does not appear.
int LineOf(const google::protobuf::Message& message, const char* name,
           const TextFormat::ParseInfoTree* info, int fallback) {
  const google::protobuf::FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(name);
  if (info == nullptr) return fallback;
  const TextFormat::ParseLocation location = info->GetLocation(field, -1);
  return location.line < 0 ? fallback : location.line + 1;
}

const TextFormat::ParseInfoTree* NestedInfo(const google::protobuf::Message& message,
                                            const char* name,
                                            const TextFormat::ParseInfoTree* info) {
  if (info == nullptr) return nullptr;
  return info->GetTreeForNested(message.GetDescriptor()->FindFieldByName(name), -1);
}

// Appends `node` and its subtree to `file.rules`, returning the index of `node`. `line` is where
// the node's enclosing field starts.
absl::StatusOr<int> Flatten(const RuleNode& node, const TextFormat::ParseInfoTree* info, int line,
                            RuleFile& file) {
  const int index = static_cast<int>(file.rules.size());
  file.rules.emplace_back();
  switch (node.node_case()) {
    case RuleNode::kLabel: {
      Rule& rule = file.rules[index];
      rule.line = LineOf(node, "label", info, line);
      rule.is_leaf = true;
      rule.label = node.label();
      if (rule.label.empty()) return ErrorAt(file.path, rule.line, "empty label");
      return index;
    }
    case RuleNode::kIf: {
      const RuleTest& test = node.if_();
      const int test_line = LineOf(node, "if", info, line);
      const TextFormat::ParseInfoTree* test_info = NestedInfo(node, "if", info);
      file.rules[index].line = test_line;
      if (test.attribute().empty()) {
        return ErrorAt(file.path, test_line, "the test names no attribute");
      }
      if (!std::isfinite(test.threshold())) {
        return ErrorAt(file.path, test_line,
                       absl::StrCat("threshold of '", test.attribute(), "' is not finite"));
      }
      if (!test.has_then() || !test.has_else_()) {
        return ErrorAt(file.path, test_line,
                       absl::StrCat("the test of '", test.attribute(),
                                    "' needs both a `then` and an `else` branch"));
      }
      ASSIGN_OR_RETURN(const int then_rule,
                       Flatten(test.then(), NestedInfo(test, "then", test_info),
                               LineOf(test, "then", test_info, test_line), file));
      ASSIGN_OR_RETURN(const int else_rule,
                       Flatten(test.else_(), NestedInfo(test, "else", test_info),
                               LineOf(test, "else", test_info, test_line), file));
      Rule& rule = file.rules[index];
      rule.attribute = test.attribute();
      rule.op = test.op();
      rule.threshold = test.threshold();
      rule.then_rule = then_rule;
      rule.else_rule = else_rule;
      return index;
    }
    case RuleNode::NODE_NOT_SET:
      break;
  }
  return ErrorAt(file.path, line, "a rule needs either `if` or `label`");
}

bool Holds(RuleTest::Op op, double value, double threshold) {
  switch (op) {
    case RuleTest::LESS:
      return value < threshold;
    case RuleTest::LESS_OR_EQUAL:
      return value <= threshold;
    case RuleTest::GREATER:
      return value > threshold;
    case RuleTest::GREATER_OR_EQUAL:
      return value >= threshold;
    default:
      return false;
  }
}

}  // namespace

absl::StatusOr<RuleFile> ParseRuleFile(absl::string_view text, absl::string_view path) {
  TextFormat::ParseInfoTree info;
  TextProtoOptions options;
  options.locations = &info;
  RuleNode root;
  RETURN_IF_ERROR(ParseTextProto(text, path, &root, options));
  RuleFile file;
  file.path = std::string(path);
  RETURN_IF_ERROR(Flatten(root, &info, 1, file).status());
  return file;
}

absl::StatusOr<RuleFile> ReadRuleFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  return ParseRuleFile(text, path);
}

absl::Status RuleTreeClassifier::Train(const Dataset& data) {
  RETURN_IF_ERROR(data.ValidateForClassification());
  std::vector<int> resolved;
  for (const Rule& rule : rules_->rules) {
    if (rule.is_leaf) {
      const int c = data.class_attribute().IndexOf(rule.label);
      if (c < 0) {
        return ErrorAt(
            rules_->path, rule.line,
            absl::StrCat("label '", rule.label, "' is not a class of '", data.relation, "' (",
                         absl::StrJoin(data.class_attribute().values, ", "), ")"));
      }
      resolved.push_back(c);
      continue;
    }
    int attribute = -1;
    for (int a = 0; a < data.num_attributes(); ++a) {
      if (data.attributes[a].name == rule.attribute) attribute = a;
    }
    if (attribute < 0 || attribute == data.class_index) {
      return ErrorAt(rules_->path, rule.line,
                     absl::StrCat("'", rule.attribute, "' is not an attribute of '", data.relation,
                                  "'", attribute < 0 ? "" : " but its class"));
    }
    if (data.attributes[attribute].type != AttributeType::kNumeric) {
      return ErrorAt(rules_->path, rule.line,
                     absl::StrCat("'", rule.attribute, "' is a ",
                                  AttributeTypeName(data.attributes[attribute].type),
                                  " attribute; rules test numeric ones"));
    }
    resolved.push_back(attribute);
  }
  resolved_ = std::move(resolved);
  num_attributes_ = data.num_attributes();
  num_classes_ = data.num_classes();
  return absl::OkStatus();
}

absl::StatusOr<std::vector<double>> RuleTreeClassifier::Distribution(
    const Instance& instance) const {
  if (resolved_.empty()) return absl::FailedPreconditionError("the rules are not trained");
  if (static_cast<int>(instance.values.size()) != num_attributes_) {
    return absl::InvalidArgumentError(absl::StrCat("rules: instance has ", instance.values.size(),
                                                   " values, the training data ", num_attributes_,
                                                   " attributes"));
  }
  int r = 0;
  while (!rules_->rules[r].is_leaf) {
    const Rule& rule = rules_->rules[r];
    const double value = instance.values[resolved_[r]];
    if (IsMissing(value)) {
      return ErrorAt(rules_->path, rule.line,
                     absl::StrCat("the instance has no value for '", rule.attribute, "'"));
    }
    r = Holds(rule.op, value, rule.threshold) ? rule.then_rule : rule.else_rule;
  }
  std::vector<double> distribution(num_classes_, 0.0);
  distribution[resolved_[r]] = 1;
  return distribution;
}

std::string RuleTreeClassifier::Describe() const {
  int tests = 0;
  for (const Rule& rule : rules_->rules) tests += !rule.is_leaf;
  return absl::StrCat("hand-written rules (", rules_->path, ": ", tests, " tests, ",
                      rules_->rules.size() - tests, " leaves)");
}

absl::StatusOr<ClassifierFactory> RuleTreeFactoryFromOptions(
    const std::map<std::string, std::string>& options) {
  for (const auto& [name, value] : options) {
    if (name != "rules") {
      return absl::InvalidArgumentError(
          absl::StrCat("classifier 'rules' has no option '", name, "' (it accepts: rules)"));
    }
  }
  auto it = options.find("rules");
  if (it == options.end()) {
    return absl::InvalidArgumentError(
        "classifier 'rules' needs the option rules=PATH (a rule file in protobuf text format)");
  }
  ASSIGN_OR_RETURN(RuleFile file, ReadRuleFile(it->second));
  auto rules = std::make_shared<const RuleFile>(std::move(file));
  return ClassifierFactory([rules]() -> absl::StatusOr<std::unique_ptr<Classifier>> {
    return std::make_unique<RuleTreeClassifier>(rules);
  });
}

}  // namespace sentio
