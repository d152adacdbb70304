// Classification by a threshold rule tree written by hand in a text file (protobuf text format,
// classifiers/rule_tree.proto): tests such as `dim_0.std < 0.5` name numeric attributes, leaves
// name class labels. Registered as the classifier "rules" with the option rules=PATH. Training
// learns nothing: it checks the rules against the data's attributes and classes, naming the line
// of a rule that does not fit. Distributions are one-hot.
#ifndef CLASSIFIERS_RULE_TREE_H_
#define CLASSIFIERS_RULE_TREE_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "classifiers/classifier.h"
#include "classifiers/rule_tree.pb.h"

namespace sentio {

// One node of a rule file: a test with two branches or a leaf with a label.
struct Rule {
  int line = 0;  // in the rule file, from 1
  bool is_leaf = false;
  std::string label;  // leaf
  // Test: `attribute op threshold` holds -> rules[then_rule], else rules[else_rule].
  std::string attribute;
  RuleTest::Op op = RuleTest::LESS;
  double threshold = 0;
  int then_rule = -1, else_rule = -1;
};

// A parsed rule file; rules[0] is the root.
struct RuleFile {
  std::string path;
  std::vector<Rule> rules;
};

// Parses `text`, the content of the rule file `path`. Errors name the file and line: a syntax
// error, a node with neither `if` nor `label`, a test without an attribute, a branch or a finite
// threshold, an empty label.
absl::StatusOr<RuleFile> ParseRuleFile(absl::string_view text, absl::string_view path);
absl::StatusOr<RuleFile> ReadRuleFile(const std::string& path);

class RuleTreeClassifier : public Classifier {
 public:
  explicit RuleTreeClassifier(std::shared_ptr<const RuleFile> rules) : rules_(std::move(rules)) {}

  // Checks that every test names a numeric attribute of `data` (not the class) and every leaf a
  // class label; errors name the file and the rule's line.
  absl::Status Train(const Dataset& data) override;
  // One-hot on the label the rules reach; fails naming the attribute when a tested value is
  // missing.
  absl::StatusOr<std::vector<double>> Distribution(const Instance& instance) const override;
  std::string Describe() const override;

 private:
  std::shared_ptr<const RuleFile> rules_;
  // After training, per rule: the attribute index of a test or the class index of a leaf.
  std::vector<int> resolved_;
  int num_attributes_ = 0;
  int num_classes_ = 0;
};

// Makes rule classifiers from settings by name, as the classifier registry passes them: `rules`,
// the path of the rule file, which is read and parsed now.
absl::StatusOr<ClassifierFactory> RuleTreeFactoryFromOptions(
    const std::map<std::string, std::string>& options);

}  // namespace sentio

#endif  // CLASSIFIERS_RULE_TREE_H_
