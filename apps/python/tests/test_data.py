"""read_arff gives Weka's values: numbers, nominal codes, NaN for missing, class labels."""

import numpy as np
import pytest

import sentio


def test_iris(data):
    X, y = sentio.read_arff(data / "arff/iris.arff")
    assert X.shape == (150, 4) and X.dtype == np.float64
    np.testing.assert_array_equal(X[0], [5.1, 3.5, 1.4, 0.2])
    assert list(y[:1]) == ["Iris-setosa"] and y[-1] == "Iris-virginica"
    assert sorted(set(y)) == ["Iris-setosa", "Iris-versicolor", "Iris-virginica"]


def test_nominal_attributes_are_codes_and_missing_values_nan(data):
    X, y = sentio.read_arff(data / "arff/labor.arff")
    assert X.shape == (57, 16)
    assert np.isnan(X).any()
    observed = X[~np.isnan(X)]
    assert np.all(np.isfinite(observed))
    assert set(y) == {"good", "bad"}


def test_a_missing_file_raises(data):
    with pytest.raises(FileNotFoundError):
        sentio.read_arff(data / "arff/none.arff")


def test_ts_cases_and_labels(data):
    series, labels = sentio.read_ts(data / "har/BasicMotions_TEST.ts", rate_hz=10)
    assert len(series) == len(labels) == 40
    assert series[0].shape == (100, 6) and series[0].dtype == np.float32
    assert set(labels) == {"Standing", "Running", "Walking", "Badminton"}
    times = sentio.read_ts_timestamps(data / "har/BasicMotions_TEST.ts", rate_hz=10)
    np.testing.assert_array_equal(times[0][:3], [0, 100000, 200000])


def test_idx_images_and_labels(data):
    images = sentio.read_idx(data / "mnist/t10k-images-idx3-ubyte.gz")
    labels = sentio.read_idx(data / "mnist/t10k-labels-idx1-ubyte.gz")
    assert images.shape == (10000, 28, 28) and labels.shape == (10000,)
    assert images.min() == 0 and images.max() == 255
    assert set(np.unique(labels)) == set(range(10))


def test_malformed_files_raise(tmp_path):
    bad = tmp_path / "bad.ts"
    bad.write_text("@problemName x\n@data\n1,2:nope\n")
    with pytest.raises(ValueError, match="bad.ts"):
        sentio.read_ts(bad)
    (tmp_path / "bad.idx").write_bytes(b"\x00\x00\x08\x03\x00")
    with pytest.raises(ValueError, match="bad.idx"):
        sentio.read_idx(tmp_path / "bad.idx")
