#!/usr/bin/env bash
# Sets up the machine, fetches ONNX's node tests (tools/fetch_onnx_node_tests.sh), runs every test
# (`bazel test //...`, the Python package's pytest suite included: each pytest case counts), then
# every C++ test again under AddressSanitizer and UBSan (`--config=asan`, see .bazelrc) and the
# concurrency tests under ThreadSanitizer (`--config=tsan`), then prints the
# number of test cases of the three runs that passed and failed, read from the JUnit XML file each
# test target leaves in its testlogs folder (a target without a readable result, e.g. one that did
# not build, counts as one failure).
set -uo pipefail
cd "$(dirname "$0")/.."

bash tools/setup.sh || exit 1
# ONNX's node tests for //tests:onnx_node_conformance_test (once; that test fails without them).
bash tools/fetch_onnx_node_tests.sh ||
  echo "test: fetching ONNX's node tests failed; onnx_node_conformance_test will fail" >&2
bazel test //... "$@"
bazel_status=$?

passed=0
failed=0
# Adds the test cases of the targets read from stdin to passed / failed; $1: the testlogs folder.
count_results() {
  local testlogs=$1 target xml totals tests failures errors bad
  while IFS= read -r target; do
    xml="$testlogs/$(sed 's|^//||; s|:|/|' <<<"$target")/test.xml"
    # The totals of one test binary: GoogleTest's <testsuites ...>, or for other tests the single
    # <testsuite ...> that Bazel writes.
    totals=$(grep -m1 -o '<testsuites\? [^>]*>' "$xml" 2>/dev/null || true)
    tests=$(sed -n 's/.* tests="\([0-9]*\)".*/\1/p' <<<"$totals")
    failures=$(sed -n 's/.* failures="\([0-9]*\)".*/\1/p' <<<"$totals")
    errors=$(sed -n 's/.* errors="\([0-9]*\)".*/\1/p' <<<"$totals")
    [[ -n "$tests" ]] || { failed=$((failed + 1)); continue; }
    bad=$(( ${failures:-0} + ${errors:-0} ))
    passed=$((passed + tests - bad))
    failed=$((failed + bad))
  done
}
count_results bazel-testlogs < <(bazel query --noshow_progress 'tests(//...)' 2>/dev/null)

# Then the whole suite again under AddressSanitizer and UBSan, and the concurrency tests under
# ThreadSanitizer (docs/RELIABILITY.md). Each sanitizer build has its own output folder (platform
# suffix): its results are read from there; the bazel-testlogs link moves to it as well, which is
# why the main run is counted first.
# Tests tagged `python` load an extension into the system's Python, which the sanitizers' runtimes
# would have to be preloaded into: they run in the first pass only.
bazel test --config=asan --test_tag_filters=-python //... "$@"
asan_status=$?
count_results "$(bazel info --config=asan bazel-testlogs 2>/dev/null)" \
  < <(bazel query --noshow_progress 'tests(//...) except attr(tags, python, tests(//...))' \
    2>/dev/null)

bazel test --config=tsan //tests:concurrency_tests "$@"
tsan_status=$?
count_results "$(bazel info --config=tsan bazel-testlogs 2>/dev/null)" \
  < <(bazel query --noshow_progress 'tests(//tests:concurrency_tests)' 2>/dev/null)

# A failed build can leave earlier results behind: never report success for it.
statuses_ok() { [[ $bazel_status -eq 0 && $asan_status -eq 0 && $tsan_status -eq 0 ]]; }
if ! statuses_ok && [[ $failed -eq 0 ]]; then failed=1; fi
echo "$passed passed, $failed failed"
statuses_ok && [[ $failed -eq 0 ]]
