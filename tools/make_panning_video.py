"""Makes a video with camera motion from one still frame: a 320x240 window panned across the
first frame of a .y4m video scaled up 2x (nearest), 4 pixels right and 2 down per frame, written
as YUV4MPEG2 4:2:0. For tools/bench_frame_cache.sh: what convolutional caching costs when every
block changes.

usage: /usr/bin/python3 tools/make_panning_video.py IN.y4m OUT.y4m [FRAMES=60]
"""
import sys

import numpy as np


def first_frame(path):
    with open(path, "rb") as f:
        header = f.readline().split()
        width = int(next(t for t in header if t.startswith(b"W"))[1:])
        height = int(next(t for t in header if t.startswith(b"H"))[1:])
        f.readline()  # FRAME
        y = np.frombuffer(f.read(width * height), np.uint8).reshape(height, width)
        u = np.frombuffer(f.read(width * height // 4), np.uint8).reshape(height // 2, width // 2)
        v = np.frombuffer(f.read(width * height // 4), np.uint8).reshape(height // 2, width // 2)
    return y, u, v


def main(source, target, frames):
    y, u, v = (plane.repeat(2, 0).repeat(2, 1) for plane in first_frame(source))
    width, height = 320, 240
    with open(target, "wb") as out:
        out.write(b"YUV4MPEG2 W%d H%d F10:1 Ip A1:1 C420jpeg\n" % (width, height))
        for n in range(frames):
            x0 = min(4 * n, y.shape[1] - width) // 2 * 2
            y0 = min(2 * n, y.shape[0] - height) // 2 * 2
            out.write(b"FRAME\n")
            out.write(np.ascontiguousarray(y[y0:y0 + height, x0:x0 + width]).tobytes())
            for plane in (u, v):
                crop = plane[y0 // 2:(y0 + height) // 2, x0 // 2:(x0 + width) // 2]
                out.write(np.ascontiguousarray(crop).tobytes())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 60)
