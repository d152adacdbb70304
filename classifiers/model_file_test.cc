#include "classifiers/model_file.h"

#include <cmath>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/arff_reader.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

std::string DataPath(const std::string& name) {
  return "external/shared_data/arff/" + name + ".arff";
}

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return absl::StrCat(dir == nullptr ? "/tmp" : dir, "/", name);
}

struct RoundTripCase {
  std::string classifier;
  ClassifierOptions options;
  std::string data;
};

std::string CaseName(const testing::TestParamInfo<RoundTripCase>& info) {
  std::string name = info.param.classifier + "_" + info.param.data;
  for (const auto& [option, value] : info.param.options) absl::StrAppend(&name, "_", value);
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

class ModelFileRoundTripTest : public testing::TestWithParam<RoundTripCase> {};

TEST_P(ModelFileRoundTripTest, LoadedClassifierGivesIdenticalDistributions) {
  const RoundTripCase& c = GetParam();
  absl::StatusOr<Dataset> data = ReadArffFile(DataPath(c.data));
  ASSERT_TRUE(data.ok()) << data.status();
  absl::StatusOr<ClassifierFactory> factory = ClassifierFactoryFor(c.classifier, c.options);
  ASSERT_TRUE(factory.ok()) << factory.status();
  absl::StatusOr<std::unique_ptr<Classifier>> trained = (*factory)();
  ASSERT_TRUE(trained.ok());
  ASSERT_TRUE((*trained)->Train(*data).ok());
  absl::StatusOr<ModelFile> model = MakeModelFile(*data, c.classifier, c.options, **trained);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(model->header().attributes_size(), data->num_attributes());

  for (const std::string extension : {".model", ".pbtxt"}) {
    const std::string path = TempPath(CaseName({c, 0}) + extension);
    ASSERT_TRUE(WriteModelFile(*model, path).ok());
    absl::StatusOr<LoadedModel> loaded = LoadModelFile(path);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    EXPECT_EQ(loaded->classifier_name, c.classifier);
    EXPECT_EQ(loaded->options, c.options);
    EXPECT_TRUE(loaded->header.CheckSameHeader(*data).ok());
    EXPECT_EQ(loaded->classifier->Describe(), (*trained)->Describe());
    for (int i = 0; i < data->num_instances(); ++i) {
      absl::StatusOr<std::vector<double>> expected = (*trained)->Distribution(data->instances[i]);
      absl::StatusOr<std::vector<double>> actual =
          loaded->classifier->Distribution(data->instances[i]);
      ASSERT_TRUE(expected.ok() && actual.ok());
      ASSERT_EQ(*actual, *expected) << extension << ", instance " << i;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllClassifiers, ModelFileRoundTripTest,
    testing::Values(RoundTripCase{"knn", {{"k", "3"}}, "iris"},
                    RoundTripCase{"knn", {}, "labor"},  // nominal attributes, missing values
                    RoundTripCase{"c45", {}, "iris"}, RoundTripCase{"c45", {}, "labor"},
                    RoundTripCase{"c45", {{"binary_splits", "true"}}, "weather.nominal"},
                    RoundTripCase{"nb", {}, "iris"}, RoundTripCase{"nb", {}, "labor"},
                    RoundTripCase{"gmm", {{"covariance", "full"}}, "iris"},
                    RoundTripCase{"gmm", {{"components", "3"}}, "diabetes"},
                    RoundTripCase{"gmm", {{"covariance", "spherical"}}, "iris"},
                    RoundTripCase{"rf", {{"num_trees", "10"}}, "iris"},
                    RoundTripCase{"rf", {{"num_trees", "10"}}, "labor"}),
    CaseName);

// A model file of `classifier` trained on iris.
ModelFile IrisModel(const std::string& classifier, const ClassifierOptions& options = {}) {
  absl::StatusOr<Dataset> data = ReadArffFile(DataPath("iris"));
  EXPECT_TRUE(data.ok()) << data.status();
  std::unique_ptr<Classifier> trained = *(*ClassifierFactoryFor(classifier, options))();
  EXPECT_TRUE(trained->Train(*data).ok());
  absl::StatusOr<ModelFile> model = MakeModelFile(*data, classifier, options, *trained);
  EXPECT_TRUE(model.ok()) << model.status();
  return *model;
}

// The error of loading `model` written to a file named `name`.
absl::Status LoadError(const ModelFile& model, const std::string& name) {
  const std::string path = TempPath(name);
  EXPECT_TRUE(WriteModelFile(model, path).ok());
  absl::StatusOr<LoadedModel> loaded = LoadModelFile(path);
  EXPECT_FALSE(loaded.ok());
  return loaded.status();
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

TEST(ModelFileTest, MissingFileIsNamed) {
  absl::StatusOr<LoadedModel> loaded = LoadModelFile("/nonexistent/model.bin");
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.status().message(), HasSubstr("/nonexistent/model.bin"));
}

TEST(ModelFileTest, EmptyFileFails) {
  const std::string path = TempPath("empty.model");
  WriteBytes(path, "");
  absl::StatusOr<LoadedModel> loaded = LoadModelFile(path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.status().message(), HasSubstr("empty.model: empty model file"));
}

TEST(ModelFileTest, CorruptBinaryFails) {
  const std::string path = TempPath("corrupt.model");
  WriteBytes(path, "\xff\xff\xff\xff garbage that is no protobuf");
  absl::StatusOr<LoadedModel> loaded = LoadModelFile(path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.status().message(), HasSubstr("corrupt.model: not a binary model file"));
}

TEST(ModelFileTest, TruncatedBinaryFileFails) {
  std::string bytes;
  ASSERT_TRUE(IrisModel("c45").SerializeToString(&bytes));
  const std::string path = TempPath("truncated.model");
  // About a hundred cuts, through the header, the options and the tree.
  for (size_t length = 1; length < bytes.size(); length += bytes.size() / 100 + 1) {
    WriteBytes(path, bytes.substr(0, length));
    absl::StatusOr<LoadedModel> loaded = LoadModelFile(path);
    ASSERT_FALSE(loaded.ok()) << "truncated to " << length << " of " << bytes.size() << " bytes";
    EXPECT_THAT(loaded.status().message(), HasSubstr("truncated.model"));
  }
}

TEST(ModelFileTest, TextSyntaxErrorNamesFileAndLine) {
  const std::string path = TempPath("broken.pbtxt");
  WriteBytes(path, "classifier: \"knn\"\nheader {\n  relation: 3 3\n}\n");
  absl::StatusOr<LoadedModel> loaded = LoadModelFile(path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.status().message(), HasSubstr("broken.pbtxt:3:"));
}

TEST(ModelFileTest, UnknownClassifierIsNamed) {
  ModelFile model = IrisModel("knn");
  model.set_classifier("svm");
  const absl::Status error = LoadError(model, "svm.model");
  EXPECT_THAT(error.message(), HasSubstr("svm.model: unknown classifier 'svm'"));
}

TEST(ModelFileTest, UnknownOptionIsNamed) {
  ModelFile model = IrisModel("knn");
  (*model.mutable_options())["kk"] = "3";
  EXPECT_THAT(LoadError(model, "option.model").message(), HasSubstr("has no option 'kk'"));
}

TEST(ModelFileTest, StateOfAnotherClassifierFails) {
  ModelFile model = IrisModel("knn");
  model.set_classifier("nb");
  EXPECT_THAT(LoadError(model, "other.model").message(),
              HasSubstr("the state is not a naive Bayes state"));
}

TEST(ModelFileTest, BadHeaderFails) {
  ModelFile model = IrisModel("knn");
  model.mutable_header()->set_class_index(7);
  EXPECT_THAT(LoadError(model, "class.model").message(),
              HasSubstr("class.model: bad training header: class index 7"));
  model = IrisModel("knn");
  model.mutable_header()->mutable_attributes(4)->set_type(AttributeHeader::NUMERIC);
  EXPECT_THAT(LoadError(model, "numeric_class.model").message(),
              HasSubstr("classification needs a nominal class"));
  model = IrisModel("knn");
  model.mutable_header()->mutable_attributes(1)->set_name("sepallength");
  EXPECT_THAT(LoadError(model, "twice.model").message(), HasSubstr("appears twice"));
}

TEST(ModelFileTest, KnnSizeMismatchFails) {
  ModelFile model = IrisModel("knn");
  model.mutable_state()->mutable_knn()->mutable_values()->RemoveLast();
  EXPECT_THAT(LoadError(model, "knn.model").message(), HasSubstr("kNN state sizes do not match"));
}

TEST(ModelFileTest, KnnClassOutOfRangeFails) {
  ModelFile model = IrisModel("knn");
  model.mutable_state()->mutable_knn()->set_values(4, 3);  // class of the first instance
  EXPECT_THAT(LoadError(model, "knn_class.model").message(),
              HasSubstr("for nominal attribute 'class'"));
}

TEST(ModelFileTest, NaiveBayesNanMeanFails) {
  ModelFile model = IrisModel("nb");
  model.mutable_state()->mutable_naive_bayes()->mutable_attributes(2)->mutable_normals(1)->set_mean(
      std::nan(""));
  EXPECT_THAT(LoadError(model, "nb.pbtxt").message(),
              HasSubstr("attribute 'petallength' has a normal estimator with a bad parameter"));
}

TEST(ModelFileTest, NaiveBayesMissingEstimatorFails) {
  ModelFile model = IrisModel("nb");
  model.mutable_state()
      ->mutable_naive_bayes()
      ->mutable_attributes(0)
      ->mutable_normals()
      ->RemoveLast();
  EXPECT_THAT(LoadError(model, "nb_size.model").message(),
              HasSubstr("attribute 'sepallength' has 2 normal estimators"));
}

TEST(ModelFileTest, GmmNanMeanFails) {
  ModelFile model = IrisModel("gmm");
  model.mutable_state()->mutable_gmm()->mutable_mixtures(0)->set_means(0, std::nan(""));
  EXPECT_THAT(LoadError(model, "gmm.model").message(), HasSubstr("has mean value nan"));
}

TEST(ModelFileTest, GmmBadCovarianceFails) {
  ModelFile model = IrisModel("gmm");
  model.mutable_state()->mutable_gmm()->mutable_mixtures(1)->set_covariances(0, -1);
  EXPECT_THAT(LoadError(model, "gmm_cov.model").message(), HasSubstr("class 'Iris-versicolor'"));
  model = IrisModel("gmm");
  model.mutable_state()->mutable_gmm()->mutable_mixtures(1)->set_covariance("banana");
  EXPECT_THAT(LoadError(model, "gmm_type.model").message(), HasSubstr("covariance 'banana'"));
}

TEST(ModelFileTest, GmmMixtureCountMismatchFails) {
  ModelFile model = IrisModel("gmm");
  model.mutable_state()->mutable_gmm()->mutable_mixtures()->RemoveLast();
  EXPECT_THAT(LoadError(model, "gmm_count.model").message(), HasSubstr("fewer than flagged"));
}

TEST(ModelFileTest, C45BadTreeFails) {
  ModelFile model = IrisModel("c45");
  C45NodeState& root = *model.mutable_state()->mutable_c45()->mutable_root();
  ASSERT_EQ(root.kind(), C45NodeState::NUMERIC);
  root.mutable_children()->RemoveLast();
  EXPECT_THAT(LoadError(model, "c45.model").message(), HasSubstr("2 bags and 1 children"));

  model = IrisModel("c45");
  model.mutable_state()->mutable_c45()->mutable_root()->set_threshold(std::nan(""));
  EXPECT_THAT(LoadError(model, "c45_nan.model").message(), HasSubstr("node root: numeric split"));

  model = IrisModel("c45");
  model.mutable_state()->mutable_c45()->mutable_root()->set_attribute(4);
  EXPECT_THAT(LoadError(model, "c45_class.model").message(),
              HasSubstr("split attribute 4 is not an attribute"));

  model = IrisModel("c45");
  model.mutable_state()->mutable_c45()->mutable_root()->mutable_children(0)->set_class_weights(0,
                                                                                               -5);
  EXPECT_THAT(LoadError(model, "c45_weight.model").message(),
              HasSubstr("node root.1: a weight is negative"));
}

TEST(ModelFileTest, RandomForestBadTreeFails) {
  ModelFile model = IrisModel("rf", {{"num_trees", "3"}});
  RandomTreeNodeState& root =
      *model.mutable_state()->mutable_random_forest()->mutable_trees(1)->mutable_nodes(0);
  ASSERT_GE(root.attribute(), 0);
  root.set_first_child(0);  // a cycle back to the root
  EXPECT_THAT(LoadError(model, "rf.model").message(), HasSubstr("tree 2, node 1: the split on"));

  model = IrisModel("rf", {{"num_trees", "3"}});
  RandomTreeState& tree = *model.mutable_state()->mutable_random_forest()->mutable_trees(0);
  for (RandomTreeNodeState& node : *tree.mutable_nodes()) {
    if (node.attribute() == -1) {
      node.set_distribution(0, std::nan(""));
      break;
    }
  }
  EXPECT_THAT(LoadError(model, "rf_nan.model").message(), HasSubstr("leaf probability nan"));
}

// A classifier that does not implement SaveState.
class MajorityClassifier : public Classifier {
 public:
  absl::Status Train(const Dataset&) override { return absl::OkStatus(); }
  absl::StatusOr<std::vector<double>> Distribution(const Instance&) const override {
    return std::vector<double>{1, 0, 0};
  }
  std::string Describe() const override { return "majority"; }
};

TEST(ModelFileTest, ClassifierWithoutSaveStateFailsClearly) {
  absl::StatusOr<Dataset> data = ReadArffFile(DataPath("iris"));
  ASSERT_TRUE(data.ok());
  MajorityClassifier majority;
  absl::StatusOr<ModelFile> model = MakeModelFile(*data, "majority", {}, majority);
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(model.status().message(), HasSubstr("majority: this classifier cannot be saved"));
}

TEST(ModelFileTest, UntrainedClassifierCannotBeSaved) {
  absl::StatusOr<Dataset> data = ReadArffFile(DataPath("iris"));
  ASSERT_TRUE(data.ok());
  for (const std::string name : {"knn", "c45", "nb", "gmm", "rf"}) {
    std::unique_ptr<Classifier> untrained = *(*ClassifierFactoryFor(name, {}))();
    EXPECT_EQ(MakeModelFile(*data, name, {}, *untrained).status().code(),
              absl::StatusCode::kFailedPrecondition)
        << name;
  }
}

}  // namespace
}  // namespace sentio
