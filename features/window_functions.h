// Analysis windows for framed signals, with Kaldi's definitions (feature-window.cc): Hann and
// Hamming divide by N - 1 (symmetric windows), Povey is Hann to the power 0.85 and Blackman takes
// Kaldi's coefficient (0.42 by default).
#ifndef FEATURES_WINDOW_FUNCTIONS_H_
#define FEATURES_WINDOW_FUNCTIONS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace sentio {

enum class WindowType { kRectangular, kHann, kHamming, kPovey, kBlackman };

// Kaldi's names: "rectangular", "hanning", "hamming", "povey", "blackman" ("hann" is also taken).
absl::StatusOr<WindowType> ParseWindowType(absl::string_view name);
std::string WindowTypeName(WindowType type);

// The `length` window values, computed in double like Kaldi and stored as float. With
// a = 2 pi / (length - 1): Hann 0.5 - 0.5 cos(a i), Hamming 0.54 - 0.46 cos(a i), Povey
// Hann^0.85, Blackman c - 0.5 cos(a i) + (0.5 - c) cos(2 a i). A window of length 1 is {1}.
std::vector<float> MakeWindow(WindowType type, int length, double blackman_coeff = 0.42);

}  // namespace sentio

#endif  // FEATURES_WINDOW_FUNCTIONS_H_
