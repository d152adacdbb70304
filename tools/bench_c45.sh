#!/usr/bin/env bash
# Times C4.5 as whole processes: `sentio eval --classifier=c45` (built with -c opt; 10-fold
# stratified CV) against Weka's J48 (`weka.classifiers.trees.J48 -t F`: it trains on the whole set,
# evaluates on it, then 10-fold CVs) on segment-challenge, credit-g, soybean and diabetes, in the
# same run, one data set after the other. Uses hyperfine (1 warm-up, 5 runs) when installed, else a
# loop of 5 timed runs; prints the median wall time of each, the ratio Weka / Sentio and, with
# hyperfine, the mean CPU time (user + system, all threads) of each. Usage:
#
#   bash tools/bench_c45.sh [--output_base=DIR]   (DIR: a Bazel output base to build in)
#
# Needs Debian's weka (/usr/share/java/weka.jar) and a JRE.
set -euo pipefail
cd "$(dirname "$0")/.."

bazel_args=()
if [[ $# -gt 0 && $1 == --output_base=* ]]; then bazel_args+=("$1"); fi
bazel "${bazel_args[@]}" build -c opt --symlink_prefix=/ //apps:sentio >&2
sentio="$(bazel "${bazel_args[@]}" info -c opt --symlink_prefix=/ bazel-bin 2>/dev/null)/apps/sentio"
weka_jar=/usr/share/java/weka.jar
data_dir="$(cd ../shared/data/arff && pwd)"
if [[ ! -f $weka_jar ]]; then echo "bench_c45.sh: $weka_jar not found (apt-get install weka)" >&2; exit 1; fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Median wall milliseconds of 5 runs of the command "$@", output discarded, after one warm-up.
median_ms() {
  "$@" >/dev/null 2>&1
  local times=()
  for _ in 1 2 3 4 5; do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=($(((end - start) / 1000000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 3p
}

echo "machine: $(nproc) CPUs, $(uptime | sed 's/.*load average/load average/')"
echo "java: $(java -version 2>&1 | head -1)"
if command -v hyperfine >/dev/null; then echo "timer: $(hyperfine --version), 1 warm-up, 5 runs"; else
  echo "timer: date +%s%N, 1 warm-up, median of 5"; fi
printf '%-18s %10s %10s %11s %14s %14s   %s\n' "data set" "sentio ms" "weka ms" "weka/sentio" \
  "sentio cpu ms" "weka cpu ms" "CV accuracy sentio / weka"
for name in segment-challenge credit-g soybean diabetes; do
  file="$data_dir/$name.arff"
  sentio_cmd=("$sentio" eval "--data=$file" --classifier=c45)
  weka_cmd=(java -cp "$weka_jar" weka.classifiers.trees.J48 -t "$file")
  sentio_accuracy=$("${sentio_cmd[@]}" | tail -1 | sed 's/^accuracy=//')
  weka_accuracy=$("${weka_cmd[@]}" | awk '/Stratified cross-validation/ {cv = 1}
      cv && /Correctly Classified Instances/ {printf "%.4f\n", $(NF - 1) / 100; exit}')
  if command -v hyperfine >/dev/null; then
    hyperfine --style none --warmup 1 --runs 5 --export-json "$work/$name.json" \
      -n sentio "$(printf '%q ' "${sentio_cmd[@]}")" \
      -n weka "$(printf '%q ' "${weka_cmd[@]}")" >/dev/null
    read -r sentio_ms weka_ms sentio_cpu weka_cpu < <(/usr/bin/python3 -c '
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
cpu = {n: round((r["user"] + r["system"]) * 1e3) for n, r in results.items()}
print(round(results["sentio"]["median"] * 1e3), round(results["weka"]["median"] * 1e3),
      cpu["sentio"], cpu["weka"])' \
      "$work/$name.json")
  else
    sentio_ms=$(median_ms "${sentio_cmd[@]}")
    weka_ms=$(median_ms "${weka_cmd[@]}")
    sentio_cpu=- weka_cpu=-
  fi
  printf '%-18s %10d %10d %10.2fx %14s %14s   %s / %s\n' "$name" "$sentio_ms" "$weka_ms" \
    "$(echo "$weka_ms / $sentio_ms" | bc -l)" "$sentio_cpu" "$weka_cpu" "$sentio_accuracy" \
    "$weka_accuracy"
done
