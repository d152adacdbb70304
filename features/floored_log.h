// log(max(x, floor)) of many floats at once, as Kaldi floors and takes the log of its filterbank
// energies. The logarithm is Cephes's logf (a degree-9 polynomial on [sqrt(1/2), sqrt(2)) plus the
// exponent times ln 2), written so that GCC vectorises it: within 1 ulp of glibc's std::log for
// every float from FLT_EPSILON up, with log(inf) = inf and NaN passed through.
#ifndef FEATURES_FLOORED_LOG_H_
#define FEATURES_FLOORED_LOG_H_

#include "absl/types/span.h"

namespace sentio {

// values[i] = log(max(values[i], floor)). `floor` must be a positive normal float.
void FlooredLogInPlace(absl::Span<float> values, float floor);

}  // namespace sentio

#endif  // FEATURES_FLOORED_LOG_H_
