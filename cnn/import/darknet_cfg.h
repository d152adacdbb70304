// Parsing Darknet .cfg network descriptions: `[section]` headers, each followed by `key=value`
// lines; blank lines and lines starting with '#' or ';' are comments, and whitespace anywhere in a
// line is ignored (as Darknet's own reader does). `SectionOptions` reads typed values and reports
// the keys nobody asked for, so that a cfg with an option the importer does not understand fails
// instead of being silently misread. Errors name the file and line.
#ifndef CNN_IMPORT_DARKNET_CFG_H_
#define CNN_IMPORT_DARKNET_CFG_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace sentio::cnn::import {

struct DarknetSection {
  std::string type;  // "net", "convolutional", ... (without the brackets)
  int line = 0;      // of the `[type]` header
  struct Option {
    std::string value;
    int line = 0;
  };
  std::map<std::string, Option> options;
};

absl::StatusOr<std::vector<DarknetSection>> ParseDarknetCfg(absl::string_view text,
                                                            absl::string_view file_name);

// Typed access to one section's options; each read marks its key as understood.
class SectionOptions {
 public:
  SectionOptions(const DarknetSection& section, absl::string_view file_name)
      : section_(section), file_name_(file_name) {}

  absl::StatusOr<int> Int(const std::string& key, int default_value);
  absl::StatusOr<int> RequiredInt(const std::string& key);
  absl::StatusOr<float> Float(const std::string& key, float default_value);
  absl::StatusOr<std::string> String(const std::string& key, const std::string& default_value);
  // Comma-separated lists; a missing key gives an empty list.
  absl::StatusOr<std::vector<int>> Ints(const std::string& key);
  absl::StatusOr<std::vector<float>> Floats(const std::string& key);

  // An error at the line of `key` (the section header when the key is absent).
  absl::Status ErrorAt(const std::string& key, absl::string_view message) const;
  // An error at the section header.
  absl::Status Error(absl::string_view message) const;
  // The line of the section header.
  int line() const { return section_.line; }

  // Fails on the first key that was neither read nor is in `ignored` (training-only options).
  absl::Status CheckAllUnderstood(const std::set<std::string>& ignored) const;

 private:
  const DarknetSection::Option* Find(const std::string& key);

  const DarknetSection& section_;
  std::string file_name_;
  std::set<std::string> read_;
};

}  // namespace sentio::cnn::import

#endif  // CNN_IMPORT_DARKNET_CFG_H_
