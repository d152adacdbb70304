#!/usr/bin/python3
"""Writes the CNN latency benchmark's models (tools/bench_cnn.sh) into a directory: VGG-16 (224),
MobileNetV2 (224), tiny-YOLOv2 VOC (416) and the slide CNN (1x28x28), defined here in torch, and
torchvision's ResNet-50 and EfficientNet-B0 (224), with random weights from a fixed seed, each as
ONNX (NAME.onnx) and as frozen TorchScript (NAME.pt). VGG-16 is ~530 MB per file: give a directory
outside the repo.

  /usr/bin/python3 tools/make_cnn_bench_models.py DIR [NAME ...]   (default: every model)
"""
import os
import sys
import warnings

import torch
import torchvision
import torch.nn as nn
import torch.nn.functional as F

# Opset 10: OpenCV 4.6 reads Clip (ReLU6) only in its pre-11 form, with min/max attributes.
OPSET = 10
# torch 1.13 warns that g.op() in custom symbolics (DarknetStrideOneMaxPool) will change.
warnings.filterwarnings("ignore", category=FutureWarning)


def init_like_torchvision(model):
    """Conv: Kaiming normal (fan_out); linear: N(0, 0.01); batch norm: random statistics, so that
    folding it into the convolution is not the identity."""
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            if m.bias is not None:
                nn.init.uniform_(m.bias, -0.1, 0.1)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.uniform_(m.weight, 0.5, 1.5)
            nn.init.uniform_(m.bias, -0.1, 0.1)
            m.running_mean.uniform_(-0.1, 0.1)
            m.running_var.uniform_(0.5, 1.5)
        elif isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, 0, 0.01)
            nn.init.uniform_(m.bias, -0.1, 0.1)


class Vgg16(nn.Module):
    """torchvision's vgg16 (configuration D, no batch norm) for 224x224 inputs."""

    def __init__(self):
        super().__init__()
        layers, channels = [], 3
        for width in [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M",
                      512, 512, 512, "M"]:
            if width == "M":
                layers.append(nn.MaxPool2d(2, 2))
            else:
                layers += [nn.Conv2d(channels, width, 3, padding=1), nn.ReLU(inplace=True)]
                channels = width
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Sequential(
            nn.Linear(512 * 7 * 7, 4096), nn.ReLU(inplace=True), nn.Dropout(),
            nn.Linear(4096, 4096), nn.ReLU(inplace=True), nn.Dropout(),
            nn.Linear(4096, 1000))

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))


def conv_bn_relu6(inputs, outputs, kernel=3, stride=1, groups=1):
    return nn.Sequential(
        nn.Conv2d(inputs, outputs, kernel, stride, (kernel - 1) // 2, groups=groups, bias=False),
        nn.BatchNorm2d(outputs), nn.ReLU6(inplace=True))


class InvertedResidual(nn.Module):
    def __init__(self, inputs, outputs, stride, expansion):
        super().__init__()
        hidden = int(round(inputs * expansion))
        self.residual = stride == 1 and inputs == outputs
        layers = [conv_bn_relu6(inputs, hidden, kernel=1)] if expansion != 1 else []
        layers += [conv_bn_relu6(hidden, hidden, stride=stride, groups=hidden),
                   nn.Conv2d(hidden, outputs, 1, bias=False), nn.BatchNorm2d(outputs)]
        self.conv = nn.Sequential(*layers)

    def forward(self, x):
        return x + self.conv(x) if self.residual else self.conv(x)


class MobileNetV2(nn.Module):
    """torchvision's mobilenet_v2 (width 1.0) for 224x224 inputs."""

    def __init__(self):
        super().__init__()
        layers, channels = [conv_bn_relu6(3, 32, stride=2)], 32
        for expansion, width, repeats, stride in [[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2],
                                                  [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2],
                                                  [6, 320, 1, 1]]:
            for i in range(repeats):
                layers.append(InvertedResidual(channels, width, stride if i == 0 else 1, expansion))
                channels = width
        layers.append(conv_bn_relu6(channels, 1280, kernel=1))
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Sequential(nn.Dropout(0.2), nn.Linear(1280, 1000))

    def forward(self, x):
        x = F.adaptive_avg_pool2d(self.features(x), 1)
        return self.classifier(torch.flatten(x, 1))


class DarknetStrideOneMaxPool(torch.autograd.Function):
    """Darknet's [maxpool] size=2 stride=1: padding size-1 = 1, all of it after the input (the
    output keeps the input's size); exported as one ONNX MaxPool with pads [0, 0, 1, 1]."""

    @staticmethod
    def forward(ctx, x):
        return F.max_pool2d(F.pad(x, (0, 1, 0, 1), value=float("-inf")), 2, 1)

    @staticmethod
    def symbolic(g, x):
        return g.op("MaxPool", x, kernel_shape_i=[2, 2], strides_i=[1, 1], pads_i=[0, 0, 1, 1])


class StrideOneMaxPool(nn.Module):
    def forward(self, x):
        if torch.onnx.is_in_onnx_export():
            return DarknetStrideOneMaxPool.apply(x)
        return DarknetStrideOneMaxPool.forward(None, x)  # TorchScript traces the plain ops


class TinyYoloV2Voc(nn.Module):
    """../shared/data/models/darknet-cfg/yolov2-tiny-voc.cfg for 416x416 inputs: 3x3 convolutions
    with batch norm and leaky ReLU (0.1), 2x2 max pools (the sixth with stride 1), and a 1x1
    convolution to 125 channels (5 anchors x (4 + 1 + 20 classes)); the [region] decoding is not
    part of the network."""

    def __init__(self):
        super().__init__()
        layers, channels = [], 3
        for width in [16, "M", 32, "M", 64, "M", 128, "M", 256, "M", 512, "M1", 1024, 1024]:
            if width == "M":
                layers.append(nn.MaxPool2d(2, 2))
            elif width == "M1":
                layers.append(StrideOneMaxPool())
            else:
                layers += [nn.Conv2d(channels, width, 3, padding=1, bias=False),
                           nn.BatchNorm2d(width), nn.LeakyReLU(0.1, inplace=True)]
                channels = width
        layers.append(nn.Conv2d(channels, 125, 1))
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        return self.net(x)


class SlideCnn(nn.Module):
    """The lecture-slide MNIST CNN: conv 25 3x3, max pool 2, conv 50 3x3, max pool 2, dense 100,
    dense 10 (ReLU after the convolutions and the first dense layer, softmax at the end)."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 25, 3), nn.ReLU(inplace=True), nn.MaxPool2d(2),
            nn.Conv2d(25, 50, 3), nn.ReLU(inplace=True), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(nn.Linear(50 * 5 * 5, 100), nn.ReLU(inplace=True),
                                        nn.Linear(100, 10), nn.Softmax(dim=1))

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))


# name: (model class, input shape)
MODELS = {
    "vgg16": (Vgg16, (1, 3, 224, 224)),
    "mobilenetv2": (MobileNetV2, (1, 3, 224, 224)),
    "resnet50": (lambda: torchvision.models.resnet50(weights=None), (1, 3, 224, 224)),
    "efficientnet_b0": (lambda: torchvision.models.efficientnet_b0(weights=None), (1, 3, 224, 224)),
    "tiny_yolov2_voc": (TinyYoloV2Voc, (1, 3, 416, 416)),
    "slide_cnn": (SlideCnn, (1, 1, 28, 28)),
}


def write(name, directory):
    model_class, shape = MODELS[name]
    torch.manual_seed(2017)
    model = model_class()
    init_like_torchvision(model)
    model.eval()
    example = torch.rand(shape)
    with torch.no_grad():
        torch.onnx.export(model, example, os.path.join(directory, name + ".onnx"),
                          opset_version=OPSET, input_names=["input"], output_names=["output"],
                          do_constant_folding=True)
        frozen = torch.jit.freeze(torch.jit.trace(model, example))
        frozen.save(os.path.join(directory, name + ".pt"))
    print(f"{name}: {os.path.join(directory, name)}.onnx and .pt, input {list(shape)}")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    directory = sys.argv[1]
    names = sys.argv[2:] or list(MODELS)
    unknown = [name for name in names if name not in MODELS]
    if unknown:
        sys.exit(f"unknown model {unknown[0]!r} (one of {', '.join(MODELS)})")
    os.makedirs(directory, exist_ok=True)
    for name in names:
        write(name, directory)


if __name__ == "__main__":
    main()
