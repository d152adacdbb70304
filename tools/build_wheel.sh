#!/usr/bin/env bash
# Builds the `sentio` Python wheel (//apps/python:wheel: the pybind11 extension and the Python
# package) and copies it to dist/; the last line is `wheel=PATH`. Install it with
#   python3 -m venv --system-site-packages venv && venv/bin/pip install dist/sentio-*.whl
# (NumPy from Debian's python3-numpy, or from PyPI in a plain venv).
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/setup.sh >&2
bazel build //apps/python:wheel >&2
mkdir -p dist
wheel=dist/sentio-0.1.0-cp311-cp311-linux_x86_64.whl
cp -f bazel-bin/apps/python/sentio-0.1.0-cp311-cp311-linux_x86_64.whl "$wheel"
echo "wheel=$PWD/$wheel"
