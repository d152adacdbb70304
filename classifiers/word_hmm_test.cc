#include "classifiers/word_hmm.h"

#include <cmath>
#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

// A "word": segments of 2-D frames around `means` in order, each 4 to 12 frames long.
FrameSequence Word(const std::vector<double>& means, std::mt19937& random) {
  std::normal_distribution<double> noise(0, 1);
  FrameSequence frames;
  for (double mean : means) {
    const int length = std::uniform_int_distribution<int>(4, 12)(random);
    for (int i = 0; i < length; ++i)
      frames.push_back({mean + noise(random), -mean + noise(random)});
  }
  return frames;
}

// "up" and "down" have the same frames in opposite orders: only the order tells them apart,
// which a bag-of-frames mixture cannot see and a left-to-right model must.
TEST(WordHmmTest, TellsWordsApartByTheOrderOfTheirSounds) {
  std::mt19937 random(1);
  std::vector<FrameSequence> up, down;
  for (int i = 0; i < 20; ++i) {
    up.push_back(Word({0, 5, 10}, random));
    down.push_back(Word({10, 5, 0}, random));
  }
  WordHmmOptions options;
  options.states = 3;
  options.components = 1;
  const std::vector<WordHmm> models = {*WordHmm::Train(up, options),
                                       *WordHmm::Train(down, options)};
  int correct = 0;
  for (int i = 0; i < 50; ++i) {
    const FrameSequence a = Word({0, 5, 10}, random), b = Word({10, 5, 0}, random);
    correct += models[0].ViterbiLogLikelihood(a) > models[1].ViterbiLogLikelihood(a);
    correct += models[1].ViterbiLogLikelihood(b) > models[0].ViterbiLogLikelihood(b);
  }
  EXPECT_EQ(correct, 100);
  // Stays: about 7 frames per state, so a stay probability near 6/7.
  EXPECT_NEAR(std::exp(models[0].log_stay(1)), 6.0 / 7, 0.1);
}

TEST(WordHmmTest, ScorerSavedStateAndShortSequences) {
  std::mt19937 random(2);
  std::vector<FrameSequence> words;
  for (int i = 0; i < 10; ++i) words.push_back(Word({1, 4}, random));
  WordHmmOptions options;
  options.states = 4;
  const WordHmm model = *WordHmm::Train(words, options);
  const FrameSequence test = Word({1, 4}, random);
  const double score = model.ViterbiLogLikelihood(test);
  EXPECT_TRUE(std::isfinite(score));
  // The saved model scores the same.
  const WordHmm restored = *WordHmm::FromState(model.ToState(), 2);
  EXPECT_DOUBLE_EQ(restored.ViterbiLogLikelihood(test), score);
  // Frame by frame, as a stream.
  const std::vector<WordHmm> models = {model, restored};
  WordHmmScorer scorer(&models);
  for (const auto& frame : test) scorer.Accept(frame);
  EXPECT_DOUBLE_EQ(scorer.Scores()[0], score);
  EXPECT_EQ(scorer.frames(), static_cast<int64_t>(test.size()));
  // Fewer frames than states: no path ends in the last state.
  EXPECT_EQ(model.ViterbiLogLikelihood({test.begin(), test.begin() + 3}),
            -std::numeric_limits<double>::infinity());
}

TEST(WordHmmTest, BadInputIsNamed) {
  WordHmmOptions options;
  options.states = 8;
  EXPECT_THAT(WordHmm::Train({{{1.0}, {2.0}}}, options).status().message(),
              HasSubstr("no training sequence has the 8 frames"));
  options.states = 0;
  EXPECT_THAT(WordHmm::Train({}, options).status().message(), HasSubstr("out of range"));
  WordHmmState state;
  state.add_self_loop(0.5);
  EXPECT_THAT(WordHmm::FromState(state, 2).status().message(), HasSubstr("0 states and 1"));
}

}  // namespace
}  // namespace sentio
