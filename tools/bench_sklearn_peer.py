#!/usr/bin/python3
"""scikit-learn side of tools/bench_classifiers.sh: the same kNN queries and GMM fit as
tests/knn_benchmark.cc and tests/gmm_benchmark.cc, on the same data, timed the same way (median of
5 after one warm-up). Prints one JSON object. Run with Debian's python3-sklearn:
    /usr/bin/python3 tools/bench_sklearn_peer.py ARFF_DIR [HAR_DIR]
(HAR_DIR, with BasicMotions_TRAIN.ts and BasicMotions_TEST.ts, defaults to ARFF_DIR/../har.)

kNN: k = 1 over segment-challenge (1500 training instances) with segment-test (810) as queries,
every attribute min-max scaled by the training range (0 where the range is 0), as Weka's IBk and
Sentio's KnnClassifier do; KNeighborsClassifier with algorithm 'brute' and 'auto'; only predict()
is timed. kNN on a low-dimensional set: every sample of BasicMotions (6 values, read as float32
like Sentio's .ts reader) labelled with its case's activity, TRAIN's 4000 samples as training
data and TEST's 4000 as queries, min-max scaled the same way, k = 1 and 5, algorithm 'brute'
and 'kd_tree' (a KDTree, leaf_size 30). GMM: segment-challenge's numeric attributes standardised (StandardScaler), then
GaussianMixture with 3 components, diagonal covariances, max_iter 100, tol 1e-3, reg_covar 1e-6,
one k-means++ initialisation; fit() is timed, n_iter_ reported.
"""
import json
import os
import statistics
import sys
import time

import numpy as np
import scipy
import sklearn
from scipy.io import arff
from sklearn.mixture import GaussianMixture
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import StandardScaler

REPETITIONS = 5


def load(path):
    """Numeric attributes as a float matrix and the (last, nominal) class as strings."""
    records, meta = arff.loadarff(path)
    names = meta.names()
    numeric = [n for n in names[:-1] if meta[n][0] == "numeric"]
    features = np.column_stack([records[n].astype(float) for n in numeric])
    labels = records[names[-1]].astype(str)
    return features, labels


def timed(call):
    """Median wall and CPU milliseconds of REPETITIONS calls after one warm-up, and its result."""
    result = call()
    wall, cpu = [], []
    for _ in range(REPETITIONS):
        w0, c0 = time.perf_counter(), time.process_time()
        result = call()
        wall.append((time.perf_counter() - w0) * 1e3)
        cpu.append((time.process_time() - c0) * 1e3)
    return statistics.median(wall), statistics.median(cpu), result


def knn(arff_dir):
    train_x, train_y = load(os.path.join(arff_dir, "segment-challenge.arff"))
    test_x, test_y = load(os.path.join(arff_dir, "segment-test.arff"))
    low = train_x.min(axis=0)
    span = train_x.max(axis=0) - low
    scale = np.where(span > 0, span, np.inf)  # a constant attribute scales to 0, as in Weka
    train_x, test_x = (train_x - low) / scale, (test_x - low) / scale
    results = {}
    for algorithm in ("brute", "auto"):
        model = KNeighborsClassifier(n_neighbors=1, algorithm=algorithm).fit(train_x, train_y)
        wall, cpu, predicted = timed(lambda: model.predict(test_x))
        results[algorithm] = {
            "wall_ms": wall, "cpu_ms": cpu, "queries": len(test_x), "train": len(train_x),
            "queries_per_second": len(test_x) / (wall / 1e3),
            "accuracy": float(np.mean(predicted == test_y)),
            "fit_method": model._fit_method,
        }
    return results


def load_ts_samples(path):
    """Every sample of a .ts file as a row of its dimensions' values, labelled with its case."""
    rows, labels = [], []
    with open(path) as lines:
        in_data = False
        for line in lines:
            line = line.strip()
            if not in_data:
                in_data = line.lower() == "@data"
                continue
            if not line:
                continue
            *dimensions, label = line.split(":")
            values = np.array([d.split(",") for d in dimensions], dtype=np.float32)
            rows.append(values.T.astype(float))
            labels += [label] * values.shape[1]
    return np.vstack(rows), np.array(labels)


def knn_samples(har_dir):
    train_x, train_y = load_ts_samples(os.path.join(har_dir, "BasicMotions_TRAIN.ts"))
    test_x, test_y = load_ts_samples(os.path.join(har_dir, "BasicMotions_TEST.ts"))
    low = train_x.min(axis=0)
    span = train_x.max(axis=0) - low
    scale = np.where(span > 0, span, np.inf)
    train_x, test_x = (train_x - low) / scale, (test_x - low) / scale
    results = {}
    for k in (1, 5):
        for algorithm in ("brute", "kd_tree"):
            model = KNeighborsClassifier(n_neighbors=k, algorithm=algorithm).fit(train_x, train_y)
            wall, cpu, predicted = timed(lambda: model.predict(test_x))
            results[f"{algorithm}/k:{k}"] = {
                "wall_ms": wall, "cpu_ms": cpu, "queries": len(test_x), "train": len(train_x),
                "queries_per_second": len(test_x) / (wall / 1e3),
                "accuracy": float(np.mean(predicted == test_y)),
            }
    return results


def gmm(arff_dir):
    points, _ = load(os.path.join(arff_dir, "segment-challenge.arff"))
    points = StandardScaler().fit_transform(points)

    def fit():
        return GaussianMixture(n_components=3, covariance_type="diag", tol=1e-3, reg_covar=1e-6,
                               max_iter=100, n_init=1, init_params="k-means++",
                               random_state=1).fit(points)

    wall, cpu, mixture = timed(fit)
    return {"wall_ms": wall, "cpu_ms": cpu, "points": points.shape[0],
            "dimension": points.shape[1], "em_iterations": int(mixture.n_iter_),
            "converged": bool(mixture.converged_),
            "mean_log_likelihood": float(mixture.score(points))}


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: bench_sklearn_peer.py ARFF_DIR [HAR_DIR]")
    arff_dir = sys.argv[1]
    har_dir = sys.argv[2] if len(sys.argv) == 3 else os.path.join(arff_dir, "..", "har")
    print(json.dumps({"sklearn": sklearn.__version__, "numpy": np.__version__,
                      "scipy": scipy.__version__, "knn": knn(arff_dir),
                      "knn_samples": knn_samples(har_dir), "gmm": gmm(arff_dir)}))


if __name__ == "__main__":
    main()
