#!/usr/bin/python3
"""The CNN latency benchmark's peers (tools/bench_cnn.sh): one model, one framework, one thread
count, batch 1 on the CPU; warm-up runs, then the median of the timed runs, printed in the same
form as `sentio cnn bench` (last line median_ms=X).

  /usr/bin/python3 tools/bench_cnn_peers.py --framework=opencv|pytorch --model=F --shape=1,3,224,224
      [--threads=1] [--iters=10] [--warmup=3]

opencv:  cv2.dnn.readNetFromONNX(F.onnx), DNN_BACKEND_OPENCV on DNN_TARGET_CPU, cv2.setNumThreads.
pytorch: torch.jit.load(F.pt) (frozen TorchScript), torch.set_num_threads, torch.inference_mode.
"""
import argparse
import statistics
import sys
import time

import numpy as np


def opencv_runner(path, threads, shape):
    import cv2
    cv2.setNumThreads(threads)
    net = cv2.dnn.readNetFromONNX(path)
    net.setPreferableBackend(cv2.dnn.DNN_BACKEND_OPENCV)
    net.setPreferableTarget(cv2.dnn.DNN_TARGET_CPU)
    image = np.random.default_rng(1).random(shape, dtype=np.float32)

    def run():
        net.setInput(image)
        return net.forward()

    return run


def pytorch_runner(path, threads, shape):
    import torch
    torch.set_num_threads(threads)
    model = torch.jit.load(path)
    model.eval()
    image = torch.from_numpy(np.random.default_rng(1).random(shape, dtype=np.float32))

    def run():
        with torch.inference_mode():
            return model(image)

    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--framework", required=True, choices=["opencv", "pytorch"])
    parser.add_argument("--model", required=True, help=".onnx for opencv, .pt for pytorch")
    parser.add_argument("--shape", required=True, help="input shape, e.g. 1,3,224,224")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--iters", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    if args.threads < 1 or args.iters < 1 or args.warmup < 0:
        sys.exit("--threads and --iters must be positive, --warmup not negative")
    shape = tuple(int(d) for d in args.shape.split(","))
    make_runner = opencv_runner if args.framework == "opencv" else pytorch_runner
    run = make_runner(args.model, args.threads, shape)
    for _ in range(args.warmup):
        run()
    milliseconds = []
    for _ in range(args.iters):
        start = time.perf_counter()
        run()
        milliseconds.append((time.perf_counter() - start) * 1e3)
    print(f"{args.framework} {args.model}: {args.threads} threads, {args.warmup} warm-up, "
          f"{args.iters} timed")
    print(f"Latency: min {min(milliseconds):.4f} ms, median {statistics.median(milliseconds):.4f} ms, "
          f"mean {statistics.mean(milliseconds):.4f} ms")
    print(f"median_ms={statistics.median(milliseconds):.4f}")


if __name__ == "__main__":
    main()
