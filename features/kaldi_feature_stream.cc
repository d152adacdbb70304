#include "features/kaldi_feature_stream.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace sentio {

KaldiFeatureStream::KaldiFeatureStream(KaldiFeatureComputer* computer)
    : computer_(computer), extractor_(computer->extractor()) {}

float KaldiFeatureStream::SampleAt(int64_t index) const {
  // Mirroring only reaches before recent_start_ into the first frame_length samples (head_).
  return index >= recent_start_ ? recent_[index - recent_start_] : head_[index];
}

void KaldiFeatureStream::EmitFrame(int64_t signal_length, FeatureFrames& out) {
  const int64_t first = extractor_.FirstSampleOfFrame(next_frame_);
  frame_buffer_.resize(extractor_.frame_length());
  for (int i = 0; i < extractor_.frame_length(); ++i) {
    frame_buffer_[i] = SampleAt(KaldiFrameExtractor::ReflectIndex(first + i, signal_length));
  }
  out.emplace_back(computer_->dim());
  computer_->ComputeRawFrame(frame_buffer_, absl::MakeSpan(out.back()));
  ++next_frame_;
}

absl::StatusOr<FeatureFrames> KaldiFeatureStream::AcceptSamples(absl::Span<const float> samples) {
  if (finished_) return absl::FailedPreconditionError("samples after the end of the stream");
  RETURN_IF_ERROR(CheckFiniteSamples(samples, num_samples_));
  if (!extractor_.options().snip_edges && head_.size() < size_t(extractor_.frame_length())) {
    const size_t take = std::min(samples.size(), extractor_.frame_length() - head_.size());
    head_.insert(head_.end(), samples.begin(), samples.begin() + take);
  }
  recent_.insert(recent_.end(), samples.begin(), samples.end());
  num_samples_ += samples.size();

  // A frame that ends within the samples so far is final: mirroring at the start only reads
  // samples inside it, so it does not depend on where the signal will end.
  FeatureFrames frames;
  while (extractor_.FirstSampleOfFrame(next_frame_) + extractor_.frame_length() <= num_samples_) {
    EmitFrame(num_samples_, frames);
  }
  const int64_t keep_from =
      std::clamp<int64_t>(extractor_.FirstSampleOfFrame(next_frame_), 0, num_samples_);
  recent_.erase(recent_.begin(), recent_.begin() + (keep_from - recent_start_));
  recent_start_ = keep_from;
  return frames;
}

absl::StatusOr<FeatureFrames> KaldiFeatureStream::Finish() {
  if (finished_) return absl::FailedPreconditionError("the stream is already finished");
  finished_ = true;
  FeatureFrames frames;
  const int64_t total = extractor_.NumFrames(num_samples_);
  while (next_frame_ < total) EmitFrame(num_samples_, frames);
  return frames;
}

}  // namespace sentio
