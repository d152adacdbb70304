// png_ink FILE.png: how much a rendered page shows, for tests that screenshot reports. Prints
// `width=W height=H ink=F colours=N`: F is the share of pixels that are not (nearly) white, N the
// number of distinct colours (to 5 bits per channel). Exits 1 with a message naming the file
// when it is not a readable PNG.
#include <png.h>

#include <cstdio>
#include <cstdlib>
#include <set>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: png_ink FILE.png\n");
    return 2;
  }
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&image, argv[1])) {
    std::fprintf(stderr, "png_ink: %s: %s\n", argv[1], image.message);
    return 1;
  }
  image.format = PNG_FORMAT_RGB;
  std::vector<unsigned char> pixels(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr)) {
    std::fprintf(stderr, "png_ink: %s: %s\n", argv[1], image.message);
    return 1;
  }
  const size_t count = static_cast<size_t>(image.width) * image.height;
  size_t ink = 0;
  std::set<int> colours;
  for (size_t i = 0; i < count; ++i) {
    const unsigned char* p = &pixels[3 * i];
    if (p[0] < 240 || p[1] < 240 || p[2] < 240) ++ink;
    colours.insert((p[0] >> 3) << 10 | (p[1] >> 3) << 5 | (p[2] >> 3));
  }
  std::printf("width=%u height=%u ink=%.4f colours=%zu\n", image.width, image.height,
              count > 0 ? static_cast<double>(ink) / count : 0.0, colours.size());
  return 0;
}
