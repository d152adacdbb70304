// `sentio run --graph=F.pbtxt [--threads=N]`: runs a streaming graph config with every stage the
// `sentio` binary links; the last line is whatever the graph's report stage prints last.
#ifndef APPS_RUN_COMMAND_H_
#define APPS_RUN_COMMAND_H_

#include <ostream>

#include "absl/status/status.h"
#include "apps/command_line.h"

namespace sentio {

absl::Status RunRunCommand(CommandLine& flags, std::ostream& out);

}  // namespace sentio

#endif  // APPS_RUN_COMMAND_H_
