// The `sentio` command line (contract in DESIGN.md): `sentio <command> --flag=value ...`.
// Each command prints a human summary whose last line is the `key=value` figure scripts read.
#include <iostream>
#include <string>
#include <vector>

#include "apps/command_line.h"
#include "apps/eval_command.h"

namespace {

constexpr char kUsage[] =
    "usage: sentio <command> [--flag=value ...]\n"
    "commands:\n"
    "  eval --data=F [--test=F2] [--classifier=knn] [--folds=10] [--seed=1]\n"
    "       [--window=N --hop=N --rate_hz=R (for .ts)] [classifier options, e.g. --k=3]\n"
    "       train and measure a classifier on .arff, .csv or UEA .ts data; last line accuracy=\n";

int Run(const std::string& command, const std::vector<std::string>& args) {
  absl::StatusOr<sentio::CommandLine> flags = sentio::CommandLine::Parse(args);
  absl::Status status = flags.status();
  if (status.ok()) {
    if (command == "eval") {
      status = sentio::RunEvalCommand(*flags, std::cout);
    } else {
      std::cerr << "sentio: unknown command '" << command << "'\n" << kUsage;
      return 2;
    }
  }
  if (!status.ok()) {
    std::cerr << "sentio " << command << ": " << status.message() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "help" || std::string(argv[1]) == "--help") {
    std::cerr << kUsage;
    return argc < 2 ? 2 : 0;
  }
  return Run(argv[1], std::vector<std::string>(argv + 2, argv + argc));
}
