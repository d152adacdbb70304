#!/usr/bin/env bash
# Installs the built wheel into a fresh venv (with Debian's NumPy and pytest, offline) and runs the
# package's pytest suite there against the CLI and the shared data; pytest writes the JUnit XML
# Bazel reads, so each Python test case counts in the test totals.
set -euo pipefail

wheel="$PWD/apps/python/sentio-0.1.0-cp311-cp311-linux_x86_64.whl"
venv="${TEST_TMPDIR:?}/venv"
/usr/bin/python3 -m venv --system-site-packages "$venv"
"$venv/bin/pip" install --no-index --no-deps --quiet "$wheel"
export SENTIO_CLI="$PWD/apps/sentio" SENTIO_DATA="$PWD/external/shared_data"
exec "$venv/bin/python" -m pytest -q -p no:cacheprovider apps/python/tests \
  --junitxml="${XML_OUTPUT_FILE:-$TEST_TMPDIR/pytest.xml}"
