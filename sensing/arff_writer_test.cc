#include "sensing/arff_writer.h"

#include <cmath>
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/arff_reader.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

// Numeric x, a string note and a nominal class with labels that need quoting.
Dataset Awkward() {
  Dataset data;
  data.relation = "walk windows";
  data.attributes = {{"x.mean", AttributeType::kNumeric, {}, ""},
                     {"note", AttributeType::kString, {"it's", "", "50% {up}"}, ""},
                     {"class", AttributeType::kNominal, {"a b", "?", "c\\d", "plain"}, ""}};
  data.class_index = 2;
  data.instances = {{{0.1, 0, 0}, 1.0},
                    {{-1e-300, 1, 1}, 0.5},
                    {{kMissingValue, 2, 2}, 1.0},
                    {{12345678.875, kMissingValue, kMissingValue}, 2.0},
                    {{1.0 / 3, 0, 3}, 1.0}};
  return data;
}

TEST(ArffWriterTest, ExactText) {
  Dataset data;
  data.relation = "r";
  data.attributes = {{"x", AttributeType::kNumeric, {}, ""},
                     {"class", AttributeType::kNominal, {"yes", "no way"}, ""}};
  data.class_index = 1;
  data.instances = {{{1.5, 0}, 1.0}, {{kMissingValue, 1}, 0.25}, {{200, 0}, 1.0}};
  auto text = FormatArff(data);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text,
            "@relation r\n\n"
            "@attribute x numeric\n"
            "@attribute class {yes, 'no way'}\n\n"
            "@data\n"
            "1.5,yes\n"
            "?,'no way',{0.25}\n"
            "200,yes\n");
}

TEST(ArffWriterTest, RoundTripsThroughTheReader) {
  const Dataset original = Awkward();
  auto text = FormatArff(original);
  ASSERT_TRUE(text.ok()) << text.status();
  auto read = ParseArff(*text, "written.arff");
  ASSERT_TRUE(read.ok()) << read.status() << "\n" << *text;
  EXPECT_EQ(read->relation, original.relation);
  EXPECT_TRUE(read->CheckSameHeader(original).ok()) << read->CheckSameHeader(original);
  EXPECT_EQ(read->attributes[1].values, original.attributes[1].values);
  ASSERT_EQ(read->num_instances(), original.num_instances());
  for (int i = 0; i < original.num_instances(); ++i) {
    EXPECT_EQ(read->instances[i].weight, original.instances[i].weight) << i;
    for (int a = 0; a < original.num_attributes(); ++a) {
      const double want = original.instances[i].values[a], got = read->instances[i].values[a];
      EXPECT_TRUE(got == want || (IsMissing(got) && IsMissing(want)))
          << "instance " << i << " attribute " << a << ": " << got << " vs " << want;
    }
  }
}

TEST(ArffWriterTest, WritesAFile) {
  const std::string path = absl::StrCat(std::getenv("TEST_TMPDIR"), "/awkward.arff");
  ASSERT_TRUE(WriteArffFile(Awkward(), path).ok());
  auto read = ReadArffFile(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->num_instances(), 5);
  EXPECT_THAT(WriteArffFile(Awkward(), "/nonexistent-dir/x.arff").message(),
              HasSubstr("cannot create '/nonexistent-dir/x.arff': No such file or directory"));
}

TEST(ArffWriterTest, UnwritableDataIsAnError) {
  Dataset dated = Awkward();
  dated.attributes[1] = {"when", AttributeType::kDate, {}, "yyyy-MM-dd"};
  EXPECT_THAT(FormatArff(dated).status().message(),
              HasSubstr("cannot write date attribute 'when'"));
  Dataset short_row = Awkward();
  short_row.instances[3].values.pop_back();
  EXPECT_THAT(FormatArff(short_row).status().message(),
              HasSubstr("instance 3 has 2 values for 3 attributes"));
  Dataset bad_label = Awkward();
  bad_label.instances[0].values[2] = 4;
  EXPECT_THAT(FormatArff(bad_label).status().message(),
              HasSubstr("instance 0 has value 4 for attribute 'class', which has 4 values"));
  Dataset infinite = Awkward();
  infinite.instances[1].values[0] = INFINITY;
  EXPECT_THAT(FormatArff(infinite).status().message(),
              HasSubstr("instance 1 has inf for numeric attribute 'x.mean'"));
}

}  // namespace
}  // namespace sentio
