#!/usr/bin/env bash
# Times kNN queries and GMM EM: Sentio's tests/knn_benchmark and tests/gmm_benchmark (Google
# Benchmark, -c opt, median of 5 repetitions) and scikit-learn on the same data
# (tools/bench_sklearn_peer.py, median of 5 after a warm-up), in the same run, each on one thread
# (BLAS and OpenMP pools limited to 1); prints both and the ratios. Usage:
#
#   bash tools/bench_classifiers.sh [--output_base=DIR]   (DIR: a Bazel output base to build in)
#
# Needs Debian's /usr/bin/python3 with python3-sklearn.
set -euo pipefail
cd "$(dirname "$0")/.."

bazel_args=()
if [[ $# -gt 0 && $1 == --output_base=* ]]; then bazel_args+=("$1"); fi
bazel "${bazel_args[@]}" build -c opt --symlink_prefix=/ //tests:knn_benchmark \
  //tests:gmm_benchmark >&2
bin="$(bazel "${bazel_args[@]}" info -c opt --symlink_prefix=/ bazel-bin 2>/dev/null)/tests"
data_dir="$(cd ../shared/data/arff && pwd)"
har_dir="$(cd ../shared/data/har && pwd)"

export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
benchmark_flags=(--benchmark_format=json --benchmark_repetitions=5
                 --benchmark_report_aggregates_only=true "--arff_dir=$data_dir")
knn_json=$("$bin/knn_benchmark" "${benchmark_flags[@]}" "--har_dir=$har_dir" 2>/dev/null)
gmm_json=$("$bin/gmm_benchmark" "${benchmark_flags[@]}" 2>/dev/null)
peer_json=$(/usr/bin/python3 tools/bench_sklearn_peer.py "$data_dir" "$har_dir")

KNN_JSON="$knn_json" GMM_JSON="$gmm_json" PEER_JSON="$peer_json" /usr/bin/python3 - <<'PY'
import json, os

def median(name, benchmark=""):
    report = json.loads(os.environ[name])
    return report, next(b for b in report["benchmarks"]
                        if b["name"].startswith(benchmark) and b["name"].endswith("_median"))

knn_report, knn = median("KNN_JSON", "BM_Knn1Queries/segment")
_, gmm = median("GMM_JSON")
peer = json.loads(os.environ["PEER_JSON"])
context = knn_report["context"]
print(f"machine: {context.get('num_cpus')} CPUs at {context.get('mhz_per_cpu')} MHz, "
      f"load average {context.get('load_avg')}; scikit-learn {peer['sklearn']}, "
      f"numpy {peer['numpy']}; one thread each")

queries = int(knn["queries"])
print(f"\nkNN k=1: {int(knn['train'])} training instances (segment-challenge), {queries} queries "
      "(segment-test), min-max scaled")
print(f"  {'':24s} {'wall ms':>9s} {'cpu ms':>9s} {'queries/s':>10s} {'accuracy':>9s}")
print(f"  {'sentio KnnClassifier':24s} {knn['real_time']:9.1f} {knn['cpu_time']:9.1f} "
      f"{queries / (knn['real_time'] / 1e3):10.0f} {knn['accuracy']:9.4f}")
for algorithm, result in peer["knn"].items():
    label = f"sklearn {algorithm} ({result['fit_method']})"
    print(f"  {label:24s} {result['wall_ms']:9.1f} {result['cpu_ms']:9.1f} "
          f"{result['queries_per_second']:10.0f} {result['accuracy']:9.4f}")
for algorithm, result in peer["knn"].items():
    print(f"  time sklearn {algorithm} / sentio (>1: sentio faster): wall {result['wall_ms'] / knn['real_time']:.2f}x  "
          f"cpu {result['cpu_ms'] / knn['cpu_time']:.2f}x")

print("\nkNN on a low-dimensional set: every sample of BasicMotions (6 values), 4000 training "
      "samples (TRAIN), 4000 queries (TEST), min-max scaled")
print(f"  {'':28s} {'wall ms':>9s} {'cpu ms':>9s} {'queries/s':>10s} {'accuracy':>9s} {'agree':>6s}")
for k in (1, 5):
    rows = {}
    for search in ("brute", "kdtree"):
        _, ours = median("KNN_JSON", f"BM_KnnQueries/basic_motions_samples/{search}/k:{k}")
        rows[search] = ours
        print(f"  {f'sentio {search} k={k}':28s} {ours['real_time']:9.1f} {ours['cpu_time']:9.1f} "
              f"{ours['queries'] / (ours['real_time'] / 1e3):10.0f} {ours['accuracy']:9.4f} "
              f"{int(ours['agree']):6d}")
    for algorithm in ("brute", "kd_tree"):
        result = peer["knn_samples"][f"{algorithm}/k:{k}"]
        print(f"  {f'sklearn {algorithm} k={k}':28s} {result['wall_ms']:9.1f} {result['cpu_ms']:9.1f} "
              f"{result['queries_per_second']:10.0f} {result['accuracy']:9.4f}")
    kd, brute = rows["kdtree"], rows["brute"]
    sk_kd, sk_brute = (peer["knn_samples"][f"{a}/k:{k}"] for a in ("kd_tree", "brute"))
    print(f"  k={k} time ratios, CPU (>1: the second faster): sentio brute / sentio kd-tree "
          f"{brute['cpu_time'] / kd['cpu_time']:.2f}x, sklearn kd_tree / sentio kd-tree "
          f"{sk_kd['cpu_ms'] / kd['cpu_time']:.2f}x, sklearn brute / sentio brute "
          f"{sk_brute['cpu_ms'] / brute['cpu_time']:.2f}x")

theirs = peer["gmm"]
print(f"\nGMM EM: {theirs['points']} points x {theirs['dimension']} (segment-challenge, "
      "standardised), 3 components, diag, max 100 iterations, tol 1e-3, one k-means++ init")
print(f"  {'':24s} {'wall ms':>9s} {'cpu ms':>9s} {'iterations':>10s} {'mean logL':>10s}")
print(f"  {'sentio FitGmm':24s} {gmm['real_time']:9.1f} {gmm['cpu_time']:9.1f} "
      f"{int(gmm['em_iterations']):10d} {gmm['mean_log_likelihood']:10.4f}")
print(f"  {'sklearn GaussianMixture':24s} {theirs['wall_ms']:9.1f} {theirs['cpu_ms']:9.1f} "
      f"{theirs['em_iterations']:10d} {theirs['mean_log_likelihood']:10.4f}")
print(f"  time sklearn / sentio (>1: sentio faster): wall {theirs['wall_ms'] / gmm['real_time']:.2f}x  "
      f"cpu {theirs['cpu_ms'] / gmm['cpu_time']:.2f}x; per iteration: cpu "
      f"{(theirs['cpu_ms'] / theirs['em_iterations']) / (gmm['cpu_time'] / gmm['em_iterations']):.2f}x")
PY
