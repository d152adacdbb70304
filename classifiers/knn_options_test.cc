#include "classifiers/knn_options.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

TEST(KnnOptionsTest, DefaultsAreWekaIbk) {
  absl::StatusOr<KnnOptions> options = ParseKnnOptions({});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->k, 1);
  EXPECT_EQ(options->distance, KnnDistance::kEuclidean);
  EXPECT_EQ(options->weighting, KnnWeighting::kUniform);
  EXPECT_EQ(options->normalization, KnnNormalization::kMinMax);
  EXPECT_EQ(options->search, KnnSearch::kAuto);
}

TEST(KnnOptionsTest, ReadsEveryOption) {
  absl::StatusOr<KnnOptions> options = ParseKnnOptions({{"k", "7"},
                                                        {"distance", "manhattan"},
                                                        {"weighting", "similarity"},
                                                        {"normalization", "zscore"},
                                                        {"search", "kdtree"}});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->k, 7);
  EXPECT_EQ(options->distance, KnnDistance::kManhattan);
  EXPECT_EQ(options->weighting, KnnWeighting::kSimilarity);
  EXPECT_EQ(options->normalization, KnnNormalization::kZScore);
  EXPECT_EQ(options->search, KnnSearch::kKdTree);
}

TEST(KnnOptionsTest, NamesRoundTrip) {
  for (KnnDistance d : {KnnDistance::kEuclidean, KnnDistance::kManhattan, KnnDistance::kCosine}) {
    EXPECT_EQ(*ParseKnnDistance(KnnDistanceName(d)), d);
  }
  for (KnnWeighting w :
       {KnnWeighting::kUniform, KnnWeighting::kInverse, KnnWeighting::kSimilarity}) {
    EXPECT_EQ(*ParseKnnWeighting(KnnWeightingName(w)), w);
  }
  for (KnnNormalization n :
       {KnnNormalization::kMinMax, KnnNormalization::kZScore, KnnNormalization::kNone}) {
    EXPECT_EQ(*ParseKnnNormalization(KnnNormalizationName(n)), n);
  }
  for (KnnSearch s : {KnnSearch::kAuto, KnnSearch::kBrute, KnnSearch::kKdTree}) {
    EXPECT_EQ(*ParseKnnSearch(KnnSearchName(s)), s);
  }
}

TEST(KnnOptionsTest, BadValuesNameTheOptionAndTheValidOnes) {
  EXPECT_EQ(ParseKnnOptions({{"distance", "chebyshev"}}).status().message(),
            "kNN option distance=chebyshev is not one of: euclidean, manhattan, cosine");
  EXPECT_EQ(ParseKnnOptions({{"weighting", "Inverse"}}).status().message(),
            "kNN option weighting=Inverse is not one of: uniform, inverse, similarity");
  EXPECT_EQ(ParseKnnOptions({{"normalization", ""}}).status().message(),
            "kNN option normalization= is not one of: minmax, zscore, none");
  EXPECT_EQ(ParseKnnOptions({{"search", "ball"}}).status().message(),
            "kNN option search=ball is not one of: auto, brute, kdtree");
  for (const char* k : {"0", "-1", "three", "1.5", ""}) {
    EXPECT_THAT(ParseKnnOptions({{"k", k}}).status().message(),
                HasSubstr("is not a positive integer"))
        << k;
  }
  EXPECT_THAT(ParseKnnOptions({{"neighbours", "3"}}).status().message(),
              HasSubstr("no option 'neighbours' (it accepts: k, distance, weighting, "
                        "normalization, search)"));
  EXPECT_THAT(ParseKnnOptions({{"search", "kdtree"}, {"distance", "cosine"}}).status().message(),
              HasSubstr("search=kdtree works with distance=euclidean or manhattan"));
}

}  // namespace
}  // namespace sentio
