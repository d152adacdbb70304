// Drawing on video frames (sensing/packet.h VideoFrame, YUV 4:2:0 or gray) for annotated output:
// rectangle outlines and short labels in a 5x7 pixel font (letters drawn as capitals, digits,
// space, '.', '-', ':', '%'; other characters as a filled box), in a colour given as RGB and
// written in BT.601 limited range. Everything is clipped to the frame.
#ifndef SENSING_FRAME_DRAWING_H_
#define SENSING_FRAME_DRAWING_H_

#include <cstdint>
#include <string>

#include "sensing/packet.h"

namespace sentio {

struct DrawColour {
  uint8_t r = 255, g = 255, b = 255;
};

// A distinct, saturated colour for class `class_id`.
DrawColour ClassColour(int class_id);

// The outline of the rectangle with top-left (left, top), `thickness` pixels wide, inside it.
void DrawRectangle(VideoFrame& frame, int left, int top, int width, int height, int thickness,
                   DrawColour colour);

// `text` with its top-left corner at (left, top), on a filled background of `background`, each
// font pixel `scale` x `scale` pixels. Returns the width drawn.
int DrawLabel(VideoFrame& frame, int left, int top, const std::string& text, int scale,
              DrawColour colour, DrawColour background);

// Each detected object's box in its class's colour and, above it, its name (or class number) and
// score, scaled to the frame's size.
void DrawDetections(const Detections& detections, VideoFrame& frame);

}  // namespace sentio

#endif  // SENSING_FRAME_DRAWING_H_
