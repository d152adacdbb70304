// Naive Bayes and the GMM-per-class classifier on real data: 10-fold cross-validation on UCI
// iris and Pima diabetes (naive Bayes within 2 points of Weka 3.6's NaiveBayes, measured with
// `java -cp /usr/share/java/weka.jar weka.classifiers.bayes.NaiveBayes -t F.arff`), and
// activity recognition on the UEA BasicMotions smartwatch windows.
#include <string>

#include "apps/har/series_evaluation.h"
#include "classifiers/classifier_registry.h"
#include "classifiers/evaluation.h"
#include "gtest/gtest.h"
#include "sensing/arff_reader.h"
#include "sensing/ts_reader.h"

namespace sentio {
namespace {

double CrossValidatedAccuracy(const std::string& file, const std::string& classifier,
                              const ClassifierOptions& options) {
  auto data = ReadArffFile("external/shared_data/arff/" + file + ".arff");
  EXPECT_TRUE(data.ok()) << data.status();
  auto factory = ClassifierFactoryFor(classifier, options);
  EXPECT_TRUE(factory.ok()) << factory.status();
  if (!data.ok() || !factory.ok()) return 0;
  auto matrix = CrossValidate(*factory, *data, 10, 1);
  EXPECT_TRUE(matrix.ok()) << matrix.status();
  if (!matrix.ok()) return 0;
  EXPECT_EQ(matrix->total(), data->num_instances());
  return matrix->accuracy();
}

TEST(ClassicalRealDataTest, NaiveBayesMatchesWekaOnIrisAndDiabetes) {
  const double iris = CrossValidatedAccuracy("iris", "nb", {});
  EXPECT_GE(iris, 0.93);
  EXPECT_NEAR(iris, 0.960, 0.02);                                          // Weka: 144 of 150
  EXPECT_NEAR(CrossValidatedAccuracy("diabetes", "nb", {}), 0.763, 0.02);  // Weka: 586 of 768
}

// Trained and tested on the whole file, as Weka's "Error on training data", no fold shuffling
// differs: the counts must be Weka's exactly.
TEST(ClassicalRealDataTest, NaiveBayesTrainingSetCountsAreWekas) {
  const struct {
    const char* file;
    int weka_correct;
  } kWeka[] = {{"iris", 144},    {"diabetes", 586}, {"glass", 119},         {"labor", 56},
               {"soybean", 640}, {"vote", 393},     {"weather.numeric", 13}};
  for (const auto& [file, weka_correct] : kWeka) {
    auto data = ReadArffFile(std::string("external/shared_data/arff/") + file + ".arff");
    ASSERT_TRUE(data.ok()) << data.status();
    auto matrix = EvaluateOnTestSet(*ClassifierFactoryFor("nb", {}), *data, *data);
    ASSERT_TRUE(matrix.ok()) << matrix.status();
    EXPECT_EQ(matrix->correct(), weka_correct) << file;
  }
}

TEST(ClassicalRealDataTest, GmmPerClassOnIris) {
  EXPECT_GE(CrossValidatedAccuracy("iris", "gmm", {}), 0.93);
  EXPECT_GE(CrossValidatedAccuracy("iris", "gmm", {{"components", "1"}, {"covariance", "full"}}),
            0.93);
}

double BasicMotionsAccuracy(const std::string& classifier, const ClassifierOptions& options) {
  TsReadOptions read_options;
  read_options.sample_rate_hz = 10;
  auto train = ReadTsFile("external/shared_data/har/BasicMotions_TRAIN.ts", read_options);
  EXPECT_TRUE(train.ok()) << train.status();
  auto test = ReadTsFile("external/shared_data/har/BasicMotions_TEST.ts", read_options);
  EXPECT_TRUE(test.ok()) << test.status();
  auto factory = ClassifierFactoryFor(classifier, options);
  EXPECT_TRUE(factory.ok()) << factory.status();
  if (!train.ok() || !test.ok() || !factory.ok()) return 0;
  auto matrix = EvaluateSeriesOnTestSet(*factory, *train, *test, {50, 25});
  EXPECT_TRUE(matrix.ok()) << matrix.status();
  if (!matrix.ok()) return 0;
  EXPECT_EQ(matrix->total(), 40);
  return matrix->accuracy();
}

TEST(ClassicalRealDataTest, BasicMotionsWindows) {
  EXPECT_GE(BasicMotionsAccuracy("nb", {}), 0.8);
  EXPECT_GE(BasicMotionsAccuracy("gmm", {}), 0.8);
}

}  // namespace
}  // namespace sentio
