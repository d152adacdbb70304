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
  // Every argument must be `--name=value` (or `--name`, meaning "true"). A name may be repeated
  // only for flags read with GetAll; CheckAllRead reports one given twice for a single value.
  static absl::StatusOr<CommandLine> Parse(const std::vector<std::string>& args);

  // The arguments as given, e.g. for a report to show the command that made it.
  const std::vector<std::string>& args() const { return args_; }

  bool Has(const std::string& name) const {
    asked_.insert(name);
    return values_.count(name) > 0;
  }
  absl::StatusOr<std::string> GetRequired(const std::string& name);
  std::string GetString(const std::string& name, const std::string& default_value);
  absl::StatusOr<int64_t> GetInt(const std::string& name, int64_t default_value);
  absl::StatusOr<double> GetDouble(const std::string& name, double default_value);
  // Every value of a repeatable flag, in command-line order (empty when absent).
  std::vector<std::string> GetAll(const std::string& name);

  // The flags that no getter has read so far; fails on a flag given twice that is not read with
  // GetAll.
  absl::StatusOr<std::map<std::string, std::string>> Unread() const;
  // Fails naming the first flag no getter has read, or one read as a single value but given more
  // than once: commands call it once they have read theirs.
  absl::Status CheckAllRead() const;

 private:
  // The first value, or nullptr when absent; marks `name` read as a single value.
  const std::string* ReadSingle(const std::string& name);
  // Fails naming a flag given more than once that is not read with GetAll.
  absl::Status CheckRepeats() const;

  std::vector<std::string> args_;
  std::map<std::string, std::vector<std::string>> values_;
  std::set<std::string> read_;
  // Every name a getter or Has asked about: the flags the command knows, for error messages.
  mutable std::set<std::string> asked_;
  std::set<std::string> read_as_list_;
};

}  // namespace sentio

#endif  // APPS_COMMAND_LINE_H_
