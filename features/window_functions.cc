#include "features/window_functions.h"

#include <cmath>

#include "absl/strings/str_cat.h"

namespace sentio {

absl::StatusOr<WindowType> ParseWindowType(absl::string_view name) {
  if (name == "rectangular") return WindowType::kRectangular;
  if (name == "hanning" || name == "hann") return WindowType::kHann;
  if (name == "hamming") return WindowType::kHamming;
  if (name == "povey") return WindowType::kPovey;
  if (name == "blackman") return WindowType::kBlackman;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown window type '", name, "' (rectangular, hanning, hamming, povey or blackman)"));
}

std::string WindowTypeName(WindowType type) {
  switch (type) {
    case WindowType::kRectangular:
      return "rectangular";
    case WindowType::kHann:
      return "hanning";
    case WindowType::kHamming:
      return "hamming";
    case WindowType::kPovey:
      return "povey";
    case WindowType::kBlackman:
      return "blackman";
  }
  return "unknown";
}

std::vector<float> MakeWindow(WindowType type, int length, double blackman_coeff) {
  if (length <= 0) return {};
  if (length == 1) return {1.0f};
  std::vector<float> window(length);
  const double a = 2.0 * M_PI / (length - 1);
  for (int i = 0; i < length; ++i) {
    const double hann = 0.5 - 0.5 * std::cos(a * i);
    double value = 1.0;
    switch (type) {
      case WindowType::kRectangular:
        value = 1.0;
        break;
      case WindowType::kHann:
        value = hann;
        break;
      case WindowType::kHamming:
        value = 0.54 - 0.46 * std::cos(a * i);
        break;
      case WindowType::kPovey:
        value = std::pow(hann, 0.85);
        break;
      case WindowType::kBlackman:
        value =
            blackman_coeff - 0.5 * std::cos(a * i) + (0.5 - blackman_coeff) * std::cos(2 * a * i);
        break;
    }
    window[i] = static_cast<float>(value);
  }
  return window;
}

}  // namespace sentio
