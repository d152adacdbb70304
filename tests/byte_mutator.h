// Deterministic corruptions of a file's bytes for the importer fuzz tests: bit flips, bytes and
// words overwritten with boundary values, truncations, inserted huge varints / length fields,
// swapped, duplicated and deleted chunks, and numbers in text replaced by extreme ones. Mutation i
// of a given input is always the same, so a failure names a case that reproduces.
#ifndef TESTS_BYTE_MUTATOR_H_
#define TESTS_BYTE_MUTATOR_H_

#include <cstdint>
#include <string>

namespace sentio {

class ByteMutator {
 public:
  // Mutates copies of `original` (which must not be empty); `seed` separates inputs.
  ByteMutator(std::string original, uint64_t seed) : original_(std::move(original)), seed_(seed) {}

  // Mutation number `index`: one to three corruptions chosen and placed by a PRNG seeded with
  // (seed, index). `description` (when not null) receives what was done, for failure messages.
  std::string Mutate(uint64_t index, std::string* description) const;

 private:
  std::string original_;
  uint64_t seed_;
};

}  // namespace sentio

#endif  // TESTS_BYTE_MUTATOR_H_
