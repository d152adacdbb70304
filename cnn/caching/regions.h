// The rectangles of an image that convolutional caching recomputes: the changed blocks of a frame,
// grown through each layer's window separately along rows and columns (cnn/caching/row_bands.h),
// and merged into few disjoint rectangles so that each costs one kernel call.
#ifndef CNN_CACHING_REGIONS_H_
#define CNN_CACHING_REGIONS_H_

#include <cstdint>
#include <vector>

#include "cnn/caching/block_changes.h"
#include "cnn/caching/row_bands.h"

namespace sentio::cnn::caching {

struct Rect {
  RowRange rows, cols;
  int64_t Area() const { return (rows.end - rows.begin) * (cols.end - cols.begin); }
  bool operator==(const Rect& other) const { return rows == other.rows && cols == other.cols; }
};
using Regions = std::vector<Rect>;

int64_t Area(const Regions& regions);

// The changed blocks of a frame of `height` x `width` pixels, runs of changed blocks along each
// block row as one rectangle.
Regions ChangedRegions(const BlockChanges& changes, int64_t height, int64_t width);

// The outputs (of `output_height` x `output_width`) whose window covers a pixel of `input`.
Regions OutputRegionsReading(const Regions& input, const RowWindow& rows, const RowWindow& cols,
                             int64_t output_height, int64_t output_width);

// `regions` with each rectangle widened to multiples of `align` (within the image) and any two
// that overlap or lie fewer than `gap` pixels apart in both directions replaced by their bounding
// box, until none do: disjoint rectangles covering at least `regions`.
Regions MergeRegions(Regions regions, int64_t align, int64_t gap, int64_t height, int64_t width);

// All of `a` and `b`, merged as MergeRegions does with no widening.
Regions UnionOfRegions(const Regions& a, const Regions& b, int64_t height, int64_t width);

}  // namespace sentio::cnn::caching

#endif  // CNN_CACHING_REGIONS_H_
