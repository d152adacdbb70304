#!/usr/bin/python3
"""Writes tests/testdata/image_tensors/*.npy: the first frame of the shared road video turned into
CNN input tensors by OpenCV and NumPy, the reference that tests/image_tensor_golden_test.cc holds
cnn/vision/image_preprocess.h's ImageToTensor to; and tiny_classifier.onnx, a five-class image
classifier with seeded random weights (two strided convolutions, global average pooling, a linear
layer; any input size), with PyTorch's scores for the crop_56x56_imagenet_bgr tensor
(tiny_classifier_scores.npy), for tests/frame_classifier_graph_test.cc.

Pipeline: YUV4MPEG2 I420 frame -> RGB (cv2.cvtColor COLOR_YUV2RGB_I420) -> fitted to the tensor's
size with cv2.resize INTER_LINEAR (stretch; letterbox: scaled by min(W/w, H/h) to round(w s) x
round(h s), halves up, centred, the border `pad`; crop: scaled by max(W/w, H/h) and the centre
cut out) -> channels in RGB or BGR order -> float32 (pixel * scale - mean) / std -> [1, 3, H, W].

Usage: /usr/bin/python3 tools/make_image_tensor_goldens.py   (run from the repository root)
"""
import math

import io

import cv2
import numpy as np
import torch

VIDEO = "../shared/data/video/road_320x240.y4m"
OUTPUT = "tests/testdata/image_tensors/"
IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]
# name: (fit, width, height, channel order, scale, mean, std, pad); the test repeats these.
CASES = {
    "letterbox_64x64_imagenet": ("letterbox", 64, 64, "rgb", 1 / 255, IMAGENET_MEAN, IMAGENET_STD, 114),
    "crop_56x56_imagenet_bgr": ("crop", 56, 56, "bgr", 1 / 255, IMAGENET_MEAN[::-1], IMAGENET_STD[::-1], 0),
    "stretch_40x30_caffe_bgr": ("stretch", 40, 30, "bgr", 1, [104, 117, 123], [1, 1, 1], 0),
}


def first_frame_rgb(path):
    data = open(path, "rb").read()
    header_end = data.index(b"\n")
    fields = data[:header_end].split()
    width = int(next(f[1:] for f in fields if f.startswith(b"W")))
    height = int(next(f[1:] for f in fields if f.startswith(b"H")))
    start = data.index(b"\n", header_end + 1) + 1
    frame_bytes = width * height * 3 // 2
    yuv = np.frombuffer(data[start:start + frame_bytes], np.uint8)
    return cv2.cvtColor(yuv.reshape(height * 3 // 2, width), cv2.COLOR_YUV2RGB_I420)


def scaled(size, scale):
    return max(1, math.floor(size * scale + 0.5))


def fit(image, mode, width, height, pad):
    h, w = image.shape[:2]
    if mode == "stretch":
        return cv2.resize(image, (width, height), interpolation=cv2.INTER_LINEAR)
    if mode == "letterbox":
        s = min(width / w, height / h)
        nw, nh = min(width, scaled(w, s)), min(height, scaled(h, s))
        canvas = np.full((height, width, 3), pad, np.uint8)
        x, y = (width - nw) // 2, (height - nh) // 2
        canvas[y:y + nh, x:x + nw] = cv2.resize(image, (nw, nh), interpolation=cv2.INTER_LINEAR)
        return canvas
    s = max(width / w, height / h)
    nw, nh = max(width, scaled(w, s)), max(height, scaled(h, s))
    resized = cv2.resize(image, (nw, nh), interpolation=cv2.INTER_LINEAR)
    x, y = (nw - width) // 2, (nh - height) // 2
    return resized[y:y + height, x:x + width]


def export_tiny_classifier(input_tensor):
    torch.manual_seed(7)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(3, 8, 3, stride=2, padding=1), torch.nn.ReLU(),
        torch.nn.Conv2d(8, 16, 3, stride=2, padding=1), torch.nn.ReLU(),
        torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Linear(16, 5)).eval()
    x = torch.from_numpy(input_tensor)
    buffer = io.BytesIO()
    torch.onnx.export(model, x, buffer, opset_version=13, input_names=["image"],
                      output_names=["scores"], dynamic_axes={"image": {2: "height", 3: "width"}})
    open(OUTPUT + "tiny_classifier.onnx", "wb").write(buffer.getvalue())
    with torch.no_grad():
        scores = model(x).numpy()
    np.save(OUTPUT + "tiny_classifier_scores.npy", scores)
    print("tiny_classifier scores", scores)


def main():
    rgb = first_frame_rgb(VIDEO)
    for name, (mode, width, height, order, scale, mean, std, pad) in CASES.items():
        image = fit(rgb, mode, width, height, pad)
        if order == "bgr":
            image = image[:, :, ::-1]
        values = (image.astype(np.float32) * np.float32(scale) - np.array(mean, np.float32)) / \
            np.array(std, np.float32)
        tensor = np.ascontiguousarray(values.transpose(2, 0, 1)[np.newaxis], np.float32)
        np.save(OUTPUT + name + ".npy", tensor)
        print(name, tensor.shape, float(tensor.min()), float(tensor.max()))
        if name == "crop_56x56_imagenet_bgr":
            export_tiny_classifier(tensor)


if __name__ == "__main__":
    main()
