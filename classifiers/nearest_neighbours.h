// A neighbour found by a kNN search, and the rule every search uses to pick the k nearest: the k
// smallest distances plus every neighbour tied with the k-th (Weka IBk lets ties vote), ordered by
// distance and then by training index, so that different searches give identical lists.
#ifndef CLASSIFIERS_NEAREST_NEIGHBOURS_H_
#define CLASSIFIERS_NEAREST_NEIGHBOURS_H_

#include <vector>

namespace sentio {

struct Neighbour {
  double distance;
  int index;  // the training row

  bool operator<(const Neighbour& other) const {
    return distance < other.distance || (distance == other.distance && index < other.index);
  }
  bool operator==(const Neighbour& other) const {
    return distance == other.distance && index == other.index;
  }
};

// The k nearest of `candidates` and all tied with the k-th, nearest first. `candidates` must
// hold every row whose distance is at most the k-th smallest; k >= 1.
std::vector<Neighbour> NearestWithTies(std::vector<Neighbour> candidates, int k);

}  // namespace sentio

#endif  // CLASSIFIERS_NEAREST_NEIGHBOURS_H_
