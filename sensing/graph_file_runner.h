// Runs the graph config in a file with the stages linked into this binary: reads, validates and
// runs it. What the stages print goes to `out` as they print it (a report stage's `key=value` line
// comes last); the graph's nodes are listed on `out` before the run, and the summary of every
// stream (packets produced, consumed, dropped) goes to `diagnostics` after it. Ctrl-C (SIGINT)
// during the run cancels it orderly: every node is closed and the result is a Cancelled error.
// Shared by `sentio run` and the binaries of sentio_pipeline (sensing/pipeline.bzl).
#ifndef SENSING_GRAPH_FILE_RUNNER_H_
#define SENSING_GRAPH_FILE_RUNNER_H_

#include <iostream>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "sensing/graph_runner.h"

namespace sentio {

// `threads` 0 means the hardware concurrency. `overrides` ("NODE.OPTION=VALUE", see
// sensing/graph_option_overrides.h) change the file's options before validation. File paths in
// the graph's options are read as they are, so relative ones are relative to the working
// directory.
// `observer` (sensing/graph_runner.h) sees every packet of the run.
absl::Status RunGraphFile(const std::string& path, int threads,
                          const std::vector<std::string>& overrides, std::ostream& out,
                          std::ostream& diagnostics = std::cerr,
                          const PacketObserver& observer = nullptr);

}  // namespace sentio

#endif  // SENSING_GRAPH_FILE_RUNNER_H_
