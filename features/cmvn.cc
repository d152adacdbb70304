#include "features/cmvn.h"

#include <cmath>

#include "absl/strings/str_cat.h"

namespace sentio {
namespace {

constexpr double kVarianceFloor = 1e-20;  // Kaldi's apply-cmvn

// x * scale + offset per dimension, from the statistics of `count` frames.
void Normalise(const std::vector<double>& sum, const std::vector<double>& sum_squares, double count,
               bool norm_vars, float* frame) {
  for (size_t d = 0; d < sum.size(); ++d) {
    const double mean = sum[d] / count;
    double scale = 1.0;
    if (norm_vars) {
      const double variance = std::max(sum_squares[d] / count - mean * mean, kVarianceFloor);
      scale = 1.0 / std::sqrt(variance);
    }
    const float offset = static_cast<float>(-(mean * scale));
    frame[d] = frame[d] * static_cast<float>(scale) + offset;
  }
}

}  // namespace

void ApplyUtteranceCmvn(bool norm_vars, Frames& frames) {
  const int64_t count = frames.size();
  if (count == 0) return;
  std::vector<double> sum(frames.dim), sum_squares(frames.dim);
  for (int64_t t = 0; t < count; ++t) {
    for (int d = 0; d < frames.dim; ++d) {
      const double x = frames.values[t * frames.dim + d];
      sum[d] += x;
      sum_squares[d] += x * x;
    }
  }
  for (int64_t t = 0; t < count; ++t) {
    Normalise(sum, sum_squares, static_cast<double>(count), norm_vars,
              &frames.values[t * frames.dim]);
  }
}

absl::StatusOr<SlidingCmn> SlidingCmn::Create(int window, int dim, bool norm_vars) {
  if (window < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("the CMN window (", window, " frames) must be positive"));
  }
  if (dim < 1) return absl::InvalidArgumentError("frames need at least one value");
  return SlidingCmn(window, dim, norm_vars);
}

void SlidingCmn::Apply(std::vector<float>& frames) {
  for (size_t start = 0; start + dim_ <= frames.size(); start += dim_) {
    std::vector<float> raw(frames.begin() + start, frames.begin() + start + dim_);
    for (int d = 0; d < dim_; ++d) {
      sum_[d] += raw[d];
      sum_squares_[d] += static_cast<double>(raw[d]) * raw[d];
    }
    recent_.push_back(std::move(raw));
    if (static_cast<int>(recent_.size()) > window_) {
      for (int d = 0; d < dim_; ++d) {
        const double x = recent_.front()[d];
        sum_[d] -= x;
        sum_squares_[d] -= x * x;
      }
      recent_.pop_front();
    }
    Normalise(sum_, sum_squares_, static_cast<double>(recent_.size()), norm_vars_, &frames[start]);
  }
}

}  // namespace sentio
