#!/usr/bin/python3
"""scikit-learn side of tools/bench_classifiers.sh: the same kNN queries and GMM fit as
tests/knn_benchmark.cc and tests/gmm_benchmark.cc, on the same data, timed the same way (median of
5 after one warm-up). Prints one JSON object. Run with Debian's python3-sklearn:
    /usr/bin/python3 tools/bench_sklearn_peer.py ARFF_DIR

kNN: k = 1 over segment-challenge (1500 training instances) with segment-test (810) as queries,
every attribute min-max scaled by the training range (0 where the range is 0), as Weka's IBk and
Sentio's KnnClassifier do; KNeighborsClassifier with algorithm 'brute' and 'auto'; only predict()
is timed. GMM: segment-challenge's numeric attributes standardised (StandardScaler), then
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
    if len(sys.argv) != 2:
        sys.exit("usage: bench_sklearn_peer.py ARFF_DIR")
    arff_dir = sys.argv[1]
    print(json.dumps({"sklearn": sklearn.__version__, "numpy": np.__version__,
                      "scipy": scipy.__version__, "knn": knn(arff_dir), "gmm": gmm(arff_dir)}))


if __name__ == "__main__":
    main()
