"""sentio.graphs.run gives `sentio run`'s output and hands every decision to Python."""

import pathlib

import pytest

import sentio

GRAPH = pathlib.Path("apps/har/basic_motions.pbtxt").resolve()


@pytest.fixture(scope="module")
def paths(data):
    return {"source.path": data / "har/BasicMotions_TEST.ts",
            "classify.train": data / "har/BasicMotions_TRAIN.ts"}


def test_run_equals_the_cli_and_calls_back_per_decision(cli, paths):
    decisions = []

    def on_packet(stream, timestamp_us, value):
        if stream == "predictions":
            decisions.append((timestamp_us, value["label"], value["probabilities"]))

    output = sentio.graphs.run(GRAPH, set=paths, threads=2, on_packet=on_packet)
    theirs = cli("run", f"--graph={GRAPH}", *[f"--set={k}={v}" for k, v in paths.items()])
    assert output.splitlines()[-1] == theirs.splitlines()[-1] == "accuracy=1.0000"
    # 40 recordings of 100 samples, windows of 50 every 25: 3 per recording.
    assert len(decisions) == 120
    for _, label, probabilities in decisions:
        assert label in probabilities and probabilities[label] == max(probabilities.values())


def test_errors_name_the_node_and_option(paths):
    with pytest.raises(ValueError,
                       match=r"node 'windows' \(SlidingWindowStage\) has no option 'windw'"):
        sentio.graphs.run(GRAPH, set={**paths, "windows.windw": 3})
    with pytest.raises(FileNotFoundError):
        sentio.graphs.run(GRAPH, set={**paths, "source.path": "/none.ts"})


def test_an_exception_in_the_callback_is_raised_after_the_run(paths):
    def on_packet(stream, timestamp_us, value):
        raise KeyError("from the callback")

    with pytest.raises(KeyError, match="from the callback"):
        sentio.graphs.run(GRAPH, set=paths, on_packet=on_packet)
