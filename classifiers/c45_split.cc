#include "classifiers/c45_split.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace sentio {

ClassDistribution::ClassDistribution(int num_bags, int num_classes)
    : per_class_per_bag_(num_bags, std::vector<double>(num_classes, 0.0)),
      per_bag_(num_bags, 0.0),
      per_class_(num_classes, 0.0) {}

ClassDistribution ClassDistribution::OneAgainstRest(const ClassDistribution& source, int bag) {
  ClassDistribution merged(2, source.num_classes());
  merged.total_ = source.total_;
  merged.per_class_ = source.per_class_;
  merged.per_class_per_bag_[0] = source.per_class_per_bag_[bag];
  for (int c = 0; c < source.num_classes(); ++c) {
    merged.per_class_per_bag_[1][c] = source.per_class_[c] - merged.per_class_per_bag_[0][c];
  }
  merged.per_bag_[0] = source.per_bag_[bag];
  merged.per_bag_[1] = source.total_ - merged.per_bag_[0];
  return merged;
}

ClassDistribution ClassDistribution::AllInOneBag(const ClassDistribution& source) {
  ClassDistribution merged(1, source.num_classes());
  merged.total_ = source.total_;
  merged.per_class_ = source.per_class_;
  merged.per_class_per_bag_[0] = source.per_class_;
  merged.per_bag_[0] = source.total_;
  return merged;
}

void ClassDistribution::Add(int bag, int class_index, double weight) {
  per_class_per_bag_[bag][class_index] += weight;
  per_bag_[bag] += weight;
  per_class_[class_index] += weight;
  total_ += weight;
}

void ClassDistribution::Move(int from_bag, int to_bag, int class_index, double weight) {
  per_class_per_bag_[from_bag][class_index] -= weight;
  per_class_per_bag_[to_bag][class_index] += weight;
  per_bag_[from_bag] -= weight;
  per_bag_[to_bag] += weight;
}

void ClassDistribution::AddSpread(const std::vector<double>& fractions, int class_index,
                                  double weight) {
  per_class_[class_index] += weight;
  total_ += weight;
  for (int bag = 0; bag < num_bags(); ++bag) {
    const double share = fractions[bag] * weight;
    per_class_per_bag_[bag][class_index] += share;
    per_bag_[bag] += share;
  }
}

int ClassDistribution::MaxClass() const {
  double max_weight = 0;
  int best = 0;
  for (int c = 0; c < num_classes(); ++c) {
    if (C45Greater(per_class_[c], max_weight)) {
      max_weight = per_class_[c];
      best = c;
    }
  }
  return best;
}

int ClassDistribution::MaxClass(int bag) const {
  if (!C45Greater(per_bag_[bag], 0)) return MaxClass();
  double max_weight = 0;
  int best = 0;
  for (int c = 0; c < num_classes(); ++c) {
    if (C45Greater(per_class_per_bag_[bag][c], max_weight)) {
      max_weight = per_class_per_bag_[bag][c];
      best = c;
    }
  }
  return best;
}

int ClassDistribution::MaxBag() const {
  double max_weight = 0;
  int best = -1;
  for (int bag = 0; bag < num_bags(); ++bag) {
    if (C45GreaterOrEqual(per_bag_[bag], max_weight)) {
      max_weight = per_bag_[bag];
      best = bag;
    }
  }
  return best;
}

double ClassDistribution::Probability(int class_index) const {
  return C45Equal(total_, 0) ? 0 : per_class_[class_index] / total_;
}

double ClassDistribution::Probability(int class_index, int bag) const {
  if (!C45Greater(per_bag_[bag], 0)) return Probability(class_index);
  return per_class_per_bag_[bag][class_index] / per_bag_[bag];
}

bool ClassDistribution::HasTwoBagsWithAtLeast(double min_weight) const {
  int bags = 0;
  for (double weight : per_bag_) bags += C45GreaterOrEqual(weight, min_weight);
  return bags > 1;
}

int C45Split::num_subsets() const {
  switch (kind) {
    case C45SplitKind::kNone:
      return 1;
    case C45SplitKind::kNominal:
      return distribution.num_bags();
    case C45SplitKind::kNominalBinary:
    case C45SplitKind::kNumeric:
      return 2;
  }
  return 1;
}

int C45Split::SubsetOf(const Instance& instance) const {
  if (kind == C45SplitKind::kNone) return 0;
  const double v = instance.values[attribute];
  if (IsMissing(v)) return -1;
  switch (kind) {
    case C45SplitKind::kNominal:
      return static_cast<int>(v);
    case C45SplitKind::kNominalBinary:
      return static_cast<int>(v) == value ? 0 : 1;
    default:
      return C45SmallerOrEqual(v, threshold) ? 0 : 1;
  }
}

std::vector<double> C45Split::SubsetFractions() const {
  std::vector<double> fractions(num_subsets());
  for (int i = 0; i < num_subsets(); ++i) {
    fractions[i] = distribution.per_bag(i) / distribution.total();
  }
  return fractions;
}

std::string C45Split::Condition(int subset, const Dataset& header) const {
  const Attribute& info = header.attributes[attribute];
  switch (kind) {
    case C45SplitKind::kNominal:
      return absl::StrCat(info.name, " = ", info.values[subset]);
    case C45SplitKind::kNominalBinary:
      return absl::StrCat(info.name, subset == 0 ? " = " : " != ", info.values[value]);
    case C45SplitKind::kNumeric:
      return absl::StrCat(info.name, subset == 0 ? " <= " : " > ",
                          binary_model ? FormatJavaDouble(threshold) : FormatSplitValue(threshold));
    case C45SplitKind::kNone:
      break;
  }
  return "";
}

double SumOfWeights(const std::vector<WeightedRow>& rows) {
  double sum = 0;
  for (const WeightedRow& row : rows) sum += row.weight;
  return sum;
}

std::string FormatSplitValue(double value) {
  const double scaled = value * 1e6;
  if (!(std::fabs(scaled) < 9.2e18)) return absl::StrCat(value);
  const int64_t rounded = scaled > 0 ? static_cast<int64_t>(scaled + 0.5)
                                     : -static_cast<int64_t>(std::fabs(scaled) + 0.5);
  std::string digits = absl::StrCat(std::llabs(rounded));
  if (digits.size() < 7) digits.insert(0, 7 - digits.size(), '0');
  digits.insert(digits.size() - 6, ".");
  while (digits.back() == '0') digits.pop_back();
  if (digits.back() == '.') digits.pop_back();
  return rounded < 0 ? "-" + digits : digits;
}

std::string FormatJavaDouble(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";
  std::string scientific;
  for (int precision = 1; precision <= 17; ++precision) {
    scientific = absl::StrFormat("%.*e", precision - 1, value);
    if (std::strtod(scientific.c_str(), nullptr) == value) break;
  }
  // scientific: [-]d[.ddd]e[+-]xx
  const bool negative = scientific[0] == '-';
  const size_t e = scientific.find('e');
  std::string digits = scientific.substr(negative ? 1 : 0, e - (negative ? 1 : 0));
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  const int exponent = std::atoi(scientific.c_str() + e + 1);
  std::string text;
  if (exponent >= -3 && exponent < 7) {
    if (exponent < 0) {
      text = "0." + std::string(-exponent - 1, '0') + digits;
    } else {
      if (static_cast<int>(digits.size()) <= exponent + 1) {
        digits.append(exponent + 2 - digits.size(), '0');
      }
      text = digits.substr(0, exponent + 1) + "." + digits.substr(exponent + 1);
    }
  } else {
    text = digits.substr(0, 1) + "." + (digits.size() > 1 ? digits.substr(1) : "0") + "E" +
           std::to_string(exponent);
  }
  return negative ? "-" + text : text;
}

namespace {

double Value(const C45TrainingSet& training, const WeightedRow& row, int attribute) {
  return training.data->instances[row.index].values[attribute];
}

bool IsNumeric(const Attribute& attribute) {
  return attribute.type == AttributeType::kNumeric || attribute.type == AttributeType::kDate;
}

// x * log2(x), taken as 0 below 1e-6 (Weka's logFunc).
double WeightTimesLog2(double x) { return x < 1e-6 ? 0 : x * std::log(x) / std::log(2.0); }

// Class entropy before the split, times the known weight (Weka's oldEnt).
double EntropyBefore(const ClassDistribution& d) {
  double sum = 0;
  for (int c = 0; c < d.num_classes(); ++c) sum += WeightTimesLog2(d.per_class(c));
  return WeightTimesLog2(d.total()) - sum;
}

// Class entropy within the subsets, times the known weight (Weka's newEnt).
double EntropyAfter(const ClassDistribution& d) {
  double sum = 0;
  for (int bag = 0; bag < d.num_bags(); ++bag) {
    for (int c = 0; c < d.num_classes(); ++c) sum += WeightTimesLog2(d.weight(bag, c));
    sum -= WeightTimesLog2(d.per_bag(bag));
  }
  return -sum;
}

// C4.5's gain: scaled down by the fraction of weight whose value is unknown.
double InfoGain(const ClassDistribution& d, double total_weight, double entropy_before) {
  const double known_rate = 1 - (total_weight - d.total()) / total_weight;
  const double numerator = known_rate * (entropy_before - EntropyAfter(d));
  if (C45Equal(numerator, 0)) return 0;
  return numerator / d.total();
}

// The gain over the split information, with the unknown values as one more subset.
double GainRatio(const ClassDistribution& d, double total_weight, double info_gain) {
  double split_entropy = 0;
  if (C45Greater(d.total(), 0)) {
    for (int bag = 0; bag < d.num_bags(); ++bag) split_entropy -= WeightTimesLog2(d.per_bag(bag));
    split_entropy -= WeightTimesLog2(total_weight - d.total());
    split_entropy += WeightTimesLog2(total_weight);
  }
  if (C45Equal(split_entropy, 0)) return 0;
  return info_gain / (split_entropy / total_weight);
}

ClassDistribution KnownValueDistribution(const C45TrainingSet& training,
                                         const std::vector<WeightedRow>& rows, int attribute) {
  ClassDistribution d(static_cast<int>(training.data->attributes[attribute].values.size()),
                      training.data->num_classes());
  for (const WeightedRow& row : rows) {
    const double v = Value(training, row, attribute);
    if (!IsMissing(v)) d.Add(static_cast<int>(v), training.class_of[row.index], row.weight);
  }
  return d;
}

C45Split NominalSplit(const C45TrainingSet& training, const std::vector<WeightedRow>& rows,
                      int attribute, int min_leaf, double sum_of_weights) {
  C45Split split;
  ClassDistribution d = KnownValueDistribution(training, rows, attribute);
  if (!d.HasTwoBagsWithAtLeast(min_leaf)) return split;
  split.kind = C45SplitKind::kNominal;
  split.attribute = attribute;
  split.info_gain = InfoGain(d, sum_of_weights, EntropyBefore(d));
  split.gain_ratio = GainRatio(d, sum_of_weights, split.info_gain);
  split.distribution = std::move(d);
  return split;
}

C45Split BinaryNominalSplit(const C45TrainingSet& training, const std::vector<WeightedRow>& rows,
                            int attribute, int min_leaf, double sum_of_weights) {
  C45Split split;
  const ClassDistribution by_value = KnownValueDistribution(training, rows, attribute);
  for (int value = 0; value < by_value.num_bags(); ++value) {
    if (!C45GreaterOrEqual(by_value.per_bag(value), min_leaf)) continue;
    ClassDistribution d = ClassDistribution::OneAgainstRest(by_value, value);
    if (!d.HasTwoBagsWithAtLeast(min_leaf)) continue;
    const double info_gain = InfoGain(d, sum_of_weights, EntropyBefore(d));
    const double gain_ratio = GainRatio(d, sum_of_weights, info_gain);
    // Weka's BinC45Split takes the first value unconditionally, then only strictly better ones.
    if (value == 0 || C45Greater(gain_ratio, split.gain_ratio)) {
      split.kind = C45SplitKind::kNominalBinary;
      split.attribute = attribute;
      split.value = value;
      split.info_gain = info_gain;
      split.gain_ratio = gain_ratio;
      split.distribution = std::move(d);
    }
  }
  return split;
}

C45Split NumericSplit(const C45TrainingSet& training, const std::vector<WeightedRow>& rows,
                      int attribute, int min_leaf, double sum_of_weights) {
  C45Split split;
  std::vector<WeightedRow> known;
  for (const WeightedRow& row : rows) {
    if (!IsMissing(Value(training, row, attribute))) known.push_back(row);
  }
  std::stable_sort(known.begin(), known.end(), [&](const WeightedRow& a, const WeightedRow& b) {
    return Value(training, a, attribute) < Value(training, b, attribute);
  });
  const int num_classes = training.data->num_classes();
  ClassDistribution d(2, num_classes);
  for (const WeightedRow& row : known) d.Add(1, training.class_of[row.index], row.weight);

  // Each side needs 10% of the weight per class, at least min_leaf and at most 25.
  double min_split = 0.1 * d.total() / num_classes;
  if (C45SmallerOrEqual(min_split, min_leaf)) {
    min_split = min_leaf;
  } else if (C45Greater(min_split, 25)) {
    min_split = 25;
  }
  const int num_known = static_cast<int>(known.size());
  if (C45Smaller(num_known, 2 * min_split)) return split;

  const double entropy_before = EntropyBefore(d);
  double best_gain = 0;
  int split_index = -1;
  int num_thresholds = 0;
  int moved = 0;
  for (int next = 1; next < num_known; ++next) {
    if (!(Value(training, known[next - 1], attribute) + 1e-5 <
          Value(training, known[next], attribute))) {
      continue;
    }
    for (; moved < next; ++moved) {
      d.Move(1, 0, training.class_of[known[moved].index], known[moved].weight);
    }
    if (C45GreaterOrEqual(d.per_bag(0), min_split) && C45GreaterOrEqual(d.per_bag(1), min_split)) {
      const double gain = InfoGain(d, sum_of_weights, entropy_before);
      if (C45Greater(gain, best_gain)) {
        best_gain = gain;
        split_index = next - 1;
      }
      ++num_thresholds;
    }
  }
  if (num_thresholds == 0) return split;
  // Release 8's MDL correction: choosing among the thresholds costs log2 of their number.
  best_gain -= std::log2(static_cast<double>(num_thresholds)) / sum_of_weights;
  if (C45SmallerOrEqual(best_gain, 0)) return split;

  const double below = Value(training, known[split_index], attribute);
  const double above = Value(training, known[split_index + 1], attribute);
  split.kind = C45SplitKind::kNumeric;
  split.attribute = attribute;
  split.threshold = (below + above) / 2;
  if (split.threshold == above) split.threshold = below;
  split.distribution = ClassDistribution(2, num_classes);
  for (int i = 0; i < num_known; ++i) {
    split.distribution.Add(i <= split_index ? 0 : 1, training.class_of[known[i].index],
                           known[i].weight);
  }
  split.info_gain = best_gain;
  split.gain_ratio = GainRatio(split.distribution, sum_of_weights, best_gain);
  return split;
}

// Adds the rows whose value of `attribute` is missing, spread over the bags in proportion to the
// known weight already there (Weka's addInstWithUnknown).
void AddRowsWithUnknownValue(const C45TrainingSet& training, const std::vector<WeightedRow>& rows,
                             int attribute, ClassDistribution& d) {
  std::vector<double> fractions(d.num_bags());
  for (int bag = 0; bag < d.num_bags(); ++bag) {
    fractions[bag] = C45Equal(d.total(), 0) ? 1.0 / d.num_bags() : d.per_bag(bag) / d.total();
  }
  for (const WeightedRow& row : rows) {
    if (IsMissing(Value(training, row, attribute))) {
      d.AddSpread(fractions, training.class_of[row.index], row.weight);
    }
  }
}

// C4.5 moves a threshold down to the largest value of the whole training set not above it.
double ThresholdInTrainingData(const Dataset& data, int attribute, double threshold) {
  double largest = -DBL_MAX;
  for (const Instance& instance : data.instances) {
    const double v = instance.values[attribute];
    if (!IsMissing(v) && C45Greater(v, largest) && C45SmallerOrEqual(v, threshold)) largest = v;
  }
  return largest;
}

}  // namespace

C45Split LeafSplit(const C45TrainingSet& training, const std::vector<WeightedRow>& rows) {
  C45Split leaf;
  leaf.distribution = ClassDistribution(1, training.data->num_classes());
  for (const WeightedRow& row : rows) {
    leaf.distribution.Add(0, training.class_of[row.index], row.weight);
  }
  return leaf;
}

C45Split SelectC45Split(const C45TrainingSet& training, const std::vector<WeightedRow>& rows,
                        const C45SplitOptions& options) {
  const Dataset& data = *training.data;
  C45Split leaf = LeafSplit(training, rows);
  const ClassDistribution& all = leaf.distribution;
  if (C45Smaller(all.total(), 2 * options.min_leaf) ||
      C45Equal(all.total(), all.per_class(all.MaxClass()))) {
    return leaf;
  }

  // Nominal attributes with many values (at least 0.3 per training instance) do not count towards
  // the average gain, unless all attributes are such.
  const double many_values = 0.3 * data.num_instances();
  bool all_many_valued = true;
  for (int a = 0; a < data.num_attributes(); ++a) {
    if (a == data.class_index) continue;
    if (IsNumeric(data.attributes[a]) ||
        C45Smaller(static_cast<double>(data.attributes[a].values.size()), many_values)) {
      all_many_valued = false;
      break;
    }
  }

  const double sum_of_weights = SumOfWeights(rows);
  std::vector<C45Split> candidates(data.num_attributes());
  double average_gain = 0;
  int num_valid = 0;
  for (int a = 0; a < data.num_attributes(); ++a) {
    if (a == data.class_index) continue;
    const Attribute& attribute = data.attributes[a];
    if (IsNumeric(attribute)) {
      candidates[a] = NumericSplit(training, rows, a, options.min_leaf, sum_of_weights);
      candidates[a].binary_model = options.binary_splits;
    } else if (options.binary_splits) {
      candidates[a] = BinaryNominalSplit(training, rows, a, options.min_leaf, sum_of_weights);
    } else {
      candidates[a] = NominalSplit(training, rows, a, options.min_leaf, sum_of_weights);
    }
    if (candidates[a].kind == C45SplitKind::kNone) continue;
    if (IsNumeric(attribute) || all_many_valued ||
        C45Smaller(static_cast<double>(attribute.values.size()), many_values)) {
      average_gain += candidates[a].info_gain;
      ++num_valid;
    }
  }
  if (num_valid == 0) return leaf;
  average_gain /= num_valid;

  int best = -1;
  double best_ratio = 0;
  for (int a = 0; a < data.num_attributes(); ++a) {
    const C45Split& candidate = candidates[a];
    // 1e-3 below the average, like Weka, to stay close to Quinlan's implementation.
    if (candidate.kind != C45SplitKind::kNone && candidate.info_gain >= average_gain - 1e-3 &&
        C45Greater(candidate.gain_ratio, best_ratio)) {
      best = a;
      best_ratio = candidate.gain_ratio;
    }
  }
  if (best < 0 || C45Equal(best_ratio, 0)) return leaf;

  C45Split chosen = std::move(candidates[best]);
  AddRowsWithUnknownValue(training, rows, chosen.attribute, chosen.distribution);
  if (chosen.kind == C45SplitKind::kNumeric) {
    chosen.threshold = ThresholdInTrainingData(data, chosen.attribute, chosen.threshold);
  }
  return chosen;
}

void ResetDistribution(const C45TrainingSet& training, const std::vector<WeightedRow>& rows,
                       C45Split& split) {
  if (split.kind == C45SplitKind::kNone) {
    split.distribution = LeafSplit(training, rows).distribution;
    return;
  }
  ClassDistribution d(split.num_subsets(), training.data->num_classes());
  for (const WeightedRow& row : rows) {
    const int subset = split.SubsetOf(training.data->instances[row.index]);
    if (subset >= 0) d.Add(subset, training.class_of[row.index], row.weight);
  }
  AddRowsWithUnknownValue(training, rows, split.attribute, d);
  split.distribution = std::move(d);
}

std::vector<std::vector<WeightedRow>> PartitionRows(const C45TrainingSet& training,
                                                    const std::vector<WeightedRow>& rows,
                                                    const C45Split& split) {
  std::vector<std::vector<WeightedRow>> subsets(split.num_subsets());
  std::vector<double> fractions;
  for (const WeightedRow& row : rows) {
    const int subset = split.SubsetOf(training.data->instances[row.index]);
    if (subset >= 0) {
      subsets[subset].push_back(row);
      continue;
    }
    if (fractions.empty()) fractions = split.SubsetFractions();
    for (int i = 0; i < split.num_subsets(); ++i) {
      if (C45Greater(fractions[i], 0)) subsets[i].push_back({row.index, row.weight * fractions[i]});
    }
  }
  return subsets;
}

}  // namespace sentio
