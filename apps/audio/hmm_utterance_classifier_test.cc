// Malformed word-HMM model files are refused with the file named and the fault said.
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>

#include "classifiers/word_hmm.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/fake_stage_context.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

std::string OpenError(const std::string& name, const std::string& bytes) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  auto stage = FakeStageContext::ForStage("HmmUtteranceClassifier", {{"model", path}});
  EXPECT_TRUE(stage.ok());
  return std::string(stage->first->Open(*stage->second).message());
}

WordHmmSet TwoWords() {
  WordHmmSet set;
  for (const char* label : {"yes", "no"}) {
    set.add_labels(label);
    WordHmmState& model = *set.add_models();
    GaussianMixtureState& state = *model.add_states();
    state.set_covariance("diag");
    state.add_weights(1);
    state.add_means(0);
    state.add_covariances(1);
    model.add_self_loop(0.5);
  }
  set.add_feature_mean(0);
  set.add_feature_scale(1);
  return set;
}

TEST(HmmUtteranceClassifierTest, RefusesMalformedModelFiles) {
  EXPECT_THAT(OpenError("garbage.model", "\xff\xff\xff not a protobuf"),
              HasSubstr("garbage.model: not a word HMM model file"));
  EXPECT_THAT(OpenError("empty.model", ""), HasSubstr("empty.model: 0 labels, 0 models"));
  WordHmmSet set = TwoWords();
  set.add_labels("maybe");
  EXPECT_THAT(OpenError("sizes.model", set.SerializeAsString()),
              HasSubstr("3 labels, 2 models, 1 means and 1 scales do not fit together"));
  set = TwoWords();
  set.set_feature_scale(0, 0);
  EXPECT_THAT(OpenError("scale.model", set.SerializeAsString()),
              HasSubstr("frame value 0 has mean 0 and scale 0"));
  set = TwoWords();
  set.mutable_models(1)->mutable_states(0)->set_means(0, std::nan(""));
  EXPECT_THAT(OpenError("nan.model", set.SerializeAsString()),
              HasSubstr("the model of 'no': state 1: has mean value nan"));
  set = TwoWords();
  set.mutable_models(0)->set_self_loop(0, 1.5);
  EXPECT_THAT(OpenError("stay.model", set.SerializeAsString()),
              HasSubstr("the model of 'yes': a stay probability of 1.5"));
  EXPECT_THAT(OpenError("good.model", TwoWords().SerializeAsString()), ::testing::IsEmpty());
}

}  // namespace
}  // namespace sentio
