#!/usr/bin/env bash
# Fetches ONNX's backend node tests (model.onnx + test_data_set_*/{input,output}_N.pb per test) for
# //tests:onnx_node_conformance_test: downloads the onnx==1.16.0 wheel from PyPI with pip, checks
# its pinned sha256, and unpacks only onnx/backend/test/data/node/ into
# third_party/onnx_node_tests/data/node (ignored by git; the Bazel repository @onnx_node_tests
# points there). Idempotent: does nothing when that copy is complete. Needs the network once.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly WHEEL=onnx-1.16.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
readonly WHEEL_SHA256=0e60ca76ac24b65c25860d0f2d2cdd96d6320d062a01dd8ce87c5743603789b8
readonly MEMBER_PREFIX=onnx/backend/test/data/node/
readonly DATA=third_party/onnx_node_tests/data
# Written last: its presence means the copy under $DATA/node is complete and from this wheel.
readonly STAMP=$DATA/complete.sha256

if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$WHEEL_SHA256" && -d "$DATA/node" ]]; then
  echo "fetch_onnx_node_tests: $DATA/node is present"
  exit 0
fi

# Any Python with pip will do: the wheel is pure data to us, never installed.
python=
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -m pip --version >/dev/null 2>&1; then
    python=$candidate
    break
  fi
done
if [[ -z "$python" ]]; then
  echo "fetch_onnx_node_tests: no Python with pip found (tools/setup.sh installs python3-pip)" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "fetch_onnx_node_tests: downloading $WHEEL"
"$python" -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.11 \
  --platform manylinux2014_x86_64 --dest "$work" onnx==1.16.0
if [[ ! -f "$work/$WHEEL" ]]; then
  echo "fetch_onnx_node_tests: pip did not save $WHEEL" >&2
  exit 1
fi
actual=$(sha256sum "$work/$WHEEL" | cut -d' ' -f1)
if [[ "$actual" != "$WHEEL_SHA256" ]]; then
  echo "fetch_onnx_node_tests: $WHEEL has sha256 $actual, expected $WHEEL_SHA256" >&2
  exit 1
fi

"$python" - "$work/$WHEEL" "$MEMBER_PREFIX" "$work/node" <<'EOF'
import os, sys, zipfile
wheel, prefix, dest = sys.argv[1:]
with zipfile.ZipFile(wheel) as archive:
    for member in archive.namelist():
        if not member.startswith(prefix) or member.endswith("/"):
            continue
        relative = os.path.normpath(member[len(prefix):])
        if relative.startswith("..") or os.path.isabs(relative):
            sys.exit("unexpected path in the wheel: " + member)
        target = os.path.join(dest, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with archive.open(member) as source, open(target, "wb") as out:
            out.write(source.read())
EOF

mkdir -p "$DATA"
rm -rf "$DATA/node" "$STAMP"
mv "$work/node" "$DATA/node"
echo "$WHEEL_SHA256" >"$STAMP"
echo "fetch_onnx_node_tests: $(ls "$DATA/node" | wc -l) node tests in $DATA/node"
