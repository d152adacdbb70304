// C4.5's simplification of a grown tree, as Weka 3.6's J48 (C45PruneableClassifierTree) does it:
// collapsing subtrees that do not reduce the training error, and error-based pruning, where a
// subtree is replaced by a leaf or by its largest branch (subtree raising) when the upper
// confidence bound of the error does not grow.
#ifndef CLASSIFIERS_C45_PRUNING_H_
#define CLASSIFIERS_C45_PRUNING_H_

#include "classifiers/c45_split.h"
#include "classifiers/c45_tree.h"

namespace sentio {

// The errors to add to `errors` observed among `total` weight for the upper limit of the binomial
// confidence interval at `confidence` (Weka's Stats.addErrs; the confidence is a float there).
double AddedErrors(double total, double errors, float confidence);

// Turns into leaves the subtrees whose leaves make no fewer training errors than the node itself.
void CollapseC45Tree(C45Node& node);

// Error-based pruning with subtree raising; nodes keep their training rows for it.
void PruneC45Tree(const C45TrainingSet& training, float confidence, C45Node& node);

}  // namespace sentio

#endif  // CLASSIFIERS_C45_PRUNING_H_
