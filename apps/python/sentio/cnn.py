"""CNNs from Python: a model file loaded into one of Sentio's engines, run on NumPy arrays.

    model = sentio.cnn.load("mnist.onnx", engine="cpu", threads=2)
    outputs = model.run(images)            # or model.run({"Input3": images})
"""

from sentio import _sentio

__all__ = ["load", "Model"]


class Model:
    """A loaded model. `inputs`: [(name, shape)]; `outputs`: output names."""

    def __init__(self, native):
        self._native = native

    @property
    def inputs(self):
        return [(name, tuple(shape)) for name, shape in self._native.inputs]

    @property
    def outputs(self):
        return list(self._native.outputs)

    def run(self, inputs):
        """Runs the model on one array (a model with one input) or a dict of arrays by input name;
        returns a dict of float32 arrays by output name, as `sentio cnn run` computes them."""
        return self._native.run(inputs)


def load(path, weights=None, engine="cpu", precision="fp32", threads=1):
    """Loads an ONNX, Caffe (.prototxt + weights), Darknet (.cfg + weights) or native model file
    into `engine` ("cpu", "opencl", "reference"); precision "fp16" stores the weights as halves."""
    return Model(_sentio.CnnModel(str(path), "" if weights is None else str(weights), engine,
                                  precision, int(threads)))
