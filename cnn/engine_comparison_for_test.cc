#include "cnn/engine_comparison_for_test.h"

#include <algorithm>
#include <cmath>

namespace sentio {

std::vector<float> RandomValues(int64_t count, std::mt19937& random) {
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::vector<float> values(count);
  for (float& value : values) value = uniform(random);
  return values;
}

double MaxRelativeError(const Tensor& actual, const Tensor& expected) {
  double largest = 0, error = 0;
  for (int64_t i = 0; i < expected.size(); ++i) {
    largest = std::max(largest, std::fabs(static_cast<double>(expected[i])));
    error = std::max(error, std::fabs(static_cast<double>(actual[i]) - expected[i]));
  }
  return largest > 0 ? error / largest : error;
}

}  // namespace sentio
