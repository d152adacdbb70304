// Runs a `sentio` command's function on flags given as arguments, as the command line would, and
// captures what it prints: for the commands' tests.
#ifndef APPS_COMMAND_RUNNER_FOR_TEST_H_
#define APPS_COMMAND_RUNNER_FOR_TEST_H_

#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "apps/command_line.h"

namespace sentio {

using CommandFunction = absl::Status (*)(CommandLine& flags, std::ostream& out);

// Parses `args` (`--name=value` each), runs `command` and returns its status, its standard output
// in `output`. Arguments that do not parse are returned as the error.
absl::Status RunCommandForTest(CommandFunction command, const std::vector<std::string>& args,
                               std::string& output);

}  // namespace sentio

#endif  // APPS_COMMAND_RUNNER_FOR_TEST_H_
