// Row arithmetic of convolutional caching: which rows of each layer's output the changed rows of
// its input reach (the footprint of a change grown layer by layer through kernels, strides,
// padding and pooling), and which input rows, with what padding, recompute a range of output rows
// exactly as the whole layer would.
#ifndef CNN_CACHING_ROW_BANDS_H_
#define CNN_CACHING_ROW_BANDS_H_

#include <cstdint>
#include <vector>

namespace sentio::cnn::caching {

// Rows [begin, end).
struct RowRange {
  int64_t begin = 0, end = 0;
  bool operator==(const RowRange& other) const { return begin == other.begin && end == other.end; }
};
// Sorted, disjoint, non-empty ranges.
using RowRanges = std::vector<RowRange>;

// A convolution's or pool's window along the rows.
struct RowWindow {
  int64_t kernel = 1, stride = 1, pad_top = 0, dilation = 1;
};

// The rows of an output of `output_height` rows whose window covers a row of `input`.
RowRanges OutputRowsReading(const RowRanges& input, const RowWindow& window, int64_t output_height);

// What recomputes output rows `output` of a window op on an input of `input_height` rows: input
// rows [begin, end) with `pad_top` and `pad_bottom` rows of padding (the op's own padding where the
// range reaches the image's edge, none elsewhere).
struct InputBand {
  int64_t begin = 0, end = 0, pad_top = 0, pad_bottom = 0;
};
InputBand InputRowsFor(const RowRange& output, const RowWindow& window, int64_t input_height);

}  // namespace sentio::cnn::caching

#endif  // CNN_CACHING_ROW_BANDS_H_
