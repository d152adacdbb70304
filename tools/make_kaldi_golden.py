#!/usr/bin/python3
"""Writes the Kaldi fbank / MFCC reference features that tests/kaldi_features_test.cc compares with.

Run with Debian's Python and python3-torchaudio (apt-get install -y python3-torchaudio):

    /usr/bin/python3 tools/make_kaldi_golden.py [--data=../shared/data/audio/fsdd]

The reference is torchaudio.compliance.kaldi, set to Kaldi's compute-fbank-feats /
compute-mfcc-feats defaults with dither 0. torchaudio's own defaults differ from Kaldi's in three
places, so they are passed explicitly: dither (0 here, Kaldi's is 1), energy_floor (Kaldi 0.0,
torchaudio 1.0, which would floor the log energy of near-silent frames at 0) and, for MFCC,
use_energy (Kaldi true, torchaudio false). Samples are the raw 16-bit integers, as Kaldi reads WAV.
Features are computed in float64 (Kaldi's float results differ from them by rounding only).

Each output file under features/testdata/ has '#' comment lines naming the source and options,
then one frame per line, values space-separated.
"""

import argparse
import os
import wave

import numpy as np
import torch
import torchaudio.compliance.kaldi as kaldi

RECORDINGS = ["0_george_0", "1_nicolas_2", "3_jackson_12", "7_theo_5"]

# Kaldi's defaults with dither 0, spelled out for torchaudio (see the module docstring).
KALDI_FRAME_DEFAULTS = dict(dither=0.0, energy_floor=0.0, frame_length=25.0, frame_shift=10.0,
                            preemphasis_coefficient=0.97, remove_dc_offset=True,
                            window_type="povey", round_to_power_of_two=True, snip_edges=True,
                            num_mel_bins=23, low_freq=20.0, high_freq=0.0, raw_energy=True)
KALDI_FBANK_DEFAULTS = dict(KALDI_FRAME_DEFAULTS, use_energy=False)
KALDI_MFCC_DEFAULTS = dict(KALDI_FRAME_DEFAULTS, use_energy=True, num_ceps=13, cepstral_lifter=22.0)

# One non-default set of the options users change; the test sets the same ones.
CUSTOM_RECORDING = "7_theo_5"
CUSTOM_MFCC = dict(KALDI_MFCC_DEFAULTS, frame_length=20.0, frame_shift=5.0, num_mel_bins=40,
                   low_freq=60.0, high_freq=-400.0, num_ceps=20, raw_energy=False,
                   preemphasis_coefficient=0.9, window_type="hamming", snip_edges=False)
CUSTOM_FBANK = dict(KALDI_FBANK_DEFAULTS, frame_length=30.0, frame_shift=12.5, num_mel_bins=40,
                    low_freq=100.0, high_freq=3000.0, use_energy=True, raw_energy=False,
                    preemphasis_coefficient=0.0, window_type="hanning", snip_edges=False)


def read_wav_int16(path):
    with wave.open(path, "rb") as wav:
        if wav.getsampwidth() != 2 or wav.getnchannels() != 1:
            raise SystemExit(f"{path}: expected 16-bit mono")
        rate = wav.getframerate()
        samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
    return torch.tensor(samples.astype(np.float64)).unsqueeze(0), rate


def write_features(path, header_lines, features):
    with open(path, "w") as out:
        for line in header_lines:
            out.write(f"# {line}\n")
        for frame in features.numpy():
            out.write(" ".join(f"{v:.8g}" for v in frame) + "\n")


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=os.path.join(root, "..", "shared", "data", "audio", "fsdd"))
    parser.add_argument("--out", default=os.path.join(root, "features", "testdata"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    jobs = []
    for name in RECORDINGS:
        jobs.append((name, "fbank", kaldi.fbank, KALDI_FBANK_DEFAULTS))
        jobs.append((name, "mfcc", kaldi.mfcc, KALDI_MFCC_DEFAULTS))
    jobs.append((CUSTOM_RECORDING, "fbank_custom", kaldi.fbank, CUSTOM_FBANK))
    jobs.append((CUSTOM_RECORDING, "mfcc_custom", kaldi.mfcc, CUSTOM_MFCC))
    for name, kind, function, options in jobs:
        waveform, rate = read_wav_int16(os.path.join(args.data, name + ".wav"))
        features = function(waveform, sample_frequency=float(rate), **options)
        path = os.path.join(args.out, f"{name}.{kind}.txt")
        write_features(path, [
            f"{name}.wav ({waveform.shape[1]} samples at {rate} Hz): torchaudio.compliance.kaldi."
            f"{function.__name__}, float64",
            "options: " + " ".join(f"{k}={v}" for k, v in sorted(options.items())),
        ], features)
        print(f"{path}: {features.shape[0]} frames x {features.shape[1]}")


if __name__ == "__main__":
    main()
