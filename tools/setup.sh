#!/usr/bin/env bash
# Installs the Debian packages Sentio builds with (Bazel, rule sets, Abseil, protobuf, KissFFT,
# OpenCL with PoCL, GoogleTest, Google Benchmark, Eigen, libpng), Chromium and DejaVu fonts (for
# tests/report_render_test, which screenshots HTML reports), pip, with which
# tools/fetch_onnx_node_tests.sh downloads ONNX's node tests, and what the `sentio` Python package
# builds and is tested with (CPython headers, pybind11, NumPy, pytest, venv). Idempotent: installs only what is
# missing, runs `apt-get update` at most once, and names the package when one cannot be installed.
set -euo pipefail

PACKAGES=(
  bazel-bootstrap bazel-rules-cc bazel-rules-java bazel-platforms bazel-skylib bazel-rules-proto
  g++ libabsl-dev libprotobuf-dev protobuf-compiler libkissfft-dev
  ocl-icd-opencl-dev opencl-headers opencl-clhpp-headers pocl-opencl-icd clinfo
  libgtest-dev libgmock-dev libbenchmark-dev zlib1g-dev libeigen3-dev libpng-dev python3-pip
  chromium fonts-dejavu-core
  python3-dev pybind11-dev python3-numpy python3-pytest python3-venv
)

missing=()
for package in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "setup: all ${#PACKAGES[@]} Debian packages are installed"
  exit 0
fi

SUDO=()
[[ $(id -u) -eq 0 ]] || SUDO=(sudo)
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq || { echo "setup: apt-get update failed" >&2; exit 1; }
if ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/sentio-apt.log 2>&1; then
  # Retry one by one to name the package that apt cannot install.
  for package in "${missing[@]}"; do
    if ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "$package" >>/tmp/sentio-apt.log 2>&1; then
      echo "setup: apt-get could not install the package '$package' (log: /tmp/sentio-apt.log)" >&2
      exit 1
    fi
  done
fi
echo "setup: done"
