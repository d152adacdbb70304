# Sourced by the CNN benchmark scripts (tools/bench_cnn.sh, tools/bench_opencl.sh): building the
# opt sentio, choosing and making the benchmark models, and reading a run's median.

# Builds sentio with -c opt in the Bazel output base of "${bazel_args[@]}"; sets `sentio`.
build_sentio() {
  bazel "${bazel_args[@]}" build -c opt --symlink_prefix=/ //apps:sentio >&2 || exit 1
  sentio="$(bazel "${bazel_args[@]}" info -c opt --symlink_prefix=/ bazel-bin 2>/dev/null)/apps/sentio"
}

# Sets `selected` to the entries of `benchmarks` ("name shape iters warmup") that `only` names
# (all when empty), making any missing model in `models_dir`; exits naming SCRIPT when none is.
select_benchmarks() {
  local script="$1" benchmark name
  selected=()
  for benchmark in "${benchmarks[@]}"; do
    read -r name _ <<<"$benchmark"
    if [[ -n "$only" && ",$only," != *",$name,"* ]]; then continue; fi
    selected+=("$benchmark")
    if [[ ! -f "$models_dir/$name.onnx" || ! -f "$models_dir/$name.pt" ]]; then
      /usr/bin/python3 tools/make_cnn_bench_models.py "$models_dir" "$name" >&2 || exit 1
    fi
  done
  [[ ${#selected[@]} -gt 0 ]] || { echo "$script: --only=$only names no model" >&2; exit 2; }
}

# The median of one run: its last line median_ms=X, or "error: <its last line>".
median_of() {
  local output status last
  output=$("$@" 2>&1)
  status=$?
  last=$(tail -n 1 <<<"$output")
  if [[ $status -eq 0 && "$last" == median_ms=* ]]; then
    echo "${last#median_ms=}"
  else
    echo "error: $(tr '\n' ' ' <<<"$last" | cut -c1-200)"
  fi
}
