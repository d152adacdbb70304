#!/usr/bin/env bash
# The README's "Adding a stage" example is the real LabelChangeStage (built and unit tested as
# //apps/har:label_change_stage_test): every line of the section's code blocks but the elisions
# ("..."), is a line of the file it shows: the C++ block of apps/har/label_change_stage.cc, the
# proto block of apps/har/label_change_stage.proto, the BUILD block of apps/har/BUILD.
set -uo pipefail
source tests/check.sh

# The lines of the section's code block in `language`.
block() {
  awk -v fence="^\`\`\`$1\$" '/^### Adding a stage/ { in_section = 1 } /^## / && in_section > 1 { exit }
    in_section { in_section = 2 } in_section && $0 ~ fence { in_code = 1; next }
    in_code && /^```/ { exit } in_code' README.md
}

check_block() {
  local language=$1 fence=$2 file=$3 snippet missing=0
  snippet=$(block "$fence")
  check "the README's $language example is there" test -n "$snippet"
  while IFS= read -r line; do
    [[ "$line" =~ ^[[:space:]]*\.\.\.$ ]] && continue
    if ! grep -qxF -- "$line" "$file"; then
      echo "not in $file: $line"
      missing=$((missing + 1))
    fi
  done <<<"$snippet"
  check "every line of the README's $language example is in $file" test "$missing" -eq 0
}

check_block C++ 'c\+\+' apps/har/label_change_stage.cc
check_block proto proto apps/har/label_change_stage.proto
check_block BUILD python apps/har/BUILD
echo "$failures failed"
exit $((failures > 0))
