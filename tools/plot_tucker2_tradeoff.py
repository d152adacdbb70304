"""Plots accuracy against convolution FLOPs ratio from tools/tucker2_tradeoff.sh's CSV.

usage: /usr/bin/python3 tools/plot_tucker2_tradeoff.py IN.csv OUT.png  (Debian's python3-matplotlib)
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(csv_path, png_path):
    rows = list(csv.DictReader(open(csv_path)))
    figure, axes = plt.subplots(figsize=(7, 4.5))
    for model, marker in (("lenet", "o"), ("mnist", "s")):
        points = [r for r in rows if r["model"] == model]
        points.sort(key=lambda r: float(r["flops_ratio"]))
        axes.plot([float(r["flops_ratio"]) for r in points],
                  [100 * float(r["accuracy"]) for r in points], marker=marker, label=model)
        for r in points:
            if r["ranks"] in ("vbmf", "original"):
                axes.annotate(r["ranks"], (float(r["flops_ratio"]), 100 * float(r["accuracy"])),
                              textcoords="offset points", xytext=(5, -10), fontsize=8)
    axes.set_xlabel("convolution FLOPs, decomposed / original")
    axes.set_ylabel("MNIST test accuracy (%)")
    axes.set_title("Tucker-2 without fine-tuning (sentio cnn decompose)")
    axes.grid(True, alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(png_path, dpi=100)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
