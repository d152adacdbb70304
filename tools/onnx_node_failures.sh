#!/usr/bin/env bash
# Writes docs/ONNX_CONFORMANCE.md: how many of ONNX's backend node tests of issue 12's op set pass
# on the reference engine and the CPU engine, per op, and every failing test with its first error.
# Fetches the node tests if needed, builds //tests:onnx_node_conformance_test and runs it once
# with SENTIO_NODE_TEST_REPORT pointing at a temporary file, whose lines it turns into Markdown.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly TARGET=//tests:onnx_node_conformance_test
readonly BINARY=bazel-bin/tests/onnx_node_conformance_test
readonly DOC=docs/ONNX_CONFORMANCE.md

bash tools/fetch_onnx_node_tests.sh
bazel build "$TARGET"

report=$(mktemp)
trap 'rm -f "$report"' EXIT
binary=$(realpath "$BINARY")
# The test reads its data through its runfiles, as under `bazel test`; it exits non-zero while
# tests fail, which is what this script reports on.
(cd "$BINARY.runfiles/sentio" && SENTIO_NODE_TEST_REPORT="$report" "$binary" >/dev/null) || true
if [[ $(wc -l <"$report") -lt 2 ]]; then
  echo "onnx_node_failures: $TARGET wrote no results (run it with bazel test to see why)" >&2
  exit 1
fi

# Tests that no implementation can pass as shipped: test name, tab, why.
readonly KNOWN="\
test_training_dropout	cannot pass: the mask is drawn by NumPy's random generator
test_training_dropout_default	cannot pass: the mask is drawn by NumPy's random generator
test_batchnorm_epsilon_training_mode	training mode (running-statistics outputs) is outside an inference engine
test_batchnorm_example_training_mode	training mode (running-statistics outputs) is outside an inference engine
test_averagepool_3d_dilations_large_count_include_pad_is_1_ceil_mode_is_True	by design: a ceil-mode window past the padded input is divided by its taps inside it, as PyTorch and Caffe do; ONNX's generator divides by the whole window"

{
  cat <<'EOF'
# ONNX conformance

Made by `tools/onnx_node_failures.sh` from `//tests:onnx_node_conformance_test`; do not edit.

ONNX's backend node tests (onnx 1.16.0, `onnx/backend/test/data/node/`, all opsets) whose model
is one node of the op set of issue 12 and whose first graph input and all graph outputs are
float32. The other graph inputs become initializers holding the stored values; each output must
have the stored shape and values within |a - b| <= 1e-4 + 1e-3 |b| (NaN equals NaN). The CPU
engine (1 thread) runs the tests that the reference engine passes.

EOF
  awk -F'\t' -v known="$KNOWN" '
    BEGIN {
      n = split(known, lines, "\n")
      for (i = 1; i <= n; ++i) if (split(lines[i], f, "\t") == 2) note[f[1]] = f[2]
    }
    NR == 1 { next }  # the header
    {
      total++; tests[$2]++
      if ($3 == "pass") { reference++; reference_by_op[$2]++ }
      if ($4 == "pass") { cpu++; cpu_by_op[$2]++ }
      if ($4 != "-") cpu_ran++
      if ($3 != "pass" || $4 == "fail") {
        failing[$2]++
        why = ($1 in note) ? " (" note[$1] ")" : ""
        list[$2] = list[$2] sprintf("- `%s`: %s%s\n", $1, $5, why)
      }
    }
    END {
      printf "**Reference engine: %d of %d pass (%.1f %%).** CPU engine: %d of those %d.\n\n",
          reference, total, 100 * reference / total, cpu, cpu_ran
      print "| op | tests | reference engine | CPU engine |"
      print "|---|---:|---:|---:|"
      count = 0
      for (op in tests) ops[++count] = op
      for (i = 2; i <= count; ++i) {  # insertion sort by name, which any awk can do
        op = ops[i]
        for (j = i - 1; j >= 1 && ops[j] > op; --j) ops[j + 1] = ops[j]
        ops[j + 1] = op
      }
      for (i = 1; i <= count; ++i) {
        op = ops[i]
        printf "| %s | %d | %d | %d |\n", op, tests[op], reference_by_op[op], cpu_by_op[op]
      }
      print "\n## Failing tests\n"
      print "The first error of each: from the importer (`import:`), the engine (`load:`, `run:`),"
      print "or the comparison with the stored outputs."
      any = 0
      for (i = 1; i <= count; ++i) {
        op = ops[i]
        if (!(op in failing)) continue
        any = 1
        printf "\n### %s (%d of %d failing)\n\n%s", op, failing[op], tests[op], list[op]
      }
      if (!any) print "\nNone."
    }
  ' "$report"
} >"$DOC"
summary=$(sed -n 's/^\*\*Reference engine: \(.*\)\.\*\* .*/\1/p' "$DOC")
echo "onnx_node_failures: wrote $DOC (reference engine: $summary)"
