#include "features/kaldi_feature_stream.h"

#include <cmath>
#include <vector>

#include "features/kaldi_fbank.h"
#include "features/kaldi_mfcc.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

std::vector<float> Speechlike(int n) {
  std::vector<float> samples(n);
  for (int i = 0; i < n; ++i) {
    samples[i] = 3000 * std::sin(0.05 * i) * std::sin(0.0007 * i) + 500 * std::sin(1.9 * i) +
                 ((i * 7919) % 101 - 50);
  }
  return samples;
}

FeatureFrames Stream(KaldiFeatureComputer& computer, const std::vector<float>& samples,
                     size_t chunk) {
  KaldiFeatureStream stream(&computer);
  FeatureFrames frames;
  for (size_t start = 0; start < samples.size(); start += chunk) {
    const size_t end = std::min(samples.size(), start + chunk);
    auto out = stream.AcceptSamples(absl::MakeConstSpan(samples).subspan(start, end - start));
    EXPECT_TRUE(out.ok()) << out.status();
    if (out.ok()) frames.insert(frames.end(), out->begin(), out->end());
  }
  auto rest = stream.Finish();
  EXPECT_TRUE(rest.ok());
  if (rest.ok()) frames.insert(frames.end(), rest->begin(), rest->end());
  EXPECT_EQ(stream.num_frames_emitted(), static_cast<int64_t>(frames.size()));
  return frames;
}

void ExpectStreamingEqualsWholeSignal(KaldiFeatureComputer& computer, int num_samples) {
  const std::vector<float> samples = Speechlike(num_samples);
  auto whole = computer.Compute(samples);
  ASSERT_TRUE(whole.ok());
  for (size_t chunk : {1, 7, 160, 4000}) {
    EXPECT_EQ(Stream(computer, samples, chunk), *whole) << "chunk " << chunk;
  }
}

TEST(KaldiFeatureStreamTest, MfccAnyChunkSizeEqualsWholeSignal) {
  auto mfcc = KaldiMfcc::Create(KaldiMfccOptions(), 16000);
  ASSERT_TRUE(mfcc.ok());
  ExpectStreamingEqualsWholeSignal(*mfcc, 12345);
}

TEST(KaldiFeatureStreamTest, MirroredEdgesAnyChunkSizeEqualsWholeSignal) {
  KaldiMfccOptions options;
  options.frame.snip_edges = false;
  options.raw_energy = false;
  auto mfcc = KaldiMfcc::Create(options, 16000);
  ASSERT_TRUE(mfcc.ok());
  ExpectStreamingEqualsWholeSignal(*mfcc, 12345);
  // Signals shorter than a frame mirror more than once; 81 samples give one frame.
  ExpectStreamingEqualsWholeSignal(*mfcc, 81);
  ExpectStreamingEqualsWholeSignal(*mfcc, 401);
}

TEST(KaldiFeatureStreamTest, FbankWithEnergyAnyChunkSizeEqualsWholeSignal) {
  KaldiFbankOptions options;
  options.use_energy = true;
  options.frame.snip_edges = false;
  options.mel.num_bins = 40;
  auto fbank = KaldiFbank::Create(options, 8000);
  ASSERT_TRUE(fbank.ok());
  ExpectStreamingEqualsWholeSignal(*fbank, 5000);
}

TEST(KaldiFeatureStreamTest, EmitsFramesAsSoonAsTheyAreComplete) {
  auto mfcc = KaldiMfcc::Create(KaldiMfccOptions(), 8000);
  ASSERT_TRUE(mfcc.ok());
  KaldiFeatureStream stream(&*mfcc);
  const std::vector<float> samples = Speechlike(300);
  auto first = stream.AcceptSamples(absl::MakeConstSpan(samples).subspan(0, 199));
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->empty());
  auto second = stream.AcceptSamples(absl::MakeConstSpan(samples).subspan(199, 1));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->size(), 1u);  // 200 samples: the first frame
  auto rest = stream.Finish();
  ASSERT_TRUE(rest.ok());
  EXPECT_TRUE(rest->empty());  // with snip_edges, nothing waits for the end
  EXPECT_EQ(stream.num_samples(), 200);
}

TEST(KaldiFeatureStreamTest, RejectsNonFiniteSamplesAndSamplesAfterFinish) {
  auto fbank = KaldiFbank::Create(KaldiFbankOptions(), 8000);
  ASSERT_TRUE(fbank.ok());
  KaldiFeatureStream stream(&*fbank);
  ASSERT_TRUE(stream.AcceptSamples(std::vector<float>(50, 1.0f)).ok());
  auto bad = stream.AcceptSamples(std::vector<float>{1.0f, NAN});
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("sample 51 is nan"));
  ASSERT_TRUE(stream.Finish().ok());
  EXPECT_EQ(stream.AcceptSamples(std::vector<float>{1.0f}).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_FALSE(stream.Finish().ok());
}

}  // namespace
}  // namespace sentio
