#!/usr/bin/python3
"""PyTorch cuDNN batch-1 latency of one benchmark model (tools/make_cnn_bench_models.py's frozen
TorchScript NAME.pt) on the CUDA GPU, the peer of the OpenCL engine in tools/gpu_check.sh: strict
fp32 (TF32 off for convolutions and matrix products) or fp16 (the model and input in half).
Prints the median of the timed runs as `median_ms=X` (CUDA synchronised around each run).

  python3 tools/bench_cudnn.py --model=F.pt --shape=1,3,224,224 [--precision=fp32|fp16]
      [--iters=20] [--warmup=5]
"""
import argparse
import statistics
import sys
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--shape", required=True)
    parser.add_argument("--precision", choices=["fp32", "fp16"], default="fp32")
    parser.add_argument("--iters", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args()
    import torch
    if not torch.cuda.is_available():
        sys.exit("bench_cudnn.py: no CUDA device")
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.benchmark = True
    model = torch.jit.load(args.model, map_location="cuda").eval()
    shape = tuple(int(d) for d in args.shape.split(","))
    image = torch.rand(shape, device="cuda")
    if args.precision == "fp16":
        model = model.half()
        image = image.half()
    milliseconds = []
    with torch.inference_mode():
        for i in range(args.warmup + args.iters):
            torch.cuda.synchronize()
            start = time.perf_counter()
            model(image)
            torch.cuda.synchronize()
            if i >= args.warmup:
                milliseconds.append((time.perf_counter() - start) * 1e3)
    print(f"cuDNN {args.precision} {args.model} on {torch.cuda.get_device_name()}")
    print(f"median_ms={statistics.median(milliseconds):.4f}")


if __name__ == "__main__":
    main()
