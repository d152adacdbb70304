#include "base/status_macros.h"

#include <memory>
#include <string>

#include "gtest/gtest.h"

namespace sentio {
namespace {

absl::Status FailIfNegative(int x) {
  if (x < 0) return absl::InvalidArgumentError("negative");
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<int>> MakeIfPositive(int x) {
  if (x <= 0) return absl::OutOfRangeError("not positive");
  return std::make_unique<int>(x);
}

int steps_after_check = 0;

absl::Status CheckThenCount(int x) {
  RETURN_IF_ERROR(FailIfNegative(x));
  ++steps_after_check;
  return absl::OkStatus();
}

absl::StatusOr<int> DoubleOf(int x) {
  ASSIGN_OR_RETURN(std::unique_ptr<int> value, MakeIfPositive(x));
  ASSIGN_OR_RETURN(auto again, MakeIfPositive(*value));  // two uses on separate lines
  return *again * 2;
}

TEST(StatusMacrosTest, ReturnIfErrorStopsOnError) {
  steps_after_check = 0;
  EXPECT_TRUE(CheckThenCount(1).ok());
  EXPECT_EQ(steps_after_check, 1);
  absl::Status status = CheckThenCount(-1);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "negative");
  EXPECT_EQ(steps_after_check, 1);
}

TEST(StatusMacrosTest, AssignOrReturnMovesValueOrPropagatesError) {
  EXPECT_EQ(*DoubleOf(4), 8);
  absl::StatusOr<int> failed = DoubleOf(0);
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kOutOfRange);
}

}  // namespace
}  // namespace sentio
