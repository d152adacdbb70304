#include "apps/run_command.h"

#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "apps/report/html_report.h"
#include "apps/report/run_report.h"
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
  const std::string report_dir = flags.GetString("report", "");
  RETURN_IF_ERROR(flags.CheckAllRead());
  if (report_dir.empty()) return RunGraphFile(graph, static_cast<int>(threads), overrides, out);
  report::RunRecorder recorder;
  RETURN_IF_ERROR(RunGraphFile(graph, static_cast<int>(threads), overrides, out, std::cerr,
                               recorder.Observer()));
  ASSIGN_OR_RETURN(const std::string page,
                   recorder.Write(report_dir, report::CommandText("run", flags.args())));
  // The graph's report line stays last for scripts; the page goes to standard error.
  std::cerr << "Report: " << page << "\n";
  return absl::OkStatus();
}

absl::Status RunStagesCommand(CommandLine& flags, std::ostream& out) {
  RETURN_IF_ERROR(flags.CheckAllRead());
  PrintStageList(StageRegistry::Global(), out);
  out << "stages=" << StageRegistry::Global().Names().size() << "\n";
  return absl::OkStatus();
}

}  // namespace sentio
