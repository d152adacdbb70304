"""read_wav, mfcc and fbank equal the CLI's numbers; bad input raises the right exceptions."""

import numpy as np
import pytest

import sentio


def cli_frames(text):
    """The frame lines of `sentio mfcc|fbank --wav=F` as an array; checks the frames= line."""
    lines = text.strip().splitlines()
    assert lines[-1].startswith("frames=")
    frames = np.array([[float(v) for v in line.split()] for line in lines[:-1]], dtype=np.float32)
    assert len(frames) == int(lines[-1].split("=")[1])
    return frames


def test_read_wav(data):
    samples, rate = sentio.read_wav(data / "audio/fsdd/0_george_0.wav")
    assert rate == 8000
    assert samples.dtype == np.float32 and samples.ndim == 1 and len(samples) > 2000
    assert -1 <= samples.min() and samples.max() < 1


@pytest.mark.parametrize("wav", ["0_george_0.wav", "7_jackson_12.wav"])
def test_mfcc_equals_the_cli(data, cli, wav):
    path = data / "audio/fsdd" / wav
    samples, rate = sentio.read_wav(path)
    ours = sentio.mfcc(samples, rate)
    theirs = cli_frames(cli("mfcc", f"--wav={path}"))
    assert ours.shape == theirs.shape and ours.dtype == np.float32
    np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-5)  # the CLI prints 7 digits


def test_fbank_with_options_equals_the_cli(data, cli):
    path = data / "audio/fsdd/3_theo_5.wav"
    samples, rate = sentio.read_wav(path)
    ours = sentio.fbank(samples, rate, num_mel_bins=40, use_energy=True, frame_shift_ms=5)
    theirs = cli_frames(cli("fbank", f"--wav={path}", "--num_mel_bins=40", "--use_energy=true",
                            "--frame_shift_ms=5"))
    assert ours.shape == theirs.shape == (theirs.shape[0], 41)
    np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-5)


def test_a_clip_shorter_than_a_frame_has_no_frames():
    assert sentio.mfcc(np.zeros(100, np.float32), 16000).shape == (0, 13)


def test_bad_input_raises(data):
    with pytest.raises(FileNotFoundError, match="nope.wav"):
        sentio.read_wav(data / "nope.wav")
    samples, rate = sentio.read_wav(data / "audio/fsdd/0_george_0.wav")
    with pytest.raises(ValueError, match=r"did you mean --num_ceps"):
        sentio.mfcc(samples, rate, num_cepz=3)
    with pytest.raises(ValueError, match=r"one channel of shape \(n,\); got shape \(2384, 2\)"):
        sentio.mfcc(np.stack([samples, samples], axis=1), rate)
    with pytest.raises(ValueError):
        sentio.mfcc(samples, rate, num_ceps=40)  # more cepstra than mel bins
