#!/usr/bin/env bash
# The OpenCL engine on a lent GPU machine, in one call (issue 13): the OpenCL op suite, then VGG-16,
# tiny-YOLOv2 VOC, MobileNetV2 and ResNet-50 at batch 1 on the OpenCL engine (fp32, and fp16
# weight storage) against PyTorch's cuDNN on the same GPU (strict fp32 with TF32 off, and fp16),
# one table. Two halves:
#
#   bash tools/gpu_check.sh --prepare   here, where Bazel is: builds sentio and the OpenCL op suite
#                                       (-c opt) into gpu_check/ with the shared libraries `ldd`
#                                       lists for them (gpu_check/ is git-ignored: carry it)
#   bash tools/gpu_check.sh             on the GPU machine (no Bazel there): NVIDIA's OpenCL made
#                                       visible (../shared/notes/bazel-offline.md), the models made
#                                       with the machine's torch in /tmp, everything timed
#
# Without an NVIDIA driver the second half runs on whatever OpenCL device there is (PoCL here)
# and reports cuDNN as missing: a dry run of the script. Keep it under 8 minutes on the GPU.
set -uo pipefail
cd "$(dirname "$0")/.."
bundle=gpu_check

if [[ "${1:-}" == "--prepare" ]]; then
  bazel build -c opt --symlink_prefix=/ //apps:sentio //gpu:opencl_engine_test >&2 || exit 1
  bin="$(bazel info -c opt --symlink_prefix=/ bazel-bin 2>/dev/null)"
  rm -rf "$bundle" && mkdir -p "$bundle/lib"
  cp "$bin/apps/sentio" "$bin/gpu/opencl_engine_test" "$bundle/"
  # ldd on the built binaries: their run path finds Bazel's own libraries from bazel-bin only.
  for binary in "$bin/apps/sentio" "$bin/gpu/opencl_engine_test"; do
    # Every library but the C library and the loader, which the machine has in the same version.
    ldd "$binary" | awk '$3 ~ /^\// {print $3}' | grep -vE '/(libc|libm|ld-linux[^/]*)\.so' |
      xargs -r cp -L -t "$bundle/lib/"
  done
  du -sh "$bundle" >&2
  exit 0
fi
[[ -x "$bundle/sentio" ]] || { echo "gpu_check.sh: run 'bash tools/gpu_check.sh --prepare' first" >&2; exit 1; }
export LD_LIBRARY_PATH="$PWD/$bundle/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
nvidia_icd=/usr/local/nvidia/lib64/libnvidia-opencl.so.1
if [[ -e "$nvidia_icd" ]]; then
  mkdir -p /tmp/icd && echo "$nvidia_icd" >/tmp/icd/nvidia.icd
  export OCL_ICD_VENDORS=/tmp/icd
fi
python=/usr/bin/python3  # the first Python with torch
for candidate in "$(command -v python3)" /usr/bin/python3; do
  if [[ -n "$candidate" ]] && "$candidate" -c "import torch" 2>/dev/null; then
    python=$candidate
    break
  fi
done

echo "== OpenCL device"
(command -v clinfo >/dev/null && clinfo -l) || echo "(no clinfo)"
echo "== OpenCL op suite"
"$bundle/opencl_engine_test" --gtest_brief=1 2>&1 | tail -n 3

models=/tmp/sentio_gpu_check_models
mkdir -p "$models"
benchmarks=("vgg16 1,3,224,224" "tiny_yolov2_voc 1,3,416,416" "mobilenetv2 1,3,224,224"
            "resnet50 1,3,224,224")
for benchmark in "${benchmarks[@]}"; do
  read -r name _ <<<"$benchmark"
  [[ -f "$models/$name.onnx" && -f "$models/$name.pt" ]] ||
    "$python" tools/make_cnn_bench_models.py "$models" "$name" >/dev/null 2>&1 ||
    echo "could not make $name" >&2
done

median() {  # the median_ms of a command's last line, or "-" with its error on stderr
  local out
  out=$("$@" 2>&1)
  if [[ "$(tail -n 1 <<<"$out")" == median_ms=* ]]; then
    tail -n 1 <<<"$out" | cut -d= -f2
  else
    echo "$(tail -n 1 <<<"$out")" >&2
    echo "-"
  fi
}

echo "== Batch 1, median ms"
echo "| model | Sentio OpenCL fp32 | Sentio OpenCL fp16 weights | cuDNN fp32 (no TF32) | cuDNN fp16 | OpenCL / cuDNN fp32 |"
echo "|---|---|---|---|---|---|"
for benchmark in "${benchmarks[@]}"; do
  read -r name shape <<<"$benchmark"
  opencl=$(median "$bundle/sentio" cnn bench --model="$models/$name.onnx" --engine=opencl \
    --no_fallback --iters=20 --warmup=5)
  opencl16=$(median "$bundle/sentio" cnn bench --model="$models/$name.onnx" --engine=opencl \
    --no_fallback --precision=fp16 --iters=20 --warmup=5)
  fp32=$(median "$python" tools/bench_cudnn.py --model="$models/$name.pt" --shape="$shape")
  fp16=$(median "$python" tools/bench_cudnn.py --model="$models/$name.pt" --shape="$shape" \
    --precision=fp16)
  ratio=$(awk -v a="$opencl" -v b="$fp32" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "-" }')
  echo "| $name | $opencl | $opencl16 | $fp32 | $fp16 | $ratio |"
done
