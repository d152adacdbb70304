#include "tests/byte_mutator.h"

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::StartsWith;

const std::string kText = "layer { name: \"conv1\" kernel_size: 5 num_output: 20 }";

TEST(ByteMutatorTest, TheSameMutationIsTheSameEveryTime) {
  const ByteMutator mutator(kText, 3);
  const ByteMutator again(kText, 3);
  for (int i = 0; i < 100; ++i) {
    std::string description, description_again;
    EXPECT_EQ(mutator.Mutate(i, &description), again.Mutate(i, &description_again));
    EXPECT_EQ(description, description_again);
    EXPECT_THAT(description, StartsWith("mutation " + std::to_string(i) + ":"));
  }
}

TEST(ByteMutatorTest, MutationsDifferAndChangeTheInput) {
  const ByteMutator mutator(kText, 1);
  std::set<std::string> distinct;
  int changed = 0;
  for (int i = 0; i < 200; ++i) {
    const std::string bytes = mutator.Mutate(i, nullptr);
    distinct.insert(bytes);
    changed += bytes != kText;
  }
  // A few corruptions can cancel out (two swaps of equal chunks); almost all change the input.
  EXPECT_GT(changed, 190);
  EXPECT_GT(distinct.size(), 180u);
  EXPECT_NE(ByteMutator(kText, 2).Mutate(0, nullptr), mutator.Mutate(0, nullptr));
}

TEST(ByteMutatorTest, EveryKindOfCorruptionOccurs) {
  const ByteMutator mutator(kText, 4);
  std::string all;
  for (int i = 0; i < 300; ++i) {
    std::string description;
    mutator.Mutate(i, &description);
    all += description;
  }
  for (const char* kind : {" flip", " byte@", " word@", " truncate@", " varint@", " swap@",
                           " duplicate@", " delete@", " number@"}) {
    EXPECT_THAT(all, ::testing::HasSubstr(kind));
  }
}

}  // namespace
}  // namespace sentio
