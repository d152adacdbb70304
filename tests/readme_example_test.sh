#!/usr/bin/env bash
# The README's "Adding a stage" example is the real apps/har/label_change_stage.cc (built and unit
# tested as //apps/har:label_change_stage_test): every line of the README's C++ block, but the
# elisions ("..."), is a line of that file.
set -uo pipefail
source tests/check.sh

snippet=$(awk '/^### Adding a stage/ { in_section = 1 } in_section && /^```c\+\+/ { in_code = 1; next }
  in_code && /^```/ { exit } in_code' README.md)
check "the README has the example" test -n "$snippet"
missing=0
while IFS= read -r line; do
  [[ "$line" =~ ^[[:space:]]*\.\.\.$ ]] && continue
  if ! grep -qxF -- "$line" apps/har/label_change_stage.cc; then
    echo "not in the stage's source: $line"
    missing=$((missing + 1))
  fi
done <<<"$snippet"
check "every README line is in apps/har/label_change_stage.cc" test "$missing" -eq 0
echo "$failures failed"
exit $((failures > 0))
