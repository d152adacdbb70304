#include "classifiers/gmm.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

#include "absl/strings/str_split.h"
#include "base/file_reading.h"
#include "base/text_parsing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

// Standard normal draws by Box-Muller over mt19937, the same on every platform.
class NormalSampler {
 public:
  explicit NormalSampler(uint32_t seed) : random_(seed) {}
  double Next() {
    const double u1 = (random_() + 1.0) / 4294967297.0;
    const double u2 = random_() / 4294967296.0;
    return std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
  }
  uint32_t Raw() { return random_(); }

 private:
  std::mt19937 random_;
};

// `n` points from N(mean, L L^T) in 2-D, with `lower` = {L00, L10, L11}.
void AddBlob(int n, std::vector<double> mean, std::vector<double> lower, NormalSampler& sampler,
             Points& points) {
  for (int i = 0; i < n; ++i) {
    const double z0 = sampler.Next(), z1 = sampler.Next();
    points.push_back({mean[0] + lower[0] * z0, mean[1] + lower[1] * z0 + lower[2] * z1});
  }
}

Points ThreeBlobs(uint32_t seed) {
  NormalSampler sampler(seed);
  Points points;
  AddBlob(150, {0, 0}, {1, 0, 1}, sampler, points);
  AddBlob(150, {8, 0}, {1, 0.5, 0.8}, sampler, points);
  AddBlob(150, {4, 7}, {0.7, 0, 1.2}, sampler, points);
  return points;
}

GmmOptions Options(int components, CovarianceType covariance) {
  GmmOptions options;
  options.components = components;
  options.covariance = covariance;
  return options;
}

TEST(GmmTest, RecoversAWellSeparatedTwoComponentMixture) {
  NormalSampler sampler(42);
  Points points;
  // 30 %: mean (0, 0), covariance [[1, 0.5], [0.5, 1.25]]; 70 %: mean (6, 3), [[0.25, 0], [0, 4]].
  for (int i = 0; i < 4000; ++i) {
    if (sampler.Raw() % 10 < 3) {
      AddBlob(1, {0, 0}, {1, 0.5, 1}, sampler, points);
    } else {
      AddBlob(1, {6, 3}, {0.5, 0, 2}, sampler, points);
    }
  }
  GmmOptions options = Options(2, CovarianceType::kFull);
  options.restarts = 3;
  auto fit = FitGmm(points, {}, options);
  ASSERT_TRUE(fit.ok()) << fit.status();
  EXPECT_TRUE(fit->converged);
  const GaussianMixture& mixture = fit->mixture;
  const int first = mixture.means()[0][0] < mixture.means()[1][0] ? 0 : 1;
  const int second = 1 - first;
  EXPECT_NEAR(mixture.weights()[first], 0.3, 0.02);
  EXPECT_NEAR(mixture.weights()[second], 0.7, 0.02);
  EXPECT_NEAR(mixture.means()[first][0], 0, 0.1);
  EXPECT_NEAR(mixture.means()[first][1], 0, 0.1);
  EXPECT_NEAR(mixture.means()[second][0], 6, 0.1);
  EXPECT_NEAR(mixture.means()[second][1], 3, 0.1);
  const std::vector<double> expected_first = {1, 0.5, 0.5, 1.25};
  const std::vector<double> expected_second = {0.25, 0, 0, 4};
  for (int j = 0; j < 4; ++j) {
    EXPECT_NEAR(mixture.covariance(first)[j], expected_first[j], 0.1) << j;
    EXPECT_NEAR(mixture.covariance(second)[j], expected_second[j], 0.2) << j;
  }
}

TEST(GmmTest, LogLikelihoodNeverDecreases) {
  const Points points = ThreeBlobs(3);
  for (CovarianceType type :
       {CovarianceType::kFull, CovarianceType::kDiagonal, CovarianceType::kSpherical}) {
    GmmOptions options = Options(5, type);  // more components than blobs: slow convergence
    options.tolerance = 0;
    options.max_iterations = 60;
    auto fit = FitGmm(points, {}, options);
    ASSERT_TRUE(fit.ok()) << fit.status();
    ASSERT_GE(fit->history.size(), 10u);
    for (size_t i = 1; i < fit->history.size(); ++i) {
      EXPECT_GE(fit->history[i], fit->history[i - 1] - 1e-12)
          << CovarianceTypeName(type) << " iteration " << i;
    }
    EXPECT_GT(fit->history.back(), fit->history.front());
    EXPECT_EQ(fit->history.back(), fit->mean_log_likelihood);
  }
}

TEST(GmmTest, StopsAtTheIterationLimitOrOnTheTolerance) {
  const Points points = ThreeBlobs(4);
  GmmOptions options = Options(3, CovarianceType::kFull);
  options.tolerance = 0;
  options.max_iterations = 3;
  auto limited = FitGmm(points, {}, options);
  ASSERT_TRUE(limited.ok()) << limited.status();
  EXPECT_EQ(limited->iterations, 3);
  EXPECT_FALSE(limited->converged);
  EXPECT_EQ(limited->history.size(), 4u);

  options.components = 5;  // more components than blobs: many iterations
  options.tolerance = 1e-3;
  options.max_iterations = 500;
  auto converged = FitGmm(points, {}, options);
  ASSERT_TRUE(converged.ok());
  EXPECT_TRUE(converged->converged);
  ASSERT_GE(converged->iterations, 3);
  EXPECT_LT(converged->iterations, 500);
  // history[i] is the E step of iteration i + 1: each gained at least the tolerance but the last.
  const std::vector<double>& history = converged->history;
  const int last = converged->iterations - 1;
  ASSERT_EQ(history.size(), static_cast<size_t>(last + 2));
  for (int i = 1; i < last; ++i) EXPECT_GE(history[i] - history[i - 1], 1e-3) << i;
  EXPECT_LT(history[last] - history[last - 1], 1e-3);
}

TEST(GmmTest, BicPicksThreeComponentsForThreeBlobs) {
  const Points points = ThreeBlobs(11);
  for (CovarianceType type : {CovarianceType::kFull, CovarianceType::kDiagonal}) {
    int best_components = 0;
    double best_bic = INFINITY;
    for (int components = 1; components <= 6; ++components) {
      GmmOptions options = Options(components, type);
      options.restarts = 3;
      auto fit = FitGmm(points, {}, options);
      ASSERT_TRUE(fit.ok()) << fit.status();
      const double bic = Bic(fit->mixture, points, {});
      if (bic < best_bic) {
        best_bic = bic;
        best_components = components;
      }
    }
    EXPECT_EQ(best_components, 3) << CovarianceTypeName(type);
  }
}

TEST(GmmTest, MoreRestartsNeverFitWorse) {
  const Points points = ThreeBlobs(5);
  GmmOptions options = Options(4, CovarianceType::kDiagonal);
  auto once = FitGmm(points, {}, options);
  options.restarts = 5;
  auto five_times = FitGmm(points, {}, options);
  ASSERT_TRUE(once.ok() && five_times.ok());
  EXPECT_GE(five_times->mean_log_likelihood, once->mean_log_likelihood);
}

TEST(GmmTest, SeedMakesFitsRepeatable) {
  const Points points = ThreeBlobs(5);
  GmmOptions options = Options(3, CovarianceType::kFull);
  auto a = FitGmm(points, {}, options);
  auto b = FitGmm(points, {}, options);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->mean_log_likelihood, b->mean_log_likelihood);
  EXPECT_EQ(a->mixture.means(), b->mixture.means());
}

TEST(GmmTest, OneSphericalComponentIsTheSampleMeanAndAverageVariance) {
  // x: 0, 2, 4 (variance 8/3); y: 1, 1, 4 (variance 2).
  const Points points = {{0, 1}, {2, 1}, {4, 4}};
  auto fit = FitGmm(points, {}, Options(1, CovarianceType::kSpherical));
  ASSERT_TRUE(fit.ok()) << fit.status();
  EXPECT_NEAR(fit->mixture.weights()[0], 1, 1e-12);
  EXPECT_NEAR(fit->mixture.means()[0][0], 2, 1e-12);
  EXPECT_NEAR(fit->mixture.means()[0][1], 2, 1e-12);
  ASSERT_EQ(fit->mixture.covariance(0).size(), 1u);
  EXPECT_NEAR(fit->mixture.covariance(0)[0], (8.0 / 3 + 2) / 2 + 1e-6, 1e-12);
}

TEST(GmmTest, WeightsCountLikeRepeatedPoints) {
  const Points points = {{0, 1}, {2, 1}, {4, 4}};
  const Points repeated = {{0, 1}, {2, 1}, {4, 4}, {4, 4}, {4, 4}};
  const GmmOptions options = Options(1, CovarianceType::kFull);
  auto weighted = FitGmm(points, {1, 1, 3}, options);
  auto copied = FitGmm(repeated, {}, options);
  ASSERT_TRUE(weighted.ok() && copied.ok());
  for (int j = 0; j < 4; ++j) {
    EXPECT_NEAR(weighted->mixture.covariance(0)[j], copied->mixture.covariance(0)[j], 1e-12);
  }
  EXPECT_NEAR(weighted->mean_log_likelihood, copied->mean_log_likelihood, 1e-12);
}

TEST(GmmTest, FullDensityMatchesTheClosedForm) {
  // One component, covariance [[4, 2], [2, 5]]: determinant 16, inverse [[5, -2], [-2, 4]] / 16.
  auto mixture = GaussianMixture::Create(CovarianceType::kFull, {1}, {{1, 2}}, {{4, 2, 2, 5}});
  ASSERT_TRUE(mixture.ok()) << mixture.status();
  // x - mean = (2, -1): Mahalanobis (5*4 + 2*2*2*1 + 4*1) / 16 = 2.
  EXPECT_NEAR(mixture->LogDensity({3, 1}), -std::log(2 * M_PI) - 0.5 * std::log(16.0) - 1, 1e-12);
  // Two equal halves of the same component give the same density.
  auto halves = GaussianMixture::Create(CovarianceType::kFull, {0.5, 0.5}, {{1, 2}, {1, 2}},
                                        {{4, 2, 2, 5}, {4, 2, 2, 5}});
  ASSERT_TRUE(halves.ok());
  EXPECT_NEAR(halves->LogDensity({3, 1}), mixture->LogDensity({3, 1}), 1e-12);
  // Far away, log-sum-exp keeps a finite log density where the density itself underflows.
  EXPECT_TRUE(std::isfinite(halves->LogDensity({1e3, -1e3})));
}

TEST(GmmTest, FreeParametersCountAsInScikitLearn) {
  const Points means = {{0, 0, 0}, {1, 1, 1}};
  auto full = GaussianMixture::Create(CovarianceType::kFull, {0.5, 0.5}, means,
                                      {{1, 0, 0, 0, 1, 0, 0, 0, 1}, {1, 0, 0, 0, 1, 0, 0, 0, 1}});
  auto diagonal =
      GaussianMixture::Create(CovarianceType::kDiagonal, {0.5, 0.5}, means, {{1, 1, 1}, {1, 1, 1}});
  auto spherical =
      GaussianMixture::Create(CovarianceType::kSpherical, {0.5, 0.5}, means, {{1}, {1}});
  ASSERT_TRUE(full.ok() && diagonal.ok() && spherical.ok());
  EXPECT_EQ(full->NumFreeParameters(), 1 + 6 + 12);
  EXPECT_EQ(diagonal->NumFreeParameters(), 1 + 6 + 6);
  EXPECT_EQ(spherical->NumFreeParameters(), 1 + 6 + 2);
}

TEST(GmmTest, FewerPointsThanComponentsIsAnError) {
  EXPECT_THAT(
      FitGmm({{0, 0}, {1, 1}}, {}, Options(3, CovarianceType::kDiagonal)).status().message(),
      HasSubstr("2 points cannot fit 3 components"));
}

TEST(GmmTest, ConstantDimensionIsRegularisedOrNamed) {
  Points points = ThreeBlobs(2);
  for (auto& point : points) point.push_back(5);  // a third, constant dimension
  for (CovarianceType type :
       {CovarianceType::kFull, CovarianceType::kDiagonal, CovarianceType::kSpherical}) {
    auto fit = FitGmm(points, {}, Options(3, type));
    ASSERT_TRUE(fit.ok()) << fit.status();
    EXPECT_TRUE(std::isfinite(fit->mean_log_likelihood));
  }
  auto diagonal = FitGmm(points, {}, Options(3, CovarianceType::kDiagonal));
  EXPECT_NEAR(diagonal->mixture.covariance(0)[2], 1e-6, 1e-9);

  GmmOptions unregularised = Options(3, CovarianceType::kFull);
  unregularised.regularization = 0;
  for (CovarianceType type : {CovarianceType::kFull, CovarianceType::kDiagonal}) {
    unregularised.covariance = type;
    EXPECT_THAT(FitGmm(points, {}, unregularised).status().message(),
                HasSubstr("is not positive definite even after adding 0 to its diagonal"));
  }
}

TEST(GmmTest, RejectsMalformedInput) {
  const GmmOptions options = Options(1, CovarianceType::kDiagonal);
  EXPECT_THAT(FitGmm({}, {}, options).status().message(), HasSubstr("no points"));
  EXPECT_THAT(FitGmm({{1, 2}, {3}}, {}, options).status().message(),
              HasSubstr("point 1 has 1 dimensions, point 0 has 2"));
  EXPECT_THAT(FitGmm({{1, NAN}}, {}, options).status().message(),
              HasSubstr("point 0 has the non-finite value nan in dimension 1"));
  EXPECT_THAT(FitGmm({{1}, {2}}, {1}, options).status().message(), HasSubstr("1 weights for 2"));
  EXPECT_THAT(FitGmm({{1}, {2}}, {1, -1}, options).status().message(),
              HasSubstr("point 1 has weight -1"));
  GmmOptions bad = options;
  bad.regularization = -1;
  EXPECT_THAT(FitGmm({{1}}, {}, bad).status().message(), HasSubstr("regularisation"));
  bad = options;
  bad.restarts = 0;
  EXPECT_FALSE(FitGmm({{1}}, {}, bad).ok());
  EXPECT_FALSE(FitGmmFromMeans({{1, 2}}, {}, options, {{1}}).ok());
  EXPECT_FALSE(GaussianMixture::Create(CovarianceType::kDiagonal, {1}, {{0, 0}}, {{1}}).ok());
  EXPECT_THAT(GaussianMixture::Create(CovarianceType::kFull, {1}, {{0, 0}}, {{1, 2, 2, 1}})
                  .status()
                  .message(),
              HasSubstr("component 0 is not positive definite"));
  EXPECT_THAT(ParseCovarianceType("tied").status().message(),
              HasSubstr("unknown covariance type 'tied' (known: full, diag, spherical)"));
  EXPECT_EQ(*ParseCovarianceType("spherical"), CovarianceType::kSpherical);
}

// classifiers/testdata/gmm_sklearn_golden.txt, from tools/compare_gmm_sklearn.py.
struct SklearnGolden {
  GmmOptions options;
  Points initial_means;
  std::map<std::string, double> mean_log_likelihood;  // by covariance type name
};

SklearnGolden ReadGolden() {
  SklearnGolden golden;
  auto text = ReadWholeFile("classifiers/testdata/gmm_sklearn_golden.txt");
  EXPECT_TRUE(text.ok()) << text.status();
  if (!text.ok()) return golden;
  for (absl::string_view line : SplitLines(*text)) {
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> fields = absl::StrSplit(line, ' ');
    std::vector<double> numbers;
    for (size_t i = 1; i < fields.size(); ++i) {
      if (auto number = ParseFiniteDouble(fields[i])) numbers.push_back(*number);
    }
    if (fields[0] == "regularization") golden.options.regularization = numbers.at(0);
    if (fields[0] == "tolerance") golden.options.tolerance = numbers.at(0);
    if (fields[0] == "max_iterations") golden.options.max_iterations = numbers.at(0);
    if (fields[0] == "initial_mean") golden.initial_means.push_back(numbers);
    if (fields[0] == "mean_log_likelihood") golden.mean_log_likelihood[fields[1]] = numbers.at(0);
  }
  return golden;
}

Points ReadPoints(const std::string& path) {
  Points points;
  auto text = ReadWholeFile(path);
  EXPECT_TRUE(text.ok()) << text.status();
  if (!text.ok()) return points;
  for (absl::string_view line : SplitLines(*text)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<double> point;
    for (absl::string_view field : absl::StrSplit(line, ' ')) {
      auto number = ParseFiniteDouble(field);
      EXPECT_TRUE(number.has_value()) << line;
      point.push_back(number.value_or(0));
    }
    points.push_back(point);
  }
  return points;
}

TEST(GmmTest, MatchesScikitLearnFromTheSameInitialMeans) {
  const Points points = ReadPoints("classifiers/testdata/gmm_points.txt");
  ASSERT_EQ(points.size(), 300u);
  SklearnGolden golden = ReadGolden();
  ASSERT_EQ(golden.initial_means.size(), 3u);
  ASSERT_EQ(golden.mean_log_likelihood.size(), 2u);
  for (const auto& [name, expected] : golden.mean_log_likelihood) {
    GmmOptions options = golden.options;
    options.covariance = *ParseCovarianceType(name);
    auto fit = FitGmmFromMeans(points, {}, options, golden.initial_means);
    ASSERT_TRUE(fit.ok()) << fit.status();
    EXPECT_TRUE(fit->converged) << name;
    EXPECT_NEAR(fit->mean_log_likelihood, expected, 1e-4) << name;
  }
}

}  // namespace
}  // namespace sentio
