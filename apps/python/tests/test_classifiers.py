"""Sentio's classifiers as scikit-learn estimators: the CLI's results on the same data, model
files both ways, the estimator protocol, and errors."""

import csv

import numpy as np
import pytest

import sentio
from sentio.classifiers import C45, Classifier, Gmm, Knn, NaiveBayes, RandomForest


def cli_predictions(cli, model, data, tmp_path):
    """(predicted labels, probabilities) of `sentio predict` with `model` on `data`."""
    out = tmp_path / "predictions.csv"
    cli("predict", f"--model={model}", f"--data={data}", "--format=csv", f"--out={out}")
    with open(out) as f:
        rows = list(csv.DictReader(f))
    classes = [name[2:] for name in rows[0] if name.startswith("p_")]
    return (np.array([row["predicted"] for row in rows], dtype=object),
            np.array([[float(row["p_" + c]) for c in classes] for row in rows]))


@pytest.mark.parametrize("estimator,flags", [(C45(), ["--classifier=c45"]),
                                             (Knn(k=3), ["--classifier=knn", "--k=3"])])
def test_fit_equals_the_cli(data, cli, tmp_path, estimator, flags):
    arff = data / "arff/iris.arff"
    X, y = sentio.read_arff(arff)
    estimator.fit(X, y)
    cli("train", f"--data={arff}", f"--out={tmp_path / 'model.pb'}", *flags)
    predicted, probabilities = cli_predictions(cli, tmp_path / "model.pb", arff, tmp_path)
    np.testing.assert_array_equal(estimator.predict(X), predicted)
    np.testing.assert_allclose(estimator.predict_proba(X), probabilities, atol=1e-6)
    assert list(estimator.classes_) == ["Iris-setosa", "Iris-versicolor", "Iris-virginica"]
    assert estimator.score(X, y) == pytest.approx(np.mean(predicted == y))


def test_model_files_go_both_ways(data, cli, tmp_path):
    arff = data / "arff/iris.arff"
    X, y = sentio.read_arff(arff)
    names = ["sepallength", "sepalwidth", "petallength", "petalwidth"]  # iris.arff's
    ours = RandomForest(num_trees=10, seed=3).fit(X, y, feature_names=names)
    ours.save(tmp_path / "forest.pb")
    predicted, _ = cli_predictions(cli, tmp_path / "forest.pb", arff, tmp_path)
    np.testing.assert_array_equal(ours.predict(X), predicted)

    cli("train", f"--data={arff}", "--classifier=nb", f"--out={tmp_path / 'nb.pb'}")
    loaded = sentio.classifiers.load(tmp_path / "nb.pb")
    np.testing.assert_allclose(loaded.predict_proba(X), NaiveBayes().fit(X, y).predict_proba(X))
    assert loaded.get_params() == {"name": "nb"}


def test_the_estimator_protocol():
    X = np.array([[0.0, 0.0], [0.1, 0.2], [5.0, 5.0], [5.2, 4.9]])
    y = np.array([7, 7, 9, 9])
    knn = Knn(k=1)
    assert knn.get_params() == {"k": 1}
    clone = type(knn)(**knn.get_params())  # what sklearn.base.clone does
    assert clone.get_params() == knn.get_params() and clone is not knn
    assert knn.set_params(k=3) is knn and knn.get_params() == {"k": 3}
    np.testing.assert_array_equal(Knn(k=1).fit(X, y).predict([[4.0, 4.0], [0.0, 0.1]]), [9, 7])
    gmm = Gmm(components=1).fit(X, y)
    assert gmm.n_features_in_ == 2 and list(gmm.classes_) == [7, 9]
    assert repr(Classifier("knn", k=2)) == "Classifier(k=2, name='knn')"


def test_bad_input_raises(data):
    with pytest.raises(ValueError, match="kk"):
        Knn(kk=3)
    with pytest.raises(ValueError, match="known: "):
        Classifier("nope")
    with pytest.raises(RuntimeError, match="not fitted"):
        C45().predict(np.zeros((1, 4)))
    X, y = sentio.read_arff(data / "arff/iris.arff")
    with pytest.raises(ValueError, match=r"X must have shape \(n_samples, 4\); got \(2, 3\)"):
        C45().fit(X, y).predict(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"y must have shape \(150,\); got \(149,\)"):
        C45().fit(X, y[:-1])
    with pytest.raises(FileNotFoundError):
        sentio.classifiers.load(data / "none.model")
