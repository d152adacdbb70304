#!/usr/bin/python3
"""Writes the golden numbers that classifiers/gmm_test.cc checks our EM against.

Draws a fixed 2-D data set of three overlapping blobs into classifiers/testdata/gmm_points.txt,
fits scikit-learn's GaussianMixture to it with diagonal and full covariances, and writes the
converged mean log-likelihood per sample of each to classifiers/testdata/gmm_sklearn_golden.txt.

Both fits start where FitGmmFromMeans starts: every point assigned to its nearest initial mean,
weights and covariances estimated from that assignment, the means the given ones (scikit-learn's
means_init, with weights_init and precisions_init from the same assignment, so that its k-means
does not matter). Run with Debian's python3-sklearn from the repository root:
    /usr/bin/python3 tools/compare_gmm_sklearn.py
"""
import os

import numpy as np
import sklearn
from sklearn.mixture import GaussianMixture
from sklearn.mixture._gaussian_mixture import _estimate_gaussian_parameters

TESTDATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "classifiers",
                        "testdata")
POINTS_FILE = os.path.join(TESTDATA, "gmm_points.txt")
GOLDEN_FILE = os.path.join(TESTDATA, "gmm_sklearn_golden.txt")

REGULARIZATION = 1e-6
TOLERANCE = 1e-9
MAX_ITERATIONS = 2000
INITIAL_MEANS = np.array([[-1.0, 0.5], [2.5, 3.5], [4.0, -1.0]])


def write_points():
    random = np.random.RandomState(7)
    blobs = [
        (80, [0.0, 0.0], [[1.0, 0.6], [0.6, 1.5]]),
        (120, [3.0, 3.0], [[1.2, -0.4], [-0.4, 0.8]]),
        (100, [4.5, -0.5], [[0.6, 0.0], [0.0, 1.0]]),
    ]
    points = np.vstack([random.multivariate_normal(mean, cov, size=n) for n, mean, cov in blobs])
    random.shuffle(points)
    with open(POINTS_FILE, "w") as out:
        out.write("# 300 points of three overlapping 2-D blobs (numpy RandomState(7)), one per "
                  "line; written by tools/compare_gmm_sklearn.py\n")
        for x, y in points:
            out.write(f"{x:.17g} {y:.17g}\n")


def fit(points, covariance_type):
    distances = ((points[:, None, :] - INITIAL_MEANS[None, :, :]) ** 2).sum(axis=2)
    responsibilities = np.zeros((len(points), len(INITIAL_MEANS)))
    responsibilities[np.arange(len(points)), distances.argmin(axis=1)] = 1
    weights, _, covariances = _estimate_gaussian_parameters(
        points, responsibilities, REGULARIZATION, covariance_type)
    precisions = 1 / covariances if covariance_type == "diag" else np.linalg.inv(covariances)
    mixture = GaussianMixture(n_components=len(INITIAL_MEANS), covariance_type=covariance_type,
                              tol=TOLERANCE, reg_covar=REGULARIZATION, max_iter=MAX_ITERATIONS,
                              weights_init=weights / len(points), means_init=INITIAL_MEANS,
                              precisions_init=precisions, random_state=0)
    mixture.fit(points)
    if not mixture.converged_:
        raise SystemExit(f"{covariance_type}: scikit-learn did not converge")
    print(f"{covariance_type}: {mixture.n_iter_} iterations, weights {mixture.weights_}")
    return mixture.score(points)


def main():
    write_points()
    points = np.loadtxt(POINTS_FILE)
    scores = {kind: fit(points, kind) for kind in ("diag", "full")}
    with open(GOLDEN_FILE, "w") as out:
        out.write(f"# scikit-learn {sklearn.__version__} GaussianMixture on gmm_points.txt; "
                  "written by tools/compare_gmm_sklearn.py\n")
        out.write(f"regularization {REGULARIZATION!r}\n")
        out.write(f"tolerance {TOLERANCE!r}\n")
        out.write(f"max_iterations {MAX_ITERATIONS}\n")
        for mean in INITIAL_MEANS:
            out.write("initial_mean " + " ".join(repr(float(v)) for v in mean) + "\n")
        for kind, score in scores.items():
            out.write(f"mean_log_likelihood {kind} {score!r}\n")
            print(f"mean_log_likelihood {kind} {score!r}")


if __name__ == "__main__":
    main()
