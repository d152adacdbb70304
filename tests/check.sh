# Sourced by the shell tests in tests/ (run from the runfiles root, with this file in their data):
# `check NAME CONDITION...` runs CONDITION and prints "PASS NAME" or "FAIL NAME", counting the
# failures in `failures`; each test ends with `echo "$failures failed"` and its exit status.
failures=0

check() {  # check NAME CONDITION...
  local name="$1"
  shift
  if "$@"; then echo "PASS $name"; else echo "FAIL $name"; failures=$((failures + 1)); fi
}
