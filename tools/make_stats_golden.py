#!/usr/bin/python3
"""Writes features/testdata/time_stats_golden.txt: reference values of the time-domain statistics
of features/time_stats.h, computed with NumPy and SciPy for a few fixed arrays.

Run with Debian's Python (python3-numpy, python3-scipy) from the repository root:
    /usr/bin/python3 tools/make_stats_golden.py
The C++ test (features/time_stats_test.cc) reads the file and compares to 1e-9 relative.

Line format, one check per line: `<function> <arguments...> : <expected values...>`, where an
argument is an array name or a number, and `array <name> : <values...>` defines an array. Numbers
are written with repr(), so they read back exactly.
"""
import numpy as np
import scipy
import scipy.signal
import scipy.stats

OUTPUT = "features/testdata/time_stats_golden.txt"


def arrays():
    rng = np.random.default_rng(20101)
    # 200 samples like one WISDM window: a 1.6 Hz sinusoid at 20 Hz plus noise, offset 9.8.
    walk = 9.8 + 3.0 * np.sin(2 * np.pi * 1.6 * np.arange(200) / 20.0) + rng.normal(0.0, 0.7, 200)
    return {
        # Mixed signs, a repeated value (a plateau peak) and an exact zero.
        "small": np.array([0.5, -1.25, 2.0, 2.0, 0.0, -3.5, 1.75, 4.0, -0.5, 1.0, 1.0, -2.25]),
        "walk": walk,
        "noise": rng.normal(-0.3, 2.0, 200),
        "skewed": rng.exponential(1.5, 200),
        # Correlated with "walk", for the inter-axis correlation.
        "follow": 0.5 * walk + rng.normal(0.0, 1.0, 200),
    }


def fmt(values):
    return " ".join(repr(float(v)) for v in np.atleast_1d(values))


def autocorrelation(x, lag):
    d = x - x.mean()
    return np.dot(d[: len(x) - lag], d[lag:]) / np.dot(d, d)


def main():
    data = arrays()
    lines = [
        "# Reference values for features/time_stats_test.cc, written by tools/make_stats_golden.py",
        f"# with NumPy {np.__version__} and SciPy {scipy.__version__}; do not edit by hand.",
    ]
    for name, x in data.items():
        lines.append(f"array {name} : {fmt(x)}")
    for name, x in data.items():
        d = x - x.mean()
        lines += [
            f"mean {name} : {fmt(np.mean(x))}",
            f"variance {name} : {fmt(np.var(x))}",
            f"std {name} : {fmt(np.std(x))}",
            f"min {name} : {fmt(np.min(x))}",
            f"max {name} : {fmt(np.max(x))}",
            f"median {name} : {fmt(np.median(x))}",
            f"mad {name} : {fmt(np.mean(np.abs(d)))}",
            f"rms {name} : {fmt(np.sqrt(np.mean(x * x)))}",
            f"energy {name} : {fmt(np.mean(x * x))}",
            f"zcr {name} : {fmt(np.mean((x[1:] >= 0) != (x[:-1] >= 0)))}",
            f"skewness {name} : {fmt(scipy.stats.skew(x))}",
            f"kurtosis {name} : {fmt(scipy.stats.kurtosis(x))}",
        ]
        for q in (0, 10, 25, 50, 75, 90, 99, 100):
            lines.append(f"percentile {name} {q} : {fmt(np.percentile(x, q))}")
        for lag in (0, 1, 2, 5):
            lines.append(f"autocorrelation {name} {lag} : {fmt(autocorrelation(x, lag))}")
        peaks, _ = scipy.signal.find_peaks(x)
        lines.append(f"peaks {name} : {' '.join(str(p) for p in peaks)}")
        lines.append(f"mean_peak_interval {name} : {fmt(np.mean(np.diff(peaks)))}")
        for bins in (1, 4, 10):
            counts, _ = np.histogram(x, bins=bins)
            lines.append(f"binned {name} {bins} : {fmt(counts / len(x))}")
    lines.append(f"correlation walk follow : {fmt(np.corrcoef(data['walk'], data['follow'])[0, 1])}")
    lines.append(f"correlation walk noise : {fmt(np.corrcoef(data['walk'], data['noise'])[0, 1])}")
    lines.append(f"correlation noise skewed : {fmt(np.corrcoef(data['noise'], data['skewed'])[0, 1])}")
    resultant = np.sqrt(data["walk"] ** 2 + data["noise"] ** 2 + data["skewed"] ** 2)
    lines.append(f"resultant walk noise skewed : {fmt(resultant)}")
    with open(OUTPUT, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {OUTPUT}: {len(lines)} lines")


if __name__ == "__main__":
    main()
