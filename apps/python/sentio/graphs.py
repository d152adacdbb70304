"""Streaming graphs from Python: a graph config (protobuf text, as `sentio run --graph` takes) run
with every stage, options overridden as `--set` does, and a Python function as a sink.

    decisions = []
    output = sentio.graphs.run("apps/har/basic_motions.pbtxt",
                               set={"source.path": "test.ts"},
                               on_packet=lambda stream, t, value: stream == "predictions"
                                         and decisions.append((t, value["label"])))
    output.splitlines()[-1]          # "accuracy=1.0000", as `sentio run` prints

on_packet(stream, timestamp_us, value) is called for every packet of every stream, from the
graph's worker threads (holding the GIL): value is a dict for predictions ({"label",
"probabilities"}), segment labels and detections ({"frame", "objects", "inference_ms"}), a float
array for feature vectors and tensors, and None for IMU, audio and video blocks. An exception it
raises stops calling it and is raised by run() once the graph has ended.
"""

from sentio import _sentio

__all__ = ["run"]


def run(path, set=None, threads=0, on_packet=None):
    """Runs the graph config at `path`; returns what its stages printed (the report's last line
    included). `set`: {"NODE.OPTION": value} or ["NODE.OPTION=VALUE", ...]; threads 0: one per
    core. Errors (bad configs, stages failing) raise ValueError or RuntimeError naming node and
    option."""
    if set is None:
        overrides = []
    elif isinstance(set, dict):
        overrides = [f"{key}={'true' if value is True else 'false' if value is False else value}"
                     for key, value in set.items()]
    else:
        overrides = list(set)
    return _sentio.run_graph(str(path), overrides, int(threads), on_packet)
