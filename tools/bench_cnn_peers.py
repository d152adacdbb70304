#!/usr/bin/python3
"""The CNN latency benchmark's peers (tools/bench_cnn.sh): one model, one framework, one thread
count, batch 1 on the CPU; warm-up runs, then the median of the timed runs, printed in the same
form as `sentio cnn bench` (last line median_ms=X).

  PYTHON tools/bench_cnn_peers.py --framework=onnxruntime|openvino|opencv|opencv_opencl|pytorch --model=F
      --shape=1,3,224,224 [--threads=1] [--iters=10] [--warmup=3]

onnxruntime: InferenceSession(F.onnx) on the CPU provider, all graph optimisations, intra-op
             threads = --threads, one inter-op thread, sequential execution (PyPI, in a venv).
openvino:    Core().compile_model(F.onnx, "CPU") with INFERENCE_NUM_THREADS = --threads, the
             LATENCY hint, one stream and f32 inference precision (PyPI, in a venv).
opencv:      cv2.dnn.readNetFromONNX(F.onnx), DNN_BACKEND_OPENCV on DNN_TARGET_CPU (Debian).
opencv_opencl: the same on DNN_TARGET_OPENCL (the device of OPENCV_OPENCL_DEVICE).
pytorch:     torch.jit.load(F.pt) (frozen TorchScript), torch.inference_mode (Debian).
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


def opencv_opencl_runner(path, threads, shape):
    """OpenCV DNN on its OpenCL target: the device OPENCV_OPENCL_DEVICE names (":CPU:0" is PoCL
    on the CPU, which also needs OPENCV_DNN_OPENCL_ALLOW_ALL_DEVICES=1)."""
    import cv2
    cv2.setNumThreads(threads)
    cv2.ocl.setUseOpenCL(True)
    if not cv2.ocl.haveOpenCL():
        sys.exit("opencv_opencl: OpenCV sees no OpenCL device")
    net = cv2.dnn.readNetFromONNX(path)
    net.setPreferableBackend(cv2.dnn.DNN_BACKEND_OPENCV)
    net.setPreferableTarget(cv2.dnn.DNN_TARGET_OPENCL)
    image = np.random.default_rng(1).random(shape, dtype=np.float32)

    def run():
        net.setInput(image)
        return net.forward()

    return run


def onnxruntime_runner(path, threads, shape):
    import onnxruntime as ort
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    image = np.random.default_rng(1).random(shape, dtype=np.float32)
    return lambda: session.run(None, {name: image})


def openvino_runner(path, threads, shape):
    import openvino as ov
    core = ov.Core()
    compiled = core.compile_model(path, "CPU", {
        "INFERENCE_NUM_THREADS": threads,
        "PERFORMANCE_HINT": "LATENCY",
        "NUM_STREAMS": 1,
        "INFERENCE_PRECISION_HINT": "f32",
    })
    request = compiled.create_infer_request()
    image = np.random.default_rng(1).random(shape, dtype=np.float32)
    return lambda: request.infer({0: image})


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


RUNNERS = {
    "onnxruntime": onnxruntime_runner,
    "openvino": openvino_runner,
    "opencv": opencv_runner,
    "opencv_opencl": opencv_opencl_runner,
    "pytorch": pytorch_runner,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--framework", required=True, choices=sorted(RUNNERS))
    parser.add_argument("--model", required=True, help=".pt for pytorch, .onnx for the others")
    parser.add_argument("--shape", required=True, help="input shape, e.g. 1,3,224,224")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--iters", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    if args.threads < 1 or args.iters < 1 or args.warmup < 0:
        sys.exit("--threads and --iters must be positive, --warmup not negative")
    shape = tuple(int(d) for d in args.shape.split(","))
    run = RUNNERS[args.framework](args.model, args.threads, shape)
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
