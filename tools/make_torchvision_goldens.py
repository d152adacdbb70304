#!/usr/bin/python3
"""Writes tests/testdata/torchvision/: ten torchvision architectures as ONNX at opsets 11, 13 and 17
with ONNX Runtime's output on a fixed input, for tests/torchvision_conformance_test.cc.

The models are torchvision's (Debian's python3-torchvision) with random weights, exported in eval
mode with dynamic height and width. Their weights are not stored: every float initializer that a
Conv, Gemm, MatMul, Add or BatchNormalization reads as a parameter is refilled with a generator that
the C++ test reproduces bit for bit, and its data is removed from the file. The fill rule is
written into the initializer's doc_string (TensorProto field 12) as

    sentio_fill splitmix64 seed=<uint64> scale=<float32> offset=<float32>

meaning: element k (k = 0, 1, ...) is offset + scale * u_k in float32, where z = splitmix64 output
for the counter seed + (k + 1) * 0x9E3779B97F4A7C15 and u_k = ((z >> 40) - 2^23) * 2^-23, uniform
in [-1, 1) and exact in float32; the seed is the initializer's index + 1. Biases, BN's mean and
bias have scale 1/16; BN's scale and variance are 0.75 + 0.25 u (offset non-zero only with a
power-of-two scale, so that a fused multiply-add rounds the same). Conv, Gemm and MatMul weights
start at He-uniform, sqrt(6 / fan_in), and are then rescaled layer by layer so that each layer's
output has a root mean square of 1 on the input (LSUV): otherwise the signal fades through the
hard-swish and squeeze-excitation layers of MobileNetV3 until the biases alone decide the output.
Small constants (Clip bounds, shape values) stay in the file as they are.

The input is the same generator (seed INPUT_SEED, scale 1, offset 0) of shape 1x3xHxW, stored as
input.npy; ONNX Runtime (CPU, fp32, graph optimisations off, one thread) runs each filled model and
its output is stored as <model>_opset<N>_output.npy.

torch 1.13 (Debian) exports; onnx and onnxruntime come from pip. Run from the repository root:

    /usr/bin/python3 -m venv --system-site-packages /tmp/ortvenv
    /tmp/ortvenv/bin/pip install onnxruntime onnx "numpy<2"   # Debian's torch is built on numpy 1
    /tmp/ortvenv/bin/python tools/make_torchvision_goldens.py

(`/usr/bin/python3 tools/make_torchvision_goldens.py` makes the venv and re-runs itself in it.)
"""
import io
import math
import os
import subprocess
import sys
import warnings

VENV = "/tmp/ortvenv"

try:
    import numpy as np
    import onnx
    import onnxruntime as ort
    import torch
    import torchvision
except ImportError:
    if sys.prefix == VENV:
        raise
    if not os.path.exists(os.path.join(VENV, "bin", "python")):
        subprocess.check_call(["/usr/bin/python3", "-m", "venv", "--system-site-packages", VENV])
        subprocess.check_call([os.path.join(VENV, "bin", "pip"), "install", "onnxruntime", "onnx",
                               "numpy<2"])
    os.execv(os.path.join(VENV, "bin", "python"), [os.path.join(VENV, "bin", "python")] + sys.argv)

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "testdata",
                       "torchvision")
OPSETS = (11, 13, 17)
HEIGHT, WIDTH = 64, 80  # small, not square: the models have dynamic height and width
INPUT_SEED = 0x5EED
MODELS = {
    "resnet18": lambda: torchvision.models.resnet18(),
    "resnet50": lambda: torchvision.models.resnet50(),
    "mobilenet_v3_small": lambda: torchvision.models.mobilenet_v3_small(),
    "mobilenet_v3_large": lambda: torchvision.models.mobilenet_v3_large(),
    "squeezenet1_1": lambda: torchvision.models.squeezenet1_1(),
    "shufflenet_v2_x1_0": lambda: torchvision.models.shufflenet_v2_x1_0(),
    "efficientnet_b0": lambda: torchvision.models.efficientnet_b0(),
    "densenet121": lambda: torchvision.models.densenet121(),
    "googlenet": lambda: torchvision.models.googlenet(aux_logits=False, init_weights=False),
    "mnasnet1_0": lambda: torchvision.models.mnasnet1_0(),
}
MASK64 = (1 << 64) - 1


def uniform(seed, count):
    """count float32 values in [-1, 1): splitmix64 of seed + (k + 1) * golden, top 24 bits."""
    with np.errstate(over="ignore"):
        k = np.arange(1, count + 1, dtype=np.uint64)
        z = np.uint64(seed & MASK64) + k * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    top = (z >> np.uint64(40)).astype(np.int64) - (1 << 23)
    return top.astype(np.float32) * np.float32(2.0 ** -23)


def fill(seed, scale, offset, dims):
    u = uniform(seed, int(np.prod(dims, dtype=np.int64)))
    values = np.float32(offset) + np.float32(scale) * u
    return values.astype(np.float32).reshape(dims)


def fill_rule(tensor, consumers):
    """(scale, offset) for a parameter initializer, None for one kept as it is."""
    dims = list(tensor.dims)
    for op, index, node in consumers:
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        if op == "Conv" and index == 1:
            return math.sqrt(6.0 / np.prod(dims[1:])), 0.0
        if op == "Gemm" and index == 1:
            return math.sqrt(6.0 / (dims[1] if attrs.get("transB", 0) else dims[0])), 0.0
        if op == "MatMul" and index == 1 and len(dims) >= 2:
            return math.sqrt(6.0 / dims[-2]), 0.0
        if op in ("Conv", "Gemm") and index == 2:
            return 1.0 / 16, 0.0
        if op == "BatchNormalization" and index in (1, 4):
            return 0.25, 0.75
        if op == "BatchNormalization" and index in (2, 3):
            return 1.0 / 16, 0.0
        if op == "Add" and np.prod(dims) > 1:
            return 1.0 / 16, 0.0
    return None


def export(model, opset):
    x = torch.zeros(1, 3, HEIGHT, WIDTH)
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, x, buffer, opset_version=opset, input_names=["input"],
                          output_names=["logits"], do_constant_folding=True,
                          dynamic_axes={"input": {2: "height", 3: "width"}})
    return onnx.load_from_string(buffer.getvalue())


def session(onnx_model):
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    options.intra_op_num_threads = 1
    return ort.InferenceSession(onnx_model.SerializeToString(), options,
                                providers=["CPUExecutionProvider"])


def normalize_weights(onnx_model, rules, values, x):
    """Rescales each Conv, Gemm and MatMul weight, in graph order, so that the layer's output has a
    root mean square of 1 on `x` (as LSUV initialisation does): He scales alone let the signal fade
    through hard-swish and squeeze-excitation layers until the biases decide the output."""
    layers = [node for node in onnx_model.graph.node
              if node.op_type in ("Conv", "Gemm", "MatMul") and len(node.input) > 1
              and node.input[1] in rules]
    probe = onnx.ModelProto()
    probe.CopyFrom(onnx_model)
    weights = {node.input[1] for node in layers}
    kept = [t for t in probe.graph.initializer if t.name not in weights]
    del probe.graph.initializer[:]
    probe.graph.initializer.extend(kept)
    for name in sorted(weights):
        probe.graph.input.append(onnx.helper.make_tensor_value_info(
            name, onnx.TensorProto.FLOAT, list(values[name].shape)))
    del probe.graph.output[:]
    for node in layers:
        probe.graph.output.append(onnx.helper.make_tensor_value_info(
            node.output[0], onnx.TensorProto.FLOAT, None))
    probe_session = session(probe)
    for node in layers:
        weight = node.input[1]
        feeds = {name: values[name] for name in weights}
        feeds["input"] = x
        y = probe_session.run([node.output[0]], feeds)[0]
        rms = float(np.sqrt(np.mean(np.square(y.astype(np.float64)))))
        if rms == 0 or not np.isfinite(rms):
            raise ValueError("layer %s: output rms %g" % (node.output[0], rms))
        seed, scale, offset = rules[weight]
        scale = np.float32(scale / rms)
        rules[weight] = (seed, scale, offset)
        values[weight] = fill(seed, scale, offset, list(values[weight].shape))


def refill(onnx_model, x):
    """Fills the parameters in place; returns a copy of the model with their data removed."""
    graph = onnx_model.graph
    consumers = {}
    for node in graph.node:
        for index, name in enumerate(node.input):
            consumers.setdefault(name, []).append((node.op_type, index, node))
    rules, values = {}, {}
    for index, tensor in enumerate(graph.initializer):
        if tensor.data_type != onnx.TensorProto.FLOAT:
            continue
        rule = fill_rule(tensor, consumers.get(tensor.name, []))
        if rule is None:
            if np.prod(tensor.dims) > 16:
                raise ValueError("no fill rule for %s %s read by %s" % (
                    tensor.name, list(tensor.dims),
                    [(op, i) for op, i, _ in consumers.get(tensor.name, [])]))
            continue
        rules[tensor.name] = (index + 1, np.float32(rule[0]), np.float32(rule[1]))
        values[tensor.name] = fill(*rules[tensor.name], list(tensor.dims))
    normalize_weights(onnx_model, rules, values, x)
    stripped = onnx.ModelProto()
    stripped.CopyFrom(onnx_model)
    for tensor, bare in zip(graph.initializer, stripped.graph.initializer):
        if tensor.name not in rules:
            continue
        tensor.CopyFrom(onnx.numpy_helper.from_array(values[tensor.name], tensor.name))
        bare.ClearField("raw_data")
        bare.ClearField("float_data")
        seed, scale, offset = rules[tensor.name]
        bare.doc_string = "sentio_fill splitmix64 seed=%d scale=%s offset=%s" % (
            seed, repr(float(scale)), repr(float(offset)))
    return stripped


def run_ort(onnx_model, x):
    return session(onnx_model).run(None, {"input": x})[0]


def main():
    only = set(sys.argv[1:])
    os.makedirs(OUT_DIR, exist_ok=True)
    x = fill(INPUT_SEED, 1.0, 0.0, [1, 3, HEIGHT, WIDTH])
    other_x = fill(INPUT_SEED + 1, 1.0, 0.0, [1, 3, HEIGHT, WIDTH])
    np.save(os.path.join(OUT_DIR, "input.npy"), x)
    for name, make in MODELS.items():
        if only and name not in only:
            continue
        # torch's initial weights are replaced, but the exporter shares equal initializers (the
        # zero biases), so they shape the graph: seeded, for files that come out the same each run.
        torch.manual_seed(0)
        model = make().eval()
        for opset in OPSETS:
            onnx_model = export(model, opset)
            stripped = refill(onnx_model, x)
            y = run_ort(onnx_model, x).astype(np.float32)
            # The output must depend on the input, not on the biases alone: compare it with the
            # output for a zero input and (informative only) for another random input.
            change = np.abs(run_ort(onnx_model, 0 * x) - y).max() / np.abs(y).max()
            other_change = np.abs(run_ort(onnx_model, other_x) - y).max() / np.abs(y).max()
            path = os.path.join(OUT_DIR, "%s_opset%d" % (name, opset))
            onnx.save(stripped, path + ".onnx")
            np.save(path + "_output.npy", y)
            print("%-20s opset %d: %4d nodes, %7d bytes, output %s, max|y| %.3g, "
                  "change from a zero input %.2f, from another input %.2f" % (
                      name, opset, len(stripped.graph.node), os.path.getsize(path + ".onnx"),
                      y.shape, np.abs(y).max(), change, other_change), flush=True)
            if change < 0.1:
                raise ValueError("%s: the output hardly depends on the input" % name)


if __name__ == "__main__":
    main()
