// The report of `sentio cnn profile`: per step of the engine's profile its node, op (with a fused
// activation after '+'), kernel, output shape, median milliseconds, GFLOPS and share of the total,
// as a table (slowest first, then the time per op, last line total_ms=) and as JSON (in run
// order). Floating-point operations as cnn/ir/node_flops.h counts them; ops that only move data
// have none (their GFLOPS print as "-", null in JSON).
#ifndef APPS_CNN_PROFILE_REPORT_H_
#define APPS_CNN_PROFILE_REPORT_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cnn/engine/engine.h"
#include "cnn/ir/model.pb.h"
#include "cnn/ir/tensor.h"

namespace sentio {

struct ProfileRow {
  cnn::engine::NodeTiming step;  // its milliseconds: the median over the timed runs
  cnn::Shape output_shape;       // empty when the model does not say
  double flops = 0;              // of the node (and its fused activation), 0 when unknown
};

// The rows of `steps` (with `medians`, one per step) for `model`, whose value_info holds the
// inferred shapes (a model after loading; its weights' values are not needed).
std::vector<ProfileRow> MakeProfileRows(const cnn::Model& model,
                                        const std::vector<cnn::engine::NodeTiming>& steps,
                                        const std::vector<double>& medians);

// The table, then "Per op:", then `total_ms=` with `total_ms` (the median run's total).
void WriteProfileTable(const std::vector<ProfileRow>& rows, double total_ms, std::ostream& out);

// {"engine": ..., "total_ms": ..., "steps": [{"node", "op", "kernel", "output_shape", "ms",
// "gflops", "share"}, ...]} in run order.
std::string ProfileJson(const std::vector<ProfileRow>& rows, double total_ms,
                        const std::string& engine);

// `--report=DIR`: DIR/index.html with the engine and total, the time of every step in run order
// and the time per op as bar charts, and the table; returns the page's path.
absl::StatusOr<std::string> WriteProfileReport(const std::string& directory,
                                               const std::string& command,
                                               const std::vector<ProfileRow>& rows, double total_ms,
                                               const std::string& engine);

}  // namespace sentio

#endif  // APPS_CNN_PROFILE_REPORT_H_
