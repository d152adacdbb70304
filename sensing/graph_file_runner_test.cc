#include "sensing/graph_file_runner.h"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;

// Emits `count` labels (0: without end) and prints how many at Close.
class LabelSource : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.outputs = {{"LABELS", PayloadType::kSegmentLabel}};
    contract.options = {{"count", OptionType::kInt, true, std::nullopt}};
    return contract;
  }
  absl::Status Process(StageContext& context) override {
    context.Emit(0, Packet::Make(next_, SegmentLabel{"x", next_}));
    if (++next_ == context.GetInt("count")) context.MarkSourceDone();
    return absl::OkStatus();
  }
  absl::Status Close(StageContext& context) override {
    context.out() << "emitted=" << next_ << "\n";
    return absl::OkStatus();
  }

 private:
  int64_t next_ = 0;
};

SENTIO_REGISTER_STAGE(LabelSource);

std::string WriteGraph(const std::string& name, const std::string& text) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
  std::ofstream(path) << text;
  return path;
}

constexpr char kGraph[] = R"pb(
  node {
    name: "labels"
    stage: "LabelSource"
    output_stream: "labels"
    option { name: "count" int_value: %d }
  }
)pb";

std::string GraphWithCount(int count) {
  char text[512];
  std::snprintf(text, sizeof(text), kGraph, count);
  return text;
}

TEST(GraphFileRunnerTest, StageOutputOnOutStreamSummaryOnDiagnostics) {
  const std::string path = WriteGraph("five.pbtxt", GraphWithCount(5));
  std::ostringstream out, diagnostics;
  ASSERT_TRUE(RunGraphFile(path, 2, {}, out, diagnostics).ok());
  EXPECT_THAT(out.str(), HasSubstr("1 nodes, 1 streams\n  labels (LabelSource)\n"));
  EXPECT_THAT(out.str(), EndsWith("\nemitted=5\n"));
  EXPECT_THAT(diagnostics.str(), HasSubstr("  labels: 5, 0, 0; 0 of 16 (lossless)\n"));
  EXPECT_THAT(diagnostics.str(), EndsWith("Dropped packets: 0\n"));
}

TEST(GraphFileRunnerTest, OverridesChangeOptionsBeforeValidation) {
  const std::string path = WriteGraph("three.pbtxt", GraphWithCount(3));
  std::ostringstream out;
  ASSERT_TRUE(RunGraphFile(path, 1, {"labels.count=7"}, out).ok());
  EXPECT_THAT(out.str(), EndsWith("emitted=7\n"));
  EXPECT_THAT(RunGraphFile(path, 1, {"labels.count=many"}, out).message(),
              HasSubstr("three.pbtxt: --set=labels.count=many: 'many' is not an integer"));
}

TEST(GraphFileRunnerTest, ValidationErrorNamesTheFile) {
  const std::string path = WriteGraph("unknown.pbtxt", "node { name: \"a\" stage: \"Nope\" }");
  std::ostringstream out;
  absl::Status status = RunGraphFile(path, 1, {}, out);
  EXPECT_THAT(status.message(), HasSubstr("unknown.pbtxt: node 'a' (Nope): unknown stage type"));
  EXPECT_THAT(status.message(), HasSubstr("LabelSource"));
}

TEST(GraphFileRunnerTest, SyntaxErrorNamesFileAndLine) {
  const std::string path = WriteGraph("syntax.pbtxt", "node {\n  name: a\n}\n");
  std::ostringstream out;
  EXPECT_THAT(RunGraphFile(path, 1, {}, out).message(), HasSubstr("syntax.pbtxt:2:"));
}

TEST(GraphFileRunnerTest, InterruptCancelsOrderly) {
  const std::string path = WriteGraph("endless.pbtxt", GraphWithCount(0));
  std::thread interrupter([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::raise(SIGINT);
  });
  std::ostringstream out;
  absl::Status status = RunGraphFile(path, 2, {}, out);
  interrupter.join();
  EXPECT_EQ(status.code(), absl::StatusCode::kCancelled);
}

}  // namespace
}  // namespace sentio
