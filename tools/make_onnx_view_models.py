#!/usr/bin/python3
"""Writes small ONNX models that PyTorch exports with `x.view(x.size(0), -1)` at opsets 9, 11,
13 and 17, for cnn/import/onnx_view_flatten_test.cc.

Run with Debian's Python and python3-torch:

    /usr/bin/python3 tools/make_onnx_view_models.py

The network (Conv 1->2 3x3, ReLU, 2x2 max pooling, view to [N, 8], Linear 8->3, Softmax) has a
symbolic batch dimension, so the exporter keeps the shape computation in the graph as
Shape -> Gather -> Unsqueeze -> Concat -> Reshape (Unsqueeze's axes an attribute before opset 13,
an input from 13; Softmax's axis semantics change at 13). Writes, under cnn/import/testdata/:
  view_flatten_opset{9,11,13,17}.onnx  the same trained-at-random weights (seed 0) at each opset
  view_flatten_input.npy               one input image [1, 1, 6, 6], float32
  view_flatten_output.npy              PyTorch's output for it [1, 3], float32
"""

import os

import numpy as np
import torch

OPSETS = [9, 11, 13, 17]
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cnn", "import", "testdata")


class ViewFlattenNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 2, 3)
        self.fc = torch.nn.Linear(2 * 2 * 2, 3)

    def forward(self, x):
        x = torch.nn.functional.max_pool2d(torch.relu(self.conv(x)), 2)
        return torch.softmax(self.fc(x.view(x.size(0), -1)), dim=1)


def main():
    torch.manual_seed(0)
    net = ViewFlattenNet().eval()
    image = torch.randn(1, 1, 6, 6)
    for opset in OPSETS:
        torch.onnx.export(net, image, os.path.join(OUT_DIR, f"view_flatten_opset{opset}.onnx"),
                          opset_version=opset, input_names=["x"], output_names=["y"],
                          dynamic_axes={"x": {0: "N"}, "y": {0: "N"}})
    with torch.no_grad():
        output = net(image)
    np.save(os.path.join(OUT_DIR, "view_flatten_input.npy"), image.numpy().astype(np.float32))
    np.save(os.path.join(OUT_DIR, "view_flatten_output.npy"), output.numpy().astype(np.float32))


if __name__ == "__main__":
    main()
