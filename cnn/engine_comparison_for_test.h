// Test helpers for comparing engines: random inputs and weights, and the error of one engine's
// output relative to another's.
#ifndef CNN_ENGINE_COMPARISON_FOR_TEST_H_
#define CNN_ENGINE_COMPARISON_FOR_TEST_H_

#include <cstdint>
#include <random>
#include <vector>

#include "cnn/tensor.h"

namespace sentio {

// `count` values drawn uniformly from [-1, 1).
std::vector<float> RandomValues(int64_t count, std::mt19937& random);

// max |actual - expected| over max |expected| (the plain max error when `expected` is all zeros):
// the error relative to the output's scale.
double MaxRelativeError(const Tensor& actual, const Tensor& expected);

}  // namespace sentio

#endif  // CNN_ENGINE_COMPARISON_FOR_TEST_H_
