#include "features/time_stats.h"

#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "base/file_reading.h"
#include "base/text_parsing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kGoldenPath[] = "features/testdata/time_stats_golden.txt";

// One line of the golden file: `<function> <arguments...> : <expected values...>`.
struct GoldenCheck {
  int line = 0;
  std::string function;
  std::vector<std::string> arguments;
  std::vector<double> expected;
};

std::vector<GoldenCheck> ReadGolden(std::map<std::string, std::vector<double>>& arrays) {
  absl::StatusOr<std::string> text = ReadWholeFile(kGoldenPath);
  EXPECT_TRUE(text.ok()) << text.status();
  if (!text.ok()) return {};
  std::vector<GoldenCheck> checks;
  const std::vector<absl::string_view> lines = SplitLines(*text);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty() || absl::StartsWith(lines[i], "#")) continue;
    const std::vector<absl::string_view> sides = absl::StrSplit(lines[i], " : ");
    EXPECT_EQ(sides.size(), 2u) << kGoldenPath << ":" << i + 1;
    if (sides.size() != 2) continue;
    GoldenCheck check;
    check.line = static_cast<int>(i + 1);
    const std::vector<std::string> words = absl::StrSplit(sides[0], ' ');
    check.function = words[0];
    check.arguments.assign(words.begin() + 1, words.end());
    for (absl::string_view value : absl::StrSplit(sides[1], ' ', absl::SkipEmpty())) {
      const std::optional<double> number = ParseFiniteDouble(value);
      EXPECT_TRUE(number.has_value()) << kGoldenPath << ":" << i + 1 << ": " << value;
      check.expected.push_back(number.value_or(0));
    }
    if (check.function == "array") {
      arrays[check.arguments.at(0)] = check.expected;
    } else {
      checks.push_back(std::move(check));
    }
  }
  return checks;
}

std::vector<double> ScalarOrError(absl::StatusOr<double> value) {
  EXPECT_TRUE(value.ok()) << value.status();
  return {value.value_or(std::numeric_limits<double>::quiet_NaN())};
}

std::vector<double> VectorOrError(absl::StatusOr<std::vector<double>> values) {
  EXPECT_TRUE(values.ok()) << values.status();
  return values.value_or(std::vector<double>{});
}

// The values our implementation gives for `check`, with arrays looked up by name.
std::vector<double> Compute(const GoldenCheck& check,
                            const std::map<std::string, std::vector<double>>& arrays) {
  const std::vector<double>& x = arrays.at(check.arguments.at(0));
  auto number = [&](int i) { return std::stod(check.arguments.at(i)); };
  auto array = [&](int i) -> const std::vector<double>& {
    return arrays.at(check.arguments.at(i));
  };
  const std::map<std::string, std::function<std::vector<double>()>> functions = {
      {"mean", [&] { return ScalarOrError(Mean(x)); }},
      {"variance", [&] { return ScalarOrError(Variance(x)); }},
      {"std", [&] { return ScalarOrError(StandardDeviation(x)); }},
      {"min", [&] { return ScalarOrError(Min(x)); }},
      {"max", [&] { return ScalarOrError(Max(x)); }},
      {"median", [&] { return ScalarOrError(Median(x)); }},
      {"mad", [&] { return ScalarOrError(MeanAbsoluteDeviation(x)); }},
      {"rms", [&] { return ScalarOrError(RootMeanSquare(x)); }},
      {"energy", [&] { return ScalarOrError(Energy(x)); }},
      {"zcr", [&] { return ScalarOrError(ZeroCrossingRate(x)); }},
      {"skewness", [&] { return ScalarOrError(Skewness(x)); }},
      {"kurtosis", [&] { return ScalarOrError(Kurtosis(x)); }},
      {"percentile", [&] { return ScalarOrError(Percentile(x, number(1))); }},
      {"autocorrelation",
       [&] { return ScalarOrError(Autocorrelation(x, static_cast<int64_t>(number(1)))); }},
      {"mean_peak_interval", [&] { return ScalarOrError(MeanPeakInterval(x)); }},
      {"binned", [&] { return VectorOrError(BinnedDistribution(x, static_cast<int>(number(1)))); }},
      {"correlation", [&] { return ScalarOrError(PearsonCorrelation(x, array(1))); }},
      {"resultant", [&] { return VectorOrError(ResultantMagnitude(x, array(1), array(2))); }},
      {"peaks",
       [&] {
         absl::StatusOr<std::vector<int64_t>> peaks = FindPeaks(x);
         EXPECT_TRUE(peaks.ok()) << peaks.status();
         return std::vector<double>(peaks->begin(), peaks->end());
       }},
  };
  auto function = functions.find(check.function);
  EXPECT_NE(function, functions.end()) << "unknown function " << check.function;
  return function == functions.end() ? std::vector<double>{} : function->second();
}

TEST(TimeStatsTest, MatchesNumPyAndSciPyReferenceValues) {
  std::map<std::string, std::vector<double>> arrays;
  const std::vector<GoldenCheck> checks = ReadGolden(arrays);
  ASSERT_GE(checks.size(), 140u);
  ASSERT_EQ(arrays.size(), 5u);
  double worst_relative_error = 0;
  for (const GoldenCheck& check : checks) {
    SCOPED_TRACE(testing::Message() << kGoldenPath << ":" << check.line << " " << check.function);
    const std::vector<double> actual = Compute(check, arrays);
    ASSERT_EQ(actual.size(), check.expected.size());
    for (size_t i = 0; i < actual.size(); ++i) {
      const double error = std::abs(actual[i] - check.expected[i]);
      const double tolerance = 1e-9 * std::max(1.0, std::abs(check.expected[i]));
      EXPECT_LE(error, tolerance) << "value " << i << ": " << actual[i] << " vs "
                                  << check.expected[i];
      worst_relative_error =
          std::max(worst_relative_error, error / std::max(1.0, std::abs(check.expected[i])));
    }
  }
  RecordProperty("worst_relative_error", absl::StrCat(worst_relative_error));
}

TEST(TimeStatsTest, HandComputedValues) {
  const std::vector<double> x = {1, 2, 3, 6};
  EXPECT_DOUBLE_EQ(*Mean(x), 3);
  EXPECT_DOUBLE_EQ(*Variance(x), 3.5);
  EXPECT_DOUBLE_EQ(*MeanAbsoluteDeviation(x), 1.5);
  EXPECT_DOUBLE_EQ(*Energy(x), 12.5);
  EXPECT_DOUBLE_EQ(*Median(x), 2.5);
  EXPECT_DOUBLE_EQ(*Percentile(x, 100.0 / 3), 2);  // rank 1
  // Lag 1: deviations -2 -1 0 3 -> (2 + 0 + 0) / 14.
  EXPECT_DOUBLE_EQ(*Autocorrelation(x, 1), 2.0 / 14);
  EXPECT_DOUBLE_EQ(*ZeroCrossingRate(std::vector<double>{1, -1, 0, -2, -3}), 3.0 / 4);
  EXPECT_THAT(*BinnedDistribution(x, 5), ElementsAre(0.25, 0.25, 0.25, 0, 0.25));
}

TEST(TimeStatsTest, PeaksOnPlateausAndEdges) {
  // A flat top of 3 counts once at its middle; edges are never peaks; a shoulder (rise, flat,
  // rise) is no peak.
  const std::vector<double> x = {5, 1, 3, 3, 3, 0, 2, 2, 4, 1, 7};
  EXPECT_THAT(*FindPeaks(x), ElementsAre(3, 8));
  EXPECT_DOUBLE_EQ(*MeanPeakInterval(x), 5);
  std::vector<int64_t> times_ms = {0, 10, 20, 30, 45, 50, 60, 70, 80, 90, 100};
  EXPECT_DOUBLE_EQ(*MeanPeakTimeInterval(x, times_ms), 50);
  times_ms.pop_back();
  EXPECT_THAT(MeanPeakTimeInterval(x, times_ms).status().message(),
              HasSubstr("11 samples but 10 timestamps"));
  EXPECT_TRUE(FindPeaks(std::vector<double>{1}).ok());
  EXPECT_TRUE(std::isnan(*MeanPeakInterval(std::vector<double>{0, 1, 0, -1})));
}

TEST(TimeStatsTest, ConstantWindowsGiveNaNWhereUndefined) {
  const std::vector<double> flat(10, 0.1);
  EXPECT_TRUE(std::isnan(*Skewness(flat)));
  EXPECT_TRUE(std::isnan(*Kurtosis(flat)));
  EXPECT_TRUE(std::isnan(*Autocorrelation(flat, 1)));
  EXPECT_TRUE(std::isnan(*PearsonCorrelation(flat, std::vector<double>(10, 2.0))));
  EXPECT_NEAR(*StandardDeviation(flat), 0, 1e-15);  // the mean of 0.1s rounds
  // NumPy puts a constant window in the middle bin.
  EXPECT_THAT(*BinnedDistribution(flat, 4), ElementsAre(0, 0, 1, 0));
  EXPECT_THAT(*BinnedDistribution(flat, 1), ElementsAre(1));
}

TEST(TimeStatsTest, NonFiniteSamplesAreNamed) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_THAT(Mean(std::vector<double>{1, nan}).status().message(), HasSubstr("sample 1 is nan"));
  EXPECT_THAT(Kurtosis(std::vector<double>{-inf, 1}).status().message(),
              HasSubstr("sample 0 is -inf"));
  EXPECT_THAT(
      PearsonCorrelation(std::vector<double>{1, 2}, std::vector<double>{1, inf}).status().message(),
      HasSubstr("sample 1 is inf"));
}

TEST(TimeStatsTest, InputsTooShortOrMismatchedAreErrors) {
  EXPECT_THAT(Mean({}).status().message(), HasSubstr("empty window"));
  EXPECT_THAT(Autocorrelation(std::vector<double>{1, 2, 3}, 3).status().message(),
              HasSubstr("lag 3 needs a window longer than the lag, got 3 samples"));
  EXPECT_FALSE(Autocorrelation(std::vector<double>{1, 2, 3}, -1).ok());
  EXPECT_THAT(ZeroCrossingRate(std::vector<double>{1}).status().message(),
              HasSubstr("at least 2 samples"));
  EXPECT_THAT(PearsonCorrelation(std::vector<double>{1, 2}, std::vector<double>{1, 2, 3})
                  .status()
                  .message(),
              HasSubstr("differ in length: 2 and 3"));
  EXPECT_FALSE(
      ResultantMagnitude(std::vector<double>{1}, std::vector<double>{1}, std::vector<double>{})
          .ok());
  EXPECT_FALSE(Percentile(std::vector<double>{1}, 101).ok());
  EXPECT_FALSE(BinnedDistribution(std::vector<double>{1}, 0).ok());
}

}  // namespace
}  // namespace sentio
