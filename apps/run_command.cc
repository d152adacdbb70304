#include "apps/run_command.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "sensing/graph_file_runner.h"

namespace sentio {

absl::Status RunRunCommand(CommandLine& flags, std::ostream& out) {
  ASSIGN_OR_RETURN(std::string graph, flags.GetRequired("graph"));
  ASSIGN_OR_RETURN(int64_t threads, flags.GetInt("threads", 0));
  if (threads < 0 || threads > 1024) {
    return absl::InvalidArgumentError(
        absl::StrCat("--threads=", threads, ": expected 0 (all cores) to 1024"));
  }
  RETURN_IF_ERROR(flags.CheckAllRead());
  return RunGraphFile(graph, static_cast<int>(threads), out);
}

}  // namespace sentio
