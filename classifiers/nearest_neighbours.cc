#include "classifiers/nearest_neighbours.h"

#include <algorithm>
#include <utility>

namespace sentio {

std::vector<Neighbour> NearestWithTies(std::vector<Neighbour> candidates, int k) {
  if (static_cast<size_t>(k) < candidates.size()) {
    std::nth_element(candidates.begin(), candidates.begin() + (k - 1), candidates.end());
    const double kth_distance = candidates[k - 1].distance;
    candidates.erase(std::partition(candidates.begin(), candidates.end(),
                                    [kth_distance](const Neighbour& neighbour) {
                                      return neighbour.distance <= kth_distance;
                                    }),
                     candidates.end());
  }
  std::sort(candidates.begin(), candidates.end());
  return candidates;
}

}  // namespace sentio
