// `--name=value` flags of a `sentio` command, with typed getters whose errors name the flag, and
// a list of the flags no getter asked for (so a misspelt flag is reported, not ignored).
#ifndef APPS_COMMAND_LINE_H_
#define APPS_COMMAND_LINE_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace sentio {

class CommandLine {
 public:
  // Every argument must be `--name=value` (or `--name`, meaning "true"); a name may appear once.
  static absl::StatusOr<CommandLine> Parse(const std::vector<std::string>& args);

  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  absl::StatusOr<std::string> GetRequired(const std::string& name);
  std::string GetString(const std::string& name, const std::string& default_value);
  absl::StatusOr<int64_t> GetInt(const std::string& name, int64_t default_value);
  absl::StatusOr<double> GetDouble(const std::string& name, double default_value);

  // The flags that no getter has read so far.
  std::map<std::string, std::string> Unread() const;
  // Fails naming the first flag no getter has read: commands call it once they have read theirs.
  absl::Status CheckAllRead() const;

 private:
  std::map<std::string, std::string> values_;
  std::set<std::string> read_;
};

}  // namespace sentio

#endif  // APPS_COMMAND_LINE_H_
