#include "classifiers/classifier_registry.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;

TEST(ClassifierRegistryTest, MakesKnnWithOptions) {
  EXPECT_THAT(ClassifierNames(), Contains("knn"));
  auto factory = ClassifierFactoryFor("knn", {{"k", "3"}});
  ASSERT_TRUE(factory.ok()) << factory.status();
  auto classifier = (*factory)();
  ASSERT_TRUE(classifier.ok());
  EXPECT_THAT((*classifier)->Describe(), HasSubstr("k=3"));

  factory = ClassifierFactoryFor("knn", {{"distance", "cosine"}, {"weighting", "similarity"},
                                         {"normalization", "none"}, {"search", "brute"}});
  ASSERT_TRUE(factory.ok()) << factory.status();
  classifier = (*factory)();
  ASSERT_TRUE(classifier.ok());
  EXPECT_THAT((*classifier)->Describe(),
              HasSubstr("k=1, cosine distance, similarity weighting, none normalization, brute "
                        "search"));
}

TEST(ClassifierRegistryTest, UnknownNameListsKnownOnes) {
  EXPECT_THAT(ClassifierFactoryFor("svm", {}).status().message(),
              AllOf(HasSubstr("unknown classifier 'svm' (known: "), HasSubstr("gmm, knn")));
}

TEST(ClassifierRegistryTest, BadOptionsAreNamed) {
  EXPECT_THAT(ClassifierFactoryFor("knn", {{"depth", "3"}}).status().message(),
              HasSubstr("'knn' has no option 'depth' (it accepts: k, distance, weighting, "
                        "normalization, search)"));
  EXPECT_THAT(ClassifierFactoryFor("knn", {{"weighting", "gaussian"}}).status().message(),
              HasSubstr("weighting=gaussian is not one of: uniform, inverse, similarity"));
  EXPECT_THAT(ClassifierFactoryFor("knn", {{"k", "three"}}).status().message(),
              HasSubstr("k=three is not a positive integer"));
  EXPECT_FALSE(ClassifierFactoryFor("knn", {{"k", "0"}}).ok());
}

TEST(ClassifierRegistryTest, MakesNaiveBayesAndGmmWithOptions) {
  EXPECT_THAT(ClassifierNames(), Contains("nb"));
  auto bayes = ClassifierFactoryFor("nb", {});
  ASSERT_TRUE(bayes.ok()) << bayes.status();
  EXPECT_THAT((*(*bayes)())->Describe(), HasSubstr("naive Bayes"));
  EXPECT_THAT(ClassifierFactoryFor("nb", {{"k", "3"}}).status().message(),
              HasSubstr("'nb' has no option 'k' (it accepts: none)"));

  auto gmm = ClassifierFactoryFor(
      "gmm", {{"components", "3"},
              {"covariance", "full"},
              {"seed", "0"},
              {"restarts", "2"},
              {"regularization", "0.01"},
              {"tolerance", "1e-4"},
              {"max_iterations", "50"}});
  ASSERT_TRUE(gmm.ok()) << gmm.status();
  EXPECT_EQ((*(*gmm)())->Describe(),
            "GMM per class (components=3, covariance=full, restarts=2, seed=0, "
            "regularization=0.01, tolerance=0.0001, max_iterations=50, attributes standardised)");
  EXPECT_THAT(ClassifierFactoryFor("gmm", {{"covariance", "tied"}}).status().message(),
              HasSubstr("unknown covariance type 'tied'"));
  EXPECT_THAT(ClassifierFactoryFor("gmm", {{"seed", "-1"}}).status().message(),
              HasSubstr("seed=-1 is not an integer"));
  EXPECT_FALSE(ClassifierFactoryFor("gmm", {{"components", "0"}}).ok());
  EXPECT_THAT(ClassifierFactoryFor("gmm", {{"regularization", "-1"}}).status().message(),
              HasSubstr("regularization=-1 is not a non-negative number"));
  EXPECT_THAT(ClassifierFactoryFor("gmm", {{"tolerance", "0"}}).status().message(),
              HasSubstr("tolerance=0 is not a positive number"));
  EXPECT_THAT(ClassifierFactoryFor("gmm", {{"max_iterations", "x"}}).status().message(),
              HasSubstr("max_iterations=x is not a positive integer"));
}

}  // namespace
}  // namespace sentio
