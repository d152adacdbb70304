#include "classifiers/classifier_registry.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

TEST(ClassifierRegistryTest, MakesKnnWithOptions) {
  EXPECT_THAT(ClassifierNames(), Contains("knn"));
  auto factory = ClassifierFactoryFor("knn", {{"k", "3"}});
  ASSERT_TRUE(factory.ok()) << factory.status();
  auto classifier = (*factory)();
  ASSERT_TRUE(classifier.ok());
  EXPECT_THAT((*classifier)->Describe(), HasSubstr("k=3"));
}

TEST(ClassifierRegistryTest, UnknownNameListsKnownOnes) {
  EXPECT_THAT(ClassifierFactoryFor("svm", {}).status().message(),
              HasSubstr("unknown classifier 'svm' (known: knn"));
}

TEST(ClassifierRegistryTest, BadOptionsAreNamed) {
  EXPECT_THAT(ClassifierFactoryFor("knn", {{"depth", "3"}}).status().message(),
              HasSubstr("'knn' has no option 'depth' (it accepts: k)"));
  EXPECT_THAT(ClassifierFactoryFor("knn", {{"k", "three"}}).status().message(),
              HasSubstr("k=three is not a positive integer"));
  EXPECT_FALSE(ClassifierFactoryFor("knn", {{"k", "0"}}).ok());
}

}  // namespace
}  // namespace sentio
