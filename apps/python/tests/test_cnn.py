"""sentio.cnn runs a model as `sentio cnn run` does; wrong shapes raise ValueError naming them."""

import numpy as np
import pytest

import sentio


@pytest.fixture(scope="module")
def mnist(data):
    return sentio.cnn.load(data / "models/mnist.onnx", threads=2)


def test_describes_the_model(mnist):
    assert mnist.inputs == [("Input3", (1, 1, 28, 28))]
    assert mnist.outputs == ["Plus214_Output_0"]


def test_run_equals_the_cli(data, cli, mnist, tmp_path):
    image = np.random.default_rng(7).random((1, 1, 28, 28), dtype=np.float32)
    np.save(tmp_path / "x.npy", image)
    cli("cnn", "run", f"--model={data / 'models/mnist.onnx'}", f"--input={tmp_path / 'x.npy'}",
        f"--output_dir={tmp_path / 'out'}")
    theirs = np.load(tmp_path / "out/Plus214_Output_0.npy")
    ours = mnist.run(image)
    assert list(ours) == ["Plus214_Output_0"]
    np.testing.assert_array_equal(ours["Plus214_Output_0"], theirs)
    np.testing.assert_array_equal(mnist.run({"Input3": image})["Plus214_Output_0"], theirs)


def test_fp16_weights_stay_close(data, mnist):
    image = np.random.default_rng(8).random((1, 1, 28, 28), dtype=np.float32)
    half = sentio.cnn.load(data / "models/mnist.onnx", precision="fp16")
    np.testing.assert_allclose(half.run(image)["Plus214_Output_0"],
                               mnist.run(image)["Plus214_Output_0"], rtol=0.02, atol=0.05)


def test_bad_input_raises(data, mnist):
    with pytest.raises(ValueError, match=r"must have shape \(1, 1, 28, 28\); got \(28, 28\)"):
        mnist.run(np.zeros((28, 28), np.float32))
    with pytest.raises(ValueError, match="has no input 'x'"):
        mnist.run({"Input3": np.zeros((1, 1, 28, 28), np.float32), "x": np.zeros(1)})
    with pytest.raises(ValueError, match="missing input 'Input3'"):
        mnist.run({})
    with pytest.raises(ValueError, match="unknown precision 'fp8'"):
        sentio.cnn.load(data / "models/mnist.onnx", precision="fp8")
    with pytest.raises(FileNotFoundError):
        sentio.cnn.load(data / "models/none.onnx")
