#include "cnn/caching/regions.h"

#include <algorithm>

namespace sentio::cnn::caching {
namespace {

// Whether the ranges overlap or lie fewer than `gap` apart.
bool Near(const RowRange& a, const RowRange& b, int64_t gap) {
  return a.begin < b.end + gap && b.begin < a.end + gap;
}

RowRange Aligned(const RowRange& range, int64_t align, int64_t limit) {
  return {range.begin / align * align, std::min(limit, (range.end + align - 1) / align * align)};
}

}  // namespace

int64_t Area(const Regions& regions) {
  int64_t area = 0;
  for (const Rect& rect : regions) area += rect.Area();
  return area;
}

Regions ChangedRegions(const BlockChanges& changes, int64_t height, int64_t width) {
  Regions regions;
  const int64_t size = changes.block_size;
  for (int64_t by = 0; by < changes.block_rows; ++by) {
    const RowRange rows = {by * size, std::min(height, (by + 1) * size)};
    for (int64_t bx = 0; bx < changes.block_cols;) {
      if (!changes.changed[by * changes.block_cols + bx]) {
        ++bx;
        continue;
      }
      int64_t end = bx;
      while (end < changes.block_cols && changes.changed[by * changes.block_cols + end]) ++end;
      regions.push_back({rows, {bx * size, std::min(width, end * size)}});
      bx = end;
    }
  }
  return regions;
}

Regions OutputRegionsReading(const Regions& input, const RowWindow& rows, const RowWindow& cols,
                             int64_t output_height, int64_t output_width) {
  Regions output;
  for (const Rect& rect : input) {
    const RowRanges out_rows = OutputRowsReading({rect.rows}, rows, output_height);
    const RowRanges out_cols = OutputRowsReading({rect.cols}, cols, output_width);
    if (out_rows.empty() || out_cols.empty()) continue;
    output.push_back({out_rows[0], out_cols[0]});
  }
  return output;
}

Regions MergeRegions(Regions regions, int64_t align, int64_t gap, int64_t height, int64_t width) {
  for (Rect& rect : regions) {
    rect.rows = Aligned(rect.rows, align, height);
    rect.cols = Aligned(rect.cols, align, width);
  }
  bool merged = true;
  while (merged) {
    merged = false;
    for (size_t i = 0; i < regions.size() && !merged; ++i) {
      for (size_t j = i + 1; j < regions.size(); ++j) {
        Rect& a = regions[i];
        const Rect& b = regions[j];
        if (!Near(a.rows, b.rows, gap) || !Near(a.cols, b.cols, gap)) continue;
        a.rows = {std::min(a.rows.begin, b.rows.begin), std::max(a.rows.end, b.rows.end)};
        a.cols = {std::min(a.cols.begin, b.cols.begin), std::max(a.cols.end, b.cols.end)};
        regions.erase(regions.begin() + j);
        merged = true;
        break;
      }
    }
  }
  std::sort(regions.begin(), regions.end(), [](const Rect& a, const Rect& b) {
    return a.rows.begin != b.rows.begin ? a.rows.begin < b.rows.begin : a.cols.begin < b.cols.begin;
  });
  return regions;
}

Regions UnionOfRegions(const Regions& a, const Regions& b, int64_t height, int64_t width) {
  Regions all(a);
  all.insert(all.end(), b.begin(), b.end());
  return MergeRegions(std::move(all), 1, 0, height, width);
}

}  // namespace sentio::cnn::caching
