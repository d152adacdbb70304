#include "classifiers/classifier.h"

namespace sentio {

int MostProbableClass(const std::vector<double>& distribution) {
  int best = 0;
  for (int i = 1; i < static_cast<int>(distribution.size()); ++i) {
    if (distribution[i] > distribution[best]) best = i;
  }
  return best;
}

}  // namespace sentio
