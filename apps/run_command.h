// `sentio run --graph=F.pbtxt [--threads=N] [--set=NODE.OPTION=VALUE ...]`: runs a streaming graph
// config with every stage the `sentio` binary links, options overridden by --set; the last line is
// whatever the graph's report stage prints last.
// `sentio stages`: every stage type a graph run by `sentio run` may name, with its ports, payload
// types and options; last line stages=N.
#ifndef APPS_RUN_COMMAND_H_
#define APPS_RUN_COMMAND_H_

#include <ostream>

#include "absl/status/status.h"
#include "apps/command_line.h"

namespace sentio {

absl::Status RunRunCommand(CommandLine& flags, std::ostream& out);
absl::Status RunStagesCommand(CommandLine& flags, std::ostream& out);

}  // namespace sentio

#endif  // APPS_RUN_COMMAND_H_
