"""The NumPy peer of tests/wisdm_benchmark.cc, run by tools/bench_wisdm.sh.

Computes the 43 WISDM features (features/wisdm_features.h: 10-bin distribution, average, time
between peaks, absolute deviation, standard deviation per axis, average resultant) of 500 windows
of 200 samples of the same synthetic 20 Hz recording, one window at a time with NumPy (one
thread), and prints a JSON line: CPU seconds per pass (median of 5 passes), windows per second, and
the sum of every defined feature of every window (the C++ benchmark's checksum).
"""
import json
import os
import statistics
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np  # noqa: E402

WINDOW, NUM_WINDOWS, PERIOD_US = 200, 500, 50000


def recording():
    """tests/wisdm_benchmark.cc BenchmarkRecording(), sample for sample (float32)."""
    n = WINDOW * NUM_WINDOWS
    noise = np.empty(3 * n)
    state = 1
    for i in range(3 * n):
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        noise[i] = ((state % 2001) - 1000) / 2000
    noise = noise.reshape(n, 3)
    t = np.arange(n) * PERIOD_US / 1e6
    x = 2 * np.sin(2 * np.pi * 1.7 * t) + noise[:, 0]
    y = 9.81 + 3 * np.sin(2 * np.pi * 0.9 * t + 1) + noise[:, 1]
    z = 1.5 * np.sin(2 * np.pi * 2.3 * t) * np.sin(2 * np.pi * 0.1 * t) + noise[:, 2]
    axes = np.stack([x, y, z]).astype(np.float32).astype(np.float64)
    timestamps = np.arange(n, dtype=np.int64) * PERIOD_US
    return axes, timestamps


def peaks(values):
    """scipy.signal.find_peaks, no conditions: a flat top once, at its middle (rounded down)."""
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    ends = np.r_[starts[1:], len(values)] - 1
    run_values = values[starts]
    inner = (run_values[1:-1] > run_values[:-2]) & (run_values[1:-1] > run_values[2:])
    return (starts[1:-1][inner] + ends[1:-1][inner]) // 2


def wisdm_features(axes, timestamps):
    features = []
    for axis in axes:
        counts, _ = np.histogram(axis, bins=10)  # a constant axis spans [v - 0.5, v + 0.5]
        features.extend(counts / len(axis))
    features.extend(axes.mean(axis=1))
    for axis in axes:
        p = peaks(axis)
        features.append((timestamps[p[-1]] - timestamps[p[0]]) / (len(p) - 1) / 1000
                        if len(p) >= 2 else np.nan)
    means = axes.mean(axis=1, keepdims=True)
    features.extend(np.abs(axes - means).mean(axis=1))
    features.extend(axes.std(axis=1))
    features.append(np.sqrt((axes ** 2).sum(axis=0)).mean())
    return features


def main():
    axes, timestamps = recording()
    times, checksum = [], 0.0
    for _ in range(6):  # the first pass warms up
        start = time.process_time()
        checksum = 0.0
        for w in range(NUM_WINDOWS):
            window = slice(w * WINDOW, (w + 1) * WINDOW)
            features = wisdm_features(axes[:, window], timestamps[window])
            checksum += float(np.nansum(features))
        times.append(time.process_time() - start)
    seconds = statistics.median(times[1:])
    print(json.dumps({"numpy": np.__version__, "seconds_per_pass": seconds,
                      "windows_per_second": NUM_WINDOWS / seconds, "checksum": checksum}))


if __name__ == "__main__":
    main()
