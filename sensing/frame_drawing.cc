#include "sensing/frame_drawing.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <string>

namespace sentio {
namespace {

// 5x7 glyphs: seven rows, the five low bits of each a row's pixels (bit 4 leftmost).
struct Glyph {
  char c;
  std::array<uint8_t, 7> rows;
};

constexpr Glyph kGlyphs[] = {
    {'0', {0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E}},
    {'1', {0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E}},
    {'2', {0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F}},
    {'3', {0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E}},
    {'4', {0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02}},
    {'5', {0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E}},
    {'6', {0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E}},
    {'7', {0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08}},
    {'8', {0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E}},
    {'9', {0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C}},
    {'A', {0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11}},
    {'B', {0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E}},
    {'C', {0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E}},
    {'D', {0x1C, 0x12, 0x11, 0x11, 0x11, 0x12, 0x1C}},
    {'E', {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F}},
    {'F', {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10}},
    {'G', {0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F}},
    {'H', {0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11}},
    {'I', {0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E}},
    {'J', {0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C}},
    {'K', {0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11}},
    {'L', {0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F}},
    {'M', {0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11}},
    {'N', {0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11}},
    {'O', {0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}},
    {'P', {0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10}},
    {'Q', {0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D}},
    {'R', {0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11}},
    {'S', {0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E}},
    {'T', {0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04}},
    {'U', {0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}},
    {'V', {0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04}},
    {'W', {0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A}},
    {'X', {0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11}},
    {'Y', {0x11, 0x11, 0x11, 0x0A, 0x04, 0x04, 0x04}},
    {'Z', {0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F}},
    {' ', {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}},
    {'.', {0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x0C}},
    {'-', {0x00, 0x00, 0x00, 0x1F, 0x00, 0x00, 0x00}},
    {':', {0x00, 0x0C, 0x0C, 0x00, 0x0C, 0x0C, 0x00}},
    {'%', {0x18, 0x19, 0x02, 0x04, 0x08, 0x13, 0x03}},
};
constexpr std::array<uint8_t, 7> kUnknownGlyph = {0x1F, 0x1F, 0x1F, 0x1F, 0x1F, 0x1F, 0x1F};

const std::array<uint8_t, 7>& GlyphOf(char c) {
  const char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const Glyph& glyph : kGlyphs) {
    if (glyph.c == upper) return glyph.rows;
  }
  return kUnknownGlyph;
}

struct Yuv {
  uint8_t y, u, v;
};

// BT.601 limited range, as the video's other pixels.
Yuv ToYuv(DrawColour c) {
  const double y = 16 + (65.481 * c.r + 128.553 * c.g + 24.966 * c.b) / 255;
  const double u = 128 + (-37.797 * c.r - 74.203 * c.g + 112.0 * c.b) / 255;
  const double v = 128 + (112.0 * c.r - 93.786 * c.g - 18.214 * c.b) / 255;
  auto clamp = [](double x) { return static_cast<uint8_t>(std::clamp(std::lround(x), 0L, 255L)); };
  return {clamp(y), clamp(u), clamp(v)};
}

// Sets pixel (x, y) and, for 4:2:0, the chroma sample covering it.
void SetPixel(VideoFrame& frame, int x, int y, const Yuv& colour) {
  if (x < 0 || y < 0 || x >= frame.width || y >= frame.height || frame.planes.empty()) return;
  ImagePlane& luma = frame.planes[0];
  luma.data[static_cast<size_t>(y) * luma.stride + x] = colour.y;
  if (frame.format != PixelFormat::kYuv420 || frame.planes.size() < 3) return;
  for (int p = 1; p <= 2; ++p) {
    ImagePlane& chroma = frame.planes[p];
    const int cx = x / 2, cy = y / 2;
    if (cx < chroma.width && cy < chroma.height) {
      chroma.data[static_cast<size_t>(cy) * chroma.stride + cx] = p == 1 ? colour.u : colour.v;
    }
  }
}

void FillRectangle(VideoFrame& frame, int left, int top, int width, int height, const Yuv& colour) {
  const int x0 = std::max(0, left), y0 = std::max(0, top);
  const int x1 = std::min(frame.width, left + width), y1 = std::min(frame.height, top + height);
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) SetPixel(frame, x, y, colour);
  }
}

}  // namespace

DrawColour ClassColour(int class_id) {
  static constexpr DrawColour kPalette[] = {{255, 56, 56},  {56, 255, 56},  {56, 120, 255},
                                            {255, 200, 40}, {255, 56, 255}, {40, 230, 230},
                                            {255, 140, 0},  {160, 80, 255}};
  const int n = static_cast<int>(std::size(kPalette));
  return kPalette[((class_id % n) + n) % n];
}

void DrawRectangle(VideoFrame& frame, int left, int top, int width, int height, int thickness,
                   DrawColour colour) {
  const Yuv yuv = ToYuv(colour);
  thickness = std::max(1, std::min({thickness, width, height}));
  FillRectangle(frame, left, top, width, thickness, yuv);
  FillRectangle(frame, left, top + height - thickness, width, thickness, yuv);
  FillRectangle(frame, left, top, thickness, height, yuv);
  FillRectangle(frame, left + width - thickness, top, thickness, height, yuv);
}

int DrawLabel(VideoFrame& frame, int left, int top, const std::string& text, int scale,
              DrawColour colour, DrawColour background) {
  scale = std::max(1, scale);
  const int advance = 6 * scale;  // 5 pixels and a space
  const int width = static_cast<int>(text.size()) * advance + scale;
  FillRectangle(frame, left, top, width, 9 * scale, ToYuv(background));
  const Yuv ink = ToYuv(colour);
  for (size_t i = 0; i < text.size(); ++i) {
    const std::array<uint8_t, 7>& rows = GlyphOf(text[i]);
    for (int row = 0; row < 7; ++row) {
      for (int column = 0; column < 5; ++column) {
        if (!(rows[row] & (0x10 >> column))) continue;
        FillRectangle(frame, left + scale + static_cast<int>(i) * advance + column * scale,
                      top + scale + row * scale, scale, scale, ink);
      }
    }
  }
  return width;
}

void DrawDetections(const Detections& detections, VideoFrame& frame) {
  const int thickness = std::max(1, frame.height / 160);
  const int scale = std::max(1, frame.height / 480);
  for (const DetectedObject& object : detections.objects) {
    const DrawColour colour = ClassColour(object.class_id);
    const int left = static_cast<int>(std::lround(object.left));
    const int top = static_cast<int>(std::lround(object.top));
    DrawRectangle(frame, left, top, static_cast<int>(std::lround(object.width)),
                  static_cast<int>(std::lround(object.height)), thickness, colour);
    char score[16];
    std::snprintf(score, sizeof(score), " %.2f", object.score);
    const std::string name = object.label.empty() ? std::to_string(object.class_id) : object.label;
    DrawLabel(frame, left, std::max(0, top - 9 * scale), name + score, scale, {0, 0, 0}, colour);
  }
}

}  // namespace sentio
