"""Sentio from Python: readers, Kaldi features and CNN engines of the C++ core, on NumPy arrays.

    import sentio
    samples, rate = sentio.read_wav("0_george_0.wav")
    mfcc = sentio.mfcc(samples, rate, num_ceps=13)      # float32 [frames, 13], as `sentio mfcc`
    X, y = sentio.read_arff("iris.arff")
    knn = sentio.classifiers.Knn(k=3).fit(X, y)         # scikit-learn's estimator interface
    model = sentio.cnn.load("mnist.onnx")
    scores = model.run(image)                           # {output name: array}

Errors are Python exceptions carrying the C++ message: FileNotFoundError for a missing file,
ValueError for bad input (naming the expected shape or the option), RuntimeError otherwise.
"""

import numpy as np

from sentio import _sentio
from sentio import classifiers
from sentio import cnn
from sentio import graphs

__all__ = ["read_wav", "read_arff", "read_ts", "read_ts_timestamps", "read_idx", "mfcc", "fbank",
           "classifiers", "cnn", "graphs"]


def read_wav(path):
    """(samples, rate): float32 samples in [-1, 1), shape [frames] (mono) or [frames, channels]."""
    return _sentio.read_wav(str(path))


def read_arff(path):
    """(X, y) of an ARFF file.

    X: float64 [instances, attributes] without the class attribute; NaN for missing values,
    nominal values as codes (indices into their labels). y: the class labels (an object array of
    str, None where missing) for a nominal class, float64 for a numeric one, None without a class.
    """
    data = _sentio.read_arff(str(path))
    if "y" not in data:
        return data["X"], None
    y = data["y"]
    labels = data["class_labels"]
    if labels:
        y = np.array([None if np.isnan(code) else labels[int(code)] for code in y], dtype=object)
    return data["X"], y


def read_ts(path, rate_hz=1.0):
    """(series, labels) of a UEA/sktime .ts archive: one float32 [samples, channels] array per
    case, and each case's class label (None when unlabelled). Timestamps (synthesised at rate_hz
    unless the file has them) are in read_ts_timestamps."""
    data = _sentio.read_ts(str(path), float(rate_hz))
    return data["series"], data["labels"]


def read_ts_timestamps(path, rate_hz=1.0):
    """Each case's sample times in microseconds (int64 arrays), as the graph's sources give them."""
    return _sentio.read_ts(str(path), float(rate_hz))["timestamps_us"]


def read_idx(path):
    """An IDX file (MNIST's images and labels; gzip-compressed or plain) as a float64 array."""
    return _sentio.read_idx(str(path))


def _options(options):
    # As the CLI's flags: booleans true/false, numbers and strings as written.
    return {name: ("true" if value else "false") if isinstance(value, bool) else str(value)
            for name, value in options.items()}


def mfcc(samples, rate, **kaldi_options):
    """Kaldi MFCCs of one channel (samples as read_wav gives them), float32 [frames, num_ceps].

    Options are `sentio mfcc`'s flags (num_ceps, num_mel_bins, frame_length_ms, use_energy, ...);
    the numbers equal the CLI's.
    """
    return _sentio.kaldi_features("mfcc", samples, int(rate), _options(kaldi_options))


def fbank(samples, rate, **kaldi_options):
    """Kaldi log mel filterbank energies, float32 [frames, num_mel_bins]; options as `sentio fbank`."""
    return _sentio.kaldi_features("fbank", samples, int(rate), _options(kaldi_options))
