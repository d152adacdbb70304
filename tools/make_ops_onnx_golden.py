#!/usr/bin/python3
"""Writes cnn/import/testdata/ops_opset{9,11,13,17}.onnx with input and torch's output as .npy files.

A small torch model with the operators that cnn/import/onnx_importer maps to the IR's PRelu, LRN, Upsample
(nearest), Clip (ReLU6 / Hardtanh(0, 6)), Transpose, Sigmoid, Tanh, LeakyRelu and GlobalMaxPool,
exported at opset 9 (Clip attributes, Upsample with a scales input) and at 11, 13 and 17 (Clip
bound inputs, Resize).
cnn/import/onnx_ops_golden_test.cc checks that the reference and CPU engines reproduce torch's output.

torch exports F.local_response_norm as its pieces (Pad, a 3-D AveragePool, Pow, Div) and a global
max pool of known size as MaxPool, so the model wraps them in functions whose ONNX forms are single
LRN and GlobalMaxPool nodes; torch still computes the output. torch's LRN window matches ONNX's for
odd sizes only, so the size is odd.

    /usr/bin/python3 tools/make_ops_onnx_golden.py   # from the repository root
"""
import os

import numpy as np
import torch

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cnn", "import", "testdata")
LRN_SIZE, LRN_ALPHA, LRN_BETA, LRN_BIAS = 5, 0.02, 0.75, 1.5


class LocalResponseNorm(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return torch.nn.functional.local_response_norm(x, LRN_SIZE, LRN_ALPHA, LRN_BETA, LRN_BIAS)

    @staticmethod
    def symbolic(g, x):
        return g.op("LRN", x, size_i=LRN_SIZE, alpha_f=LRN_ALPHA, beta_f=LRN_BETA, bias_f=LRN_BIAS)


class GlobalMaxPool(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return torch.nn.functional.adaptive_max_pool2d(x, 1)

    @staticmethod
    def symbolic(g, x):
        return g.op("GlobalMaxPool", x)


class OpsModel(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(3, 6, 3, padding=1)
        self.prelu = torch.nn.PReLU(6, init=0.2)
        self.upsample = torch.nn.Upsample(scale_factor=2, mode="nearest")
        self.relu6 = torch.nn.Hardtanh(0.0, 6.0)
        self.conv2 = torch.nn.Conv2d(6, 4, 3, padding=0)
        self.leaky = torch.nn.LeakyReLU(0.1)

    def forward(self, x):
        x = self.prelu(self.conv1(x))
        x = LocalResponseNorm.apply(x)
        x = self.relu6(self.upsample(x) * 4.0)
        x = x.transpose(2, 3)
        x = self.conv2(x)
        return torch.sigmoid(x) * torch.tanh(x) + GlobalMaxPool.apply(self.leaky(x))


def main():
    torch.manual_seed(0)
    model = OpsModel().eval()
    with torch.no_grad():
        # Random slopes per channel, so that a slope applied to the wrong channel shows.
        model.prelu.weight.copy_(torch.linspace(-0.5, 0.5, 6))
    x = torch.randn(1, 3, 5, 7) * 2.0
    with torch.no_grad():
        y = model(x)
    os.makedirs(OUT_DIR, exist_ok=True)
    np.save(os.path.join(OUT_DIR, "ops_input.npy"), x.numpy().astype(np.float32))
    np.save(os.path.join(OUT_DIR, "ops_expected.npy"), y.numpy().astype(np.float32))
    for opset in (9, 11, 13, 17):
        torch.onnx.export(model, x, os.path.join(OUT_DIR, "ops_opset%d.onnx" % opset),
                          input_names=["x"], output_names=["y"], opset_version=opset)
    print("output shape", tuple(y.shape), "wrote", OUT_DIR)


if __name__ == "__main__":
    main()
