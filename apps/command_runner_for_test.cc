#include "apps/command_runner_for_test.h"

#include <sstream>

namespace sentio {

absl::Status RunCommandForTest(CommandFunction command, const std::vector<std::string>& args,
                               std::string& output) {
  output.clear();
  absl::StatusOr<CommandLine> flags = CommandLine::Parse(args);
  if (!flags.ok()) return flags.status();
  std::ostringstream out;
  absl::Status status = command(*flags, out);
  output = out.str();
  return status;
}

}  // namespace sentio
