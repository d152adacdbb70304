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
