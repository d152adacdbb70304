#include "apps/run_command.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "sensing/graph_file_runner.h"
#include "sensing/stage_listing.h"
#include "sensing/stage_registry.h"

namespace sentio {

absl::Status RunRunCommand(CommandLine& flags, std::ostream& out) {
  ASSIGN_OR_RETURN(std::string graph, flags.GetRequired("graph"));
  ASSIGN_OR_RETURN(int64_t threads, flags.GetInt("threads", 0));
  if (threads < 0 || threads > 1024) {
    return absl::InvalidArgumentError(
        absl::StrCat("--threads=", threads, ": expected 0 (all cores) to 1024"));
  }
  const std::vector<std::string> overrides = flags.GetAll("set");
  RETURN_IF_ERROR(flags.CheckAllRead());
  return RunGraphFile(graph, static_cast<int>(threads), overrides, out);
}

absl::Status RunStagesCommand(CommandLine& flags, std::ostream& out) {
  RETURN_IF_ERROR(flags.CheckAllRead());
  PrintStageList(StageRegistry::Global(), out);
  out << "stages=" << StageRegistry::Global().Names().size() << "\n";
  return absl::OkStatus();
}

}  // namespace sentio
