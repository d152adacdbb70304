// The main of a sentio_pipeline binary (sensing/pipeline.bzl): runs the pipeline's graph, or the
// one given by --graph=F, with --threads=N (default: the hardware concurrency) and any number of
// --set=NODE.OPTION=VALUE overrides.
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "sensing/graph_file_runner.h"

// Defined in the source file that sentio_pipeline generates.
extern const char kPipelineGraph[];

int main(int argc, char** argv) {
  std::string graph = kPipelineGraph;
  int threads = 0;
  std::vector<std::string> overrides;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (absl::StartsWith(arg, "--graph=")) {
      graph = arg.substr(8);
    } else if (absl::StartsWith(arg, "--set=")) {
      overrides.push_back(arg.substr(6));
    } else if (absl::StartsWith(arg, "--threads=") && absl::SimpleAtoi(arg.substr(10), &threads) &&
               threads >= 0) {
      continue;
    } else {
      std::cerr << argv[0] << ": unknown or malformed flag '" << arg
                << "' (usage: [--graph=F.pbtxt] [--threads=N] [--set=NODE.OPTION=VALUE ...])\n";
      return 2;
    }
  }
  absl::Status status = sentio::RunGraphFile(graph, threads, overrides, std::cout);
  if (!status.ok()) {
    std::cerr << argv[0] << ": " << status.message() << "\n";
    return 1;
  }
  return 0;
}
