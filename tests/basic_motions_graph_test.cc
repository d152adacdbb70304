// End to end: apps/har/basic_motions.pbtxt run as a streaming graph on the real BasicMotions data
// prints the same report as the batch evaluation behind `sentio eval`, whatever the thread count.
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>

#include "absl/strings/str_format.h"
#include "apps/har/series_evaluation.h"
#include "classifiers/classifier_registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/graph_file_runner.h"
#include "sensing/ts_reader.h"

namespace sentio {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;

namespace fs = std::filesystem;

class BasicMotionsGraphTest : public ::testing::Test {
 protected:
  // The graph reads ../shared/data/har/... from the working directory, as from the repository
  // root; here a scratch folder stands in for the repository, next to a link to the runfiles' data.
  static void SetUpTestSuite() {
    const fs::path runfiles = fs::current_path();
    graph_ = new std::string(runfiles / "apps/har/basic_motions.pbtxt");
    data_ = new std::string(runfiles / "external/shared_data");
    const fs::path scratch = fs::path(std::getenv("TEST_TMPDIR")) / "graph_e2e";
    fs::create_directories(scratch / "repository");
    fs::create_directories(scratch / "shared");
    std::error_code ignored;
    fs::create_directory_symlink(*data_, scratch / "shared" / "data", ignored);
    fs::current_path(scratch / "repository");
  }

  static std::string* graph_;
  static std::string* data_;
};

std::string* BasicMotionsGraphTest::graph_ = nullptr;
std::string* BasicMotionsGraphTest::data_ = nullptr;

// What the run printed, then the stream summary (on diagnostics).
std::string RunGraph(const std::string& graph, int threads) {
  std::ostringstream out, diagnostics;
  absl::Status status = RunGraphFile(graph, threads, {}, out, diagnostics);
  EXPECT_TRUE(status.ok()) << status;
  return out.str() + diagnostics.str();
}

TEST_F(BasicMotionsGraphTest, ReportMatchesBatchEvaluation) {
  TsReadOptions options;
  options.sample_rate_hz = 10;
  absl::StatusOr<TimeSeriesDataset> train =
      ReadTsFile(*data_ + "/har/BasicMotions_TRAIN.ts", options);
  absl::StatusOr<TimeSeriesDataset> test =
      ReadTsFile(*data_ + "/har/BasicMotions_TEST.ts", options);
  ASSERT_TRUE(train.ok() && test.ok());
  absl::StatusOr<ClassifierFactory> knn = ClassifierFactoryFor("knn", {{"k", "1"}});
  ASSERT_TRUE(knn.ok());
  absl::StatusOr<ConfusionMatrix> batch =
      EvaluateSeriesOnTestSet(*knn, *train, *test, WindowSpec{50, 25});
  ASSERT_TRUE(batch.ok()) << batch.status();

  const std::string output = RunGraph(*graph_, 2);
  EXPECT_THAT(output, HasSubstr("Scored 40 labelled segments from 120 window predictions"));
  EXPECT_THAT(output, HasSubstr("  windows: 120, 120, 0;"));
  EXPECT_THAT(output, HasSubstr("Dropped packets: 0\n"));
  EXPECT_THAT(output, HasSubstr(batch->Report() +
                                absl::StrFormat("accuracy=%.4f\nStreams (", batch->accuracy())));
  EXPECT_GE(batch->accuracy(), 0.9);
}

// What the report stage printed; the stream summary after it records timing-dependent queue depths.
std::string Report(const std::string& output) {
  const size_t start = output.find("Scored ");
  const size_t end = output.find("Streams (");
  return start == std::string::npos ? "" : output.substr(start, end - start);
}

TEST_F(BasicMotionsGraphTest, SameReportWithOneOrManyThreads) {
  const std::string one = Report(RunGraph(*graph_, 1));
  ASSERT_THAT(one, HasSubstr("\naccuracy="));
  EXPECT_EQ(Report(RunGraph(*graph_, 4)), one);
  EXPECT_EQ(Report(RunGraph(*graph_, 0)), one);
}

}  // namespace
}  // namespace sentio
