#include "cnn/vision/png_writer.h"

#include <png.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::vision {
namespace {

using ::testing::HasSubstr;

// Decodes PNG bytes with libpng, independently of the encoder's code path.
RgbImage Decode(const std::string& bytes) {
  png_image png = {};
  png.version = PNG_IMAGE_VERSION;
  EXPECT_TRUE(png_image_begin_read_from_memory(&png, bytes.data(), bytes.size())) << png.message;
  png.format = PNG_FORMAT_RGB;
  RgbImage image{static_cast<int>(png.width), static_cast<int>(png.height), {}};
  image.pixels.resize(PNG_IMAGE_SIZE(png));
  EXPECT_TRUE(png_image_finish_read(&png, nullptr, image.pixels.data(), 0, nullptr)) << png.message;
  return image;
}

TEST(PngWriterTest, WhatIsWrittenDecodesToTheSamePixels) {
  RgbImage image{7, 5, {}};
  for (int i = 0; i < 7 * 5 * 3; ++i) image.pixels.push_back(static_cast<uint8_t>(i * 37));
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/image.png";
  ASSERT_TRUE(WritePng(path, image).ok());
  std::ifstream file(path, std::ios::binary);
  std::stringstream bytes;
  bytes << file.rdbuf();
  EXPECT_EQ(bytes.str().substr(1, 3), "PNG");
  const RgbImage decoded = Decode(bytes.str());
  EXPECT_EQ(decoded.width, 7);
  EXPECT_EQ(decoded.height, 5);
  EXPECT_EQ(decoded.pixels, image.pixels);
}

TEST(PngWriterTest, InconsistentImagesAreRefused) {
  EXPECT_THAT(EncodePng(RgbImage{2, 2, std::vector<uint8_t>(5)}).status().message(),
              HasSubstr("cannot encode a 2x2 image of 5 bytes"));
  EXPECT_THAT(WritePng("/tmp/x.png", RgbImage{}).message(), HasSubstr("/tmp/x.png: cannot encode"));
}

}  // namespace
}  // namespace sentio::cnn::vision
