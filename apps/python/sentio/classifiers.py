"""Sentio's classifiers with scikit-learn's estimator interface.

    from sentio.classifiers import C45, Knn
    model = Knn(k=3).fit(X, y)
    model.predict(X_test), model.predict_proba(X_test)
    sklearn.model_selection.cross_val_score(C45(), X, y, cv=10)   # clone() works

Options are `sentio train`'s classifier options (Knn(k=3), Gmm(components=4), ...), checked when
the estimator is made. Labels may be any values; classes_ holds them sorted. save() writes a model
file `sentio predict` reads, load() reads one `sentio train` wrote. X is numeric (nominal features
as codes, NaN for missing values).
"""

import numpy as np

from sentio import _sentio

__all__ = ["Classifier", "C45", "Knn", "Gmm", "NaiveBayes", "RandomForest", "load"]


class Classifier:
    """A registered classifier by name ("c45", "knn", "gmm", "nb", "rf", "rules")."""

    _name = None

    def __init__(self, name=None, **options):
        if self._name is None:
            if name is None:
                raise ValueError(f"name one of {_sentio.classifier_names()}")
            self.name = name
        elif name is not None:
            raise TypeError(f"{type(self).__name__} takes options only")
        else:
            self.name = self._name
        self._options = dict(options)
        _sentio.NativeClassifier(self.name, self._native_options())  # checks name and options
        self._native = None

    def _native_options(self):
        return {key: ("true" if value else "false") if isinstance(value, bool) else str(value)
                for key, value in self._options.items()}

    # scikit-learn's estimator protocol.
    def get_params(self, deep=True):
        params = dict(self._options)
        if self._name is None:
            params["name"] = self.name
        return params

    def set_params(self, **params):
        if self._name is None and "name" in params:
            self.name = params.pop("name")
        self._options.update(params)
        _sentio.NativeClassifier(self.name, self._native_options())
        self._native = None
        return self

    def fit(self, X, y, feature_names=None, class_name="class"):
        """Trains on X [n_samples, n_features] and labels y. The names (default x0, x1, ...; a
        DataFrame's columns) go into saved model files, which `sentio predict` applies to tables
        with the same attributes."""
        if feature_names is None and hasattr(X, "columns"):
            feature_names = [str(column) for column in X.columns]
        X = np.asarray(X, dtype=np.float64)
        if feature_names is None and X.ndim == 2:
            feature_names = [f"x{i}" for i in range(X.shape[1])]
        self.classes_, codes = np.unique(np.asarray(y), return_inverse=True)
        native = _sentio.NativeClassifier(self.name, self._native_options())
        native.fit(X, codes.astype(np.int64), [str(label) for label in self.classes_],
                   list(feature_names or []), str(class_name))
        self._native = native
        self.n_features_in_ = native.num_features
        return self

    def predict_proba(self, X):
        if self._native is None:
            raise RuntimeError(f"{type(self).__name__} is not fitted")
        return self._native.predict_proba(np.asarray(X, dtype=np.float64))

    def predict(self, X):
        probabilities = self.predict_proba(X)
        return self.classes_[np.argmax(probabilities, axis=1)]

    def score(self, X, y):
        return float(np.mean(self.predict(X) == np.asarray(y)))

    def save(self, path):
        """Writes a model file (as `sentio train --out`: text format for .pbtxt, else binary)."""
        if self._native is None:
            raise RuntimeError(f"{type(self).__name__} is not fitted")
        self._native.save(str(path))

    def __repr__(self):
        args = ", ".join(f"{key}={value!r}" for key, value in self.get_params().items())
        return f"{type(self).__name__}({args})"


class C45(Classifier):
    """C4.5 decision tree, Weka J48's results (confidence, min_leaf, ...)."""
    _name = "c45"


class Knn(Classifier):
    """k-nearest neighbours (k, distance weighting, ...)."""
    _name = "knn"


class Gmm(Classifier):
    """One Gaussian mixture per class (components, covariance, ...)."""
    _name = "gmm"


class NaiveBayes(Classifier):
    """Gaussian naive Bayes."""
    _name = "nb"


class RandomForest(Classifier):
    """Random forest (num_trees, max_depth, seed)."""
    _name = "rf"


def load(path):
    """A fitted classifier from a model file `sentio train` (or save()) wrote."""
    native = _sentio.NativeClassifier.load(str(path))
    estimator = Classifier(native.name, **native.options)
    estimator._native = native
    estimator.classes_ = np.array(native.labels, dtype=object)
    estimator.n_features_in_ = native.num_features
    return estimator
