#include "cnn/caching/row_bands.h"

#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::caching {
namespace {

using ::testing::ElementsAre;

// Output rows of a window reading any input row in `rows`, by enumerating every tap.
std::vector<bool> ReadingByEnumeration(const std::vector<bool>& rows, const RowWindow& w,
                                       int64_t output_height) {
  std::vector<bool> out(output_height, false);
  for (int64_t o = 0; o < output_height; ++o) {
    for (int64_t t = 0; t < w.kernel; ++t) {
      const int64_t i = o * w.stride - w.pad_top + t * w.dilation;
      if (i >= 0 && i < static_cast<int64_t>(rows.size()) && rows[i]) out[o] = true;
    }
  }
  return out;
}

std::vector<bool> AsRows(const RowRanges& ranges, int64_t height) {
  std::vector<bool> rows(height, false);
  for (const RowRange& r : ranges) {
    for (int64_t i = r.begin; i < r.end; ++i) rows[i] = true;
  }
  return rows;
}

// A window of 1 to 7 taps, stride 1 to 3, dilation 1 or 2, less padding than taps.
RowWindow RandomWindow(std::mt19937& random) {
  RowWindow w;
  w.kernel = 1 + random() % 7;
  w.stride = 1 + random() % 3;
  w.dilation = 1 + random() % 2;
  w.pad_top = random() % w.kernel;
  return w;
}

TEST(RowBandsTest, OutputRowsMatchEnumerationOfTaps) {
  std::mt19937 random(1);
  for (int trial = 0; trial < 2000; ++trial) {
    const RowWindow w = RandomWindow(random);
    const int64_t height = 1 + random() % 40;
    const int64_t padded = height + 2 * w.pad_top - (w.kernel - 1) * w.dilation - 1;
    if (padded < 0) continue;  // the window does not fit
    const int64_t output_height = padded / w.stride + 1;
    const int64_t a = random() % height, b = a + 1 + random() % (height - a);
    const RowRanges input = {{a, b}};
    const std::vector<bool> got = AsRows(OutputRowsReading(input, w, output_height), output_height);
    // The ranges are the hull of the reading rows: with dilation a row between taps may be
    // included, never a reading row left out.
    const std::vector<bool> want = ReadingByEnumeration(AsRows(input, height), w, output_height);
    for (int64_t o = 0; o < output_height; ++o) {
      if (want[o]) {
        EXPECT_TRUE(got[o]) << trial << " row " << o;
      }
      if (w.dilation == 1) {
        EXPECT_EQ(got[o], want[o]) << trial << " row " << o;
      }
    }
  }
}

TEST(RowBandsTest, InputBandRecomputesExactlyTheOutputRows) {
  std::mt19937 random(2);
  for (int trial = 0; trial < 2000; ++trial) {
    const RowWindow w = RandomWindow(random);
    const int64_t pad_bottom = random() % w.kernel;
    const int64_t height = 1 + random() % 40;
    const int64_t span = (w.kernel - 1) * w.dilation;
    const int64_t padded = height + w.pad_top + pad_bottom - span - 1;
    if (padded < 0) continue;  // the window does not fit
    const int64_t output_height = padded / w.stride + 1;
    const int64_t a = random() % output_height, b = a + 1 + random() % (output_height - a);
    const InputBand band = InputRowsFor({a, b}, w, height);
    ASSERT_GE(band.begin, 0);
    ASSERT_LE(band.end, height);
    // The band's own output has b - a rows and its first row is output row a.
    EXPECT_EQ((band.end - band.begin + band.pad_top + band.pad_bottom - span - 1) / w.stride + 1,
              b - a)
        << trial;
    EXPECT_EQ(band.begin - band.pad_top, a * w.stride - w.pad_top) << trial;
    EXPECT_LE(band.pad_top, w.pad_top) << trial;
    // Padding below only where the window passes the image's last row, as the whole layer's.
    EXPECT_LE(band.pad_bottom, pad_bottom) << trial;
    if (band.pad_bottom > 0) {
      EXPECT_EQ(band.end, height) << trial;
    }
  }
}

}  // namespace
}  // namespace sentio::cnn::caching
