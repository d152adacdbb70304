#include "sensing/column_choice.h"

#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/csv_reader.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// An accelerometer log as users export it: three subjects, each walking then sitting, 12 samples
// per activity at 50 Hz on one clock, values that wander like a sensor's.
std::string AccelerometerCsv() {
  std::string text = "timestamp,x,y,z,subject,activity\n";
  int row = 0;
  for (int subject = 1; subject <= 3; ++subject) {
    for (const char* activity : {"walk", "sit"}) {
      for (int i = 0; i < 12; ++i, ++row) {
        absl::StrAppendFormat(&text, "%.2f,%.3f,%.3f,%.3f,%d,%s\n", row * 0.02, std::sin(row * 1.7),
                              std::cos(row * 0.9), std::sin(row * 0.37 + 1), subject, activity);
      }
    }
  }
  return text;
}

Dataset ReadAccelerometer() {
  CsvReadOptions options;
  options.class_column = "activity";
  absl::StatusOr<Dataset> data = ParseCsv(AccelerometerCsv(), "acc.csv", options);
  EXPECT_TRUE(data.ok()) << data.status();
  return *std::move(data);
}

TEST(ColumnChoiceTest, WarnsAboutTheTimeAndSubjectColumnsOnly) {
  const std::vector<std::string> warnings = LeakWarnings(ReadAccelerometer());
  ASSERT_THAT(warnings, SizeIs(2));
  EXPECT_THAT(warnings[0], HasSubstr("column 'timestamp' looks like a time or row number"));
  EXPECT_THAT(warnings[0], HasSubstr("--ignore=timestamp"));
  EXPECT_THAT(warnings[1],
              HasSubstr("column 'subject' looks like a subject or recording identifier (3 values"));
  EXPECT_THAT(warnings[1], HasSubstr("--group=subject"));
}

TEST(ColumnChoiceTest, AFallingCounterOrNominalIdentifierIsSuspectedToo) {
  std::string text = "countdown,session,x,class\n";
  for (int i = 0; i < 20; ++i) {
    absl::StrAppendFormat(&text, "%d,s%d,%d,%s\n", 100 - i, i / 5, (i * 7) % 5, i % 2 ? "a" : "b");
  }
  const absl::StatusOr<Dataset> data = ParseCsv(text, "t.csv");
  ASSERT_TRUE(data.ok()) << data.status();
  const std::vector<std::string> warnings = LeakWarnings(*data);
  ASSERT_THAT(warnings, SizeIs(2));
  EXPECT_THAT(warnings[0], HasSubstr("'countdown' looks like a time"));
  EXPECT_THAT(warnings[1], HasSubstr("'session' looks like a subject or recording identifier (4"));
}

TEST(ColumnChoiceTest, NoWarningsOnFeaturesOrSmallTables) {
  Dataset data = ReadAccelerometer();
  ASSERT_TRUE(ApplyColumnChoice({{"timestamp", "subject"}, ""}, "acc.csv", data).ok());
  EXPECT_THAT(LeakWarnings(data), IsEmpty());
  const absl::StatusOr<Dataset> small = ParseCsv("t,class\n1,a\n2,b\n3,a\n", "s.csv");
  ASSERT_TRUE(small.ok());
  EXPECT_THAT(LeakWarnings(*small), IsEmpty());
}

TEST(ColumnChoiceTest, DropsIgnoredColumnsAndTakesOutTheGroups) {
  Dataset data = ReadAccelerometer();
  const absl::StatusOr<InstanceGroups> groups =
      ApplyColumnChoice({{"timestamp"}, "subject"}, "acc.csv", data);
  ASSERT_TRUE(groups.ok()) << groups.status();
  EXPECT_THAT(groups->names, ElementsAre("1", "2", "3"));
  ASSERT_THAT(groups->of_instance, SizeIs(72));
  EXPECT_EQ(groups->of_instance[0], 0);
  EXPECT_EQ(groups->of_instance[24], 1);
  EXPECT_EQ(groups->of_instance[71], 2);
  ASSERT_EQ(data.num_attributes(), 4);
  EXPECT_EQ(data.attributes[0].name, "x");
  EXPECT_EQ(data.attributes[2].name, "z");
  EXPECT_EQ(data.class_index, 3);
  EXPECT_EQ(data.class_attribute().name, "activity");
  ASSERT_THAT(data.instances[13].values, SizeIs(4));
  EXPECT_EQ(data.ClassOf(13), 1);
  EXPECT_DOUBLE_EQ(data.instances[13].values[0], std::round(std::sin(13 * 1.7) * 1000) / 1000);
  EXPECT_TRUE(data.ValidateForClassification().ok());
}

TEST(ColumnChoiceTest, ErrorsNameTheFileOptionAndColumn) {
  auto error = [](const ColumnChoice& choice) {
    Dataset data = ReadAccelerometer();
    return std::string(ApplyColumnChoice(choice, "acc.csv", data).status().message());
  };
  EXPECT_THAT(error({{"time"}, ""}),
              HasSubstr("acc.csv: --ignore=time: no such column (there are timestamp, x, y, z, "
                        "subject, activity)"));
  EXPECT_THAT(error({{}, "activity"}), HasSubstr("acc.csv: --group=activity: that is the class"));
  EXPECT_THAT(error({{}, "user"}), HasSubstr("--group=user: no such column"));

  const absl::StatusOr<Dataset> one = ParseCsv("x,subject,class\n1,7,a\n2,7,b\n", "one.csv");
  ASSERT_TRUE(one.ok());
  Dataset copy = *one;
  EXPECT_THAT(ApplyColumnChoice({{}, "subject"}, "one.csv", copy).status().message(),
              HasSubstr("one.csv: the group column 'subject' has one value (7): "
                        "leave-one-group-out needs at least two groups"));
  const absl::StatusOr<Dataset> gap = ParseCsv("x,subject,class\n1,7,a\n2,,b\n", "gap.csv");
  ASSERT_TRUE(gap.ok());
  copy = *gap;
  EXPECT_THAT(ApplyColumnChoice({{}, "subject"}, "gap.csv", copy).status().message(),
              HasSubstr("gap.csv: data row 2 has no value in the group column 'subject'"));
}

TEST(ColumnChoiceTest, ChoosesANominalClassAndMovesItLast) {
  absl::StatusOr<Dataset> data = ParseCsv("x,colour,size,y\n1,red,2,a\n2,blue,3,b\n", "c.csv");
  ASSERT_TRUE(data.ok());
  ASSERT_TRUE(ChooseClassAttribute("colour", "c.csv", *data).ok());
  EXPECT_EQ(data->class_index, 3);
  EXPECT_EQ(data->class_attribute().name, "colour");
  EXPECT_EQ(data->attributes[1].name, "size");
  EXPECT_EQ(data->attributes[2].name, "y");
  EXPECT_THAT(data->instances[1].values, ElementsAre(2, 3, 1, 1));
  EXPECT_THAT(ChooseClassAttribute("size", "c.csv", *data).message(),
              HasSubstr("c.csv: --class=size: the class must be nominal, 'size' is numeric"));
  EXPECT_THAT(ChooseClassAttribute("label", "c.csv", *data).message(),
              HasSubstr("--class=label: no such column (there are x, size, y, colour)"));
}

TEST(ColumnChoiceTest, ClassColumnNeedsTwoClasses) {
  EXPECT_TRUE(CheckSeveralClasses(ReadAccelerometer(), "acc.csv").ok());
  const absl::StatusOr<Dataset> one = ParseCsv("x,class\n1,a\n2,a\n3,?\n", "one.csv");
  ASSERT_TRUE(one.ok());
  EXPECT_THAT(CheckSeveralClasses(*one, "one.csv").message(),
              HasSubstr("one.csv: the class column 'class' has one value (a): a classifier needs "
                        "at least two classes"));
}

}  // namespace
}  // namespace sentio
