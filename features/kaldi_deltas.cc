#include "features/kaldi_deltas.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace sentio {
namespace {

// Output frame t (dim * weights.size() values) from the input frame rows given by `row(index)`,
// indices clamped to [0, last].
template <typename Row>
void DeltaFrame(const std::vector<std::vector<float>>& weights, int dim, int64_t t, int64_t last,
                Row row, float* out) {
  for (size_t order = 0; order < weights.size(); ++order) {
    const std::vector<float>& w = weights[order];
    const int64_t reach = static_cast<int64_t>(w.size() - 1) / 2;
    float* target = out + order * dim;
    std::fill(target, target + dim, 0.0f);
    for (int64_t j = -reach; j <= reach; ++j) {
      const float scale = w[j + reach];
      if (scale == 0.0f) continue;
      const int64_t index = std::clamp<int64_t>(t + j, 0, last);
      for (int d = 0; d < dim; ++d) target[d] += scale * row(index, d);
    }
  }
}

}  // namespace

absl::Status CheckDeltaOptions(const DeltaOptions& options) {
  if (options.order < 0 || options.order > 10) {
    return absl::InvalidArgumentError(
        absl::StrCat("delta order ", options.order, " is outside 0 to 10"));
  }
  if (options.window < 1 || options.window > 100) {
    return absl::InvalidArgumentError(
        absl::StrCat("delta window ", options.window, " is outside 1 to 100"));
  }
  return absl::OkStatus();
}

std::vector<std::vector<float>> DeltaWeights(const DeltaOptions& options) {
  std::vector<std::vector<float>> weights = {{1.0f}};
  const int window = options.window;
  float normaliser = 0;
  for (int j = -window; j <= window; ++j) normaliser += static_cast<float>(j * j);
  for (int i = 1; i <= options.order; ++i) {
    const std::vector<float>& previous = weights.back();
    const int previous_reach = static_cast<int>(previous.size() - 1) / 2;
    const int reach = previous_reach + window;
    std::vector<float> current(previous.size() + 2 * window, 0.0f);
    for (int j = -window; j <= window; ++j) {
      for (int k = -previous_reach; k <= previous_reach; ++k) {
        current[j + k + reach] += static_cast<float>(j) * previous[k + previous_reach];
      }
    }
    for (float& w : current) w *= 1.0f / normaliser;
    weights.push_back(std::move(current));
  }
  return weights;
}

absl::StatusOr<Frames> ComputeDeltas(const Frames& input, const DeltaOptions& options) {
  if (absl::Status status = CheckDeltaOptions(options); !status.ok()) return status;
  if (input.dim < 1) return absl::InvalidArgumentError("frames need at least one value");
  const std::vector<std::vector<float>> weights = DeltaWeights(options);
  Frames output;
  output.dim = input.dim * static_cast<int>(weights.size());
  output.values.resize(input.size() * output.dim);
  const auto row = [&](int64_t index, int d) { return input.values[index * input.dim + d]; };
  for (int64_t t = 0; t < input.size(); ++t) {
    DeltaFrame(weights, input.dim, t, input.size() - 1, row, &output.values[t * output.dim]);
  }
  return output;
}

absl::StatusOr<StreamingDeltas> StreamingDeltas::Create(const DeltaOptions& options, int dim) {
  if (absl::Status status = CheckDeltaOptions(options); !status.ok()) return status;
  if (dim < 1) return absl::InvalidArgumentError("frames need at least one value");
  return StreamingDeltas(options, dim);
}

void StreamingDeltas::EmitNext(int64_t last, Frames& out) {
  const auto row = [&](int64_t index, int d) {
    return buffer_[(index - buffer_start_) * dim_ + d];
  };
  out.values.resize(out.values.size() + output_dim());
  DeltaFrame(weights_, dim_, next_out_, last, row, &out.values[out.values.size() - output_dim()]);
  ++next_out_;
  // Frames before next_out_ - reach_ are needed by no later output (frame 0 only while the
  // clamped window still reaches it, which the same bound covers).
  const int64_t keep_from = std::max<int64_t>(0, next_out_ - reach_);
  while (buffer_start_ < keep_from) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + dim_);
    ++buffer_start_;
  }
}

Frames StreamingDeltas::Accept(const std::vector<float>& frames) {
  buffer_.insert(buffer_.end(), frames.begin(), frames.end());
  received_ += static_cast<int64_t>(frames.size()) / dim_;
  Frames out;
  out.dim = output_dim();
  // Output t is final once frame t + reach has arrived (later frames are not read).
  while (next_out_ + reach_ < received_) EmitNext(received_ - 1, out);
  return out;
}

Frames StreamingDeltas::Finish() {
  Frames out;
  out.dim = output_dim();
  while (next_out_ < received_) EmitNext(received_ - 1, out);
  buffer_.clear();
  buffer_start_ = received_ = next_out_ = 0;
  return out;
}

}  // namespace sentio
