#include "features/colour_histogram.h"

#include <cstdint>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::DoubleEq;
using ::testing::Each;
using ::testing::HasSubstr;

// A YUV 4:2:0 frame that owns its planes, all samples `fill` at first.
struct OwnedYuvFrame {
  OwnedYuvFrame(int width, int height, uint8_t fill)
      : width(width),
        height(height),
        y(width * height, fill),
        u(((width + 1) / 2) * ((height + 1) / 2), fill),
        v(u.size(), fill) {}

  Yuv420Frame View() const {
    const int chroma_width = (width + 1) / 2, chroma_height = (height + 1) / 2;
    return {{y, width, height, width},
            {u, chroma_width, chroma_height, chroma_width},
            {v, chroma_width, chroma_height, chroma_width}};
  }

  // Sets luma [x0, x1) x [y0, y1) to `value`.
  void FillLuma(int x0, int x1, int y0, int y1, uint8_t value) {
    for (int r = y0; r < y1; ++r) {
      for (int c = x0; c < x1; ++c) y[r * width + c] = value;
    }
  }

  int width, height;
  std::vector<uint8_t> y, u, v;
};

double Distance(const BlockHistograms& h, int ax, int ay, int bx, int by) {
  return *ChiSquareDistance(h.at(ax, ay), h.at(bx, by));
}

TEST(ColourHistogramTest, IdenticalBlocksAreAtDistanceZeroAndDifferentOnesAreNot) {
  // 32x32 in 16x16 blocks; the right-hand blocks get a luma gradient, the bottom-right one a
  // brighter one.
  OwnedYuvFrame frame(32, 32, 128);
  for (int x = 16; x < 32; ++x) frame.FillLuma(x, x + 1, 0, 32, static_cast<uint8_t>(x * 4));
  frame.FillLuma(16, 32, 16, 32, 250);
  auto h = Yuv420BlockHistograms(frame.View());
  ASSERT_TRUE(h.ok()) << h.status();
  ASSERT_EQ(h->blocks_across, 2);
  ASSERT_EQ(h->blocks_down, 2);
  ASSERT_EQ(h->at(0, 0).size(), 48u);
  EXPECT_EQ(Distance(*h, 0, 0, 0, 1), 0);  // both uniform 128
  EXPECT_GT(Distance(*h, 0, 0, 1, 0), 0);
  EXPECT_GT(Distance(*h, 1, 0, 1, 1), 0);
  double total = 0;
  for (double bin : h->at(1, 0)) total += bin;
  EXPECT_DOUBLE_EQ(total, 1.0);
}

TEST(ColourHistogramTest, HandComputedDistance) {
  // Luma 0 against luma 255 with the same chroma: 1/3 of the mass moves from bin 0 to bin 15,
  // so the distance is 2 * (1/3)^2 / (1/3) = 2/3 (no factor 1/2). Disjoint in all three channels
  // it is 2.
  OwnedYuvFrame dark(16, 16, 0), bright(16, 16, 0);
  bright.FillLuma(0, 16, 0, 16, 255);
  auto a = Yuv420BlockHistograms(dark.View());
  auto b = Yuv420BlockHistograms(bright.View());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_DOUBLE_EQ(*ChiSquareDistance(a->at(0, 0), b->at(0, 0)), 2.0 / 3);
  auto white = Yuv420BlockHistograms(OwnedYuvFrame(16, 16, 255).View());
  EXPECT_DOUBLE_EQ(*ChiSquareDistance(a->at(0, 0), white->at(0, 0)), 2.0);
  EXPECT_THAT(
      *ChiSquareDistance(std::vector<double>{0.5, 0, 0.5}, std::vector<double>{0.25, 0, 0.75}),
      DoubleEq(0.0625 / 0.75 + 0.0625 / 1.25));
}

TEST(ColourHistogramTest, OnePixelChangeIsSeenOnlyInItsBlock) {
  OwnedYuvFrame before(40, 24, 90);  // 3 x 2 blocks of 16, the last column and row partial
  OwnedYuvFrame after = before;
  after.FillLuma(35, 36, 20, 21, 200);  // in block (2, 1), which is 8 x 8 pixels
  auto h0 = Yuv420BlockHistograms(before.View());
  auto h1 = Yuv420BlockHistograms(after.View());
  ASSERT_TRUE(h0.ok() && h1.ok());
  ASSERT_EQ(h0->blocks_across, 3);
  ASSERT_EQ(h0->blocks_down, 2);
  for (int by = 0; by < 2; ++by) {
    for (int bx = 0; bx < 3; ++bx) {
      const double distance = *ChiSquareDistance(h0->at(bx, by), h1->at(bx, by));
      if (bx == 2 && by == 1) {
        // One of 64 luma pixels, each weighing w = 1/192, moves from bin 5 to bin 12:
        // w^2 / (64w + 63w) + w^2 / w.
        const double w = 1.0 / 192;
        EXPECT_DOUBLE_EQ(distance, w * w / (127 * w) + w);
      } else {
        EXPECT_EQ(distance, 0) << "block " << bx << ", " << by;
      }
    }
  }
}

TEST(ColourHistogramTest, RgbInterleavedWithStride) {
  // 2 x 2 pixels, stride 8 (2 bytes of padding per row, never read): red, green / blue, white.
  const std::vector<uint8_t> rgb = {255, 0, 0,   0,   255, 0,   77, 77,  //
                                    0,   0, 255, 255, 255, 255, 77, 77};
  ColourHistogramOptions options;
  options.block_size = 2;
  options.bins_per_channel = 2;
  auto h = RgbBlockHistograms({rgb, 2, 2, 8}, options);
  ASSERT_TRUE(h.ok()) << h.status();
  ASSERT_EQ(h->blocks.size(), 1u);
  // Each channel: two pixels high, two low, each pixel 1/12.
  EXPECT_THAT(h->at(0, 0), Each(DoubleEq(1.0 / 6)));
  options.block_size = 1;
  auto single = RgbBlockHistograms({rgb, 2, 2, 8}, options);
  ASSERT_TRUE(single.ok());
  EXPECT_EQ(single->blocks.size(), 4u);
  EXPECT_DOUBLE_EQ(*ChiSquareDistance(single->at(0, 0), single->at(1, 0)), 4.0 / 3);
}

TEST(ColourHistogramTest, MalformedFramesAndOptionsAreErrors) {
  OwnedYuvFrame frame(16, 16, 0);
  Yuv420Frame view = frame.View();
  view.u.width = 16;
  EXPECT_THAT(Yuv420BlockHistograms(view).status().message(),
              HasSubstr("U plane is 16x8, expected 8x8 for a 16x16 YUV 4:2:0 frame"));
  view = frame.View();
  view.y.stride = 10;
  EXPECT_THAT(Yuv420BlockHistograms(view).status().message(),
              HasSubstr("Y plane stride 10 is less than a row of 16 bytes"));
  view = frame.View();
  view.v.data = view.v.data.subspan(0, 10);
  EXPECT_THAT(Yuv420BlockHistograms(view).status().message(),
              HasSubstr("V plane has 10 bytes, needs 64"));
  view = frame.View();
  view.y.height = 0;
  EXPECT_THAT(Yuv420BlockHistograms(view).status().message(), HasSubstr("not positive"));
  ColourHistogramOptions odd;
  odd.block_size = 15;
  EXPECT_THAT(Yuv420BlockHistograms(frame.View(), odd).status().message(),
              HasSubstr("must be even"));
  ColourHistogramOptions too_many_bins;
  too_many_bins.bins_per_channel = 257;
  EXPECT_THAT(RgbBlockHistograms({frame.y, 4, 4, 12}, too_many_bins).status().message(),
              HasSubstr("bins per channel 257"));
  EXPECT_THAT(
      ChiSquareDistance(std::vector<double>{1}, std::vector<double>{1, 0}).status().message(),
      HasSubstr("differ in length: 1 and 2"));
}

}  // namespace
}  // namespace sentio
