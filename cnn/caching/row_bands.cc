#include "cnn/caching/row_bands.h"

#include <algorithm>

namespace sentio::cnn::caching {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
int64_t CeilDiv(int64_t a, int64_t b) { return -FloorDiv(-a, b); }

// Adds [begin, end) to sorted `ranges` whose last range starts at or before `begin`.
void Append(RowRanges& ranges, int64_t begin, int64_t end) {
  if (begin >= end) return;
  if (!ranges.empty() && begin <= ranges.back().end) {
    ranges.back().end = std::max(ranges.back().end, end);
  } else {
    ranges.push_back({begin, end});
  }
}

}  // namespace

RowRanges OutputRowsReading(const RowRanges& input, const RowWindow& window,
                            int64_t output_height) {
  // Output row o reads input rows o * stride - pad_top + [0, (kernel - 1) * dilation].
  const int64_t span = (window.kernel - 1) * window.dilation;
  RowRanges output;
  for (const RowRange& range : input) {
    const int64_t first =
        std::max<int64_t>(0, CeilDiv(range.begin + window.pad_top - span, window.stride));
    const int64_t last =
        std::min(output_height - 1, FloorDiv(range.end - 1 + window.pad_top, window.stride));
    Append(output, first, last + 1);
  }
  return output;
}

InputBand InputRowsFor(const RowRange& output, const RowWindow& window, int64_t input_height) {
  const int64_t first = output.begin * window.stride - window.pad_top;
  const int64_t end =
      (output.end - 1) * window.stride - window.pad_top + (window.kernel - 1) * window.dilation + 1;
  InputBand band;
  band.begin = std::max<int64_t>(first, 0);
  band.end = std::min(end, input_height);
  band.pad_top = band.begin - first;
  band.pad_bottom = end - band.end;
  return band;
}

}  // namespace sentio::cnn::caching
