#!/usr/bin/python3
"""A small CNN for spoken digits (Free Spoken Digit Dataset) on log-mel (Kaldi fbank) features:
leave-one-speaker-out (LOSO) evaluation and a final model on all speakers, exported to ONNX.

Input definition (the C++ side reproduces exactly this):
  * features: `sentio fbank --wav=F.wav --num_mel_bins=40` with every other option at its default
    (25 ms frames, 10 ms shift, dither 0, snip_edges true): the log-mel frames X [T, 40].
  * per-utterance mean and variance normalisation per dimension d:
      mean_d = sum_t X[t,d] / T,  var_d = sum_t (X[t,d] - mean_d)^2 / T  (population variance);
      Y[t,d] = (X[t,d] - mean_d) / sqrt(var_d), or Y[t,d] = X[t,d] - mean_d where var_d < 1e-10.
  * crop to the first 100 frames, or zero-pad at the end (after normalisation) to exactly 100.
  * tensor [N, 1, 100, 40] float32 (time x mel). ONNX input "input" [1,1,100,40], output "logits"
    [1,10] (unnormalised class scores, class = digit).

Command lines (Debian's python with torch; features are cached as text, one frame a line):
  /usr/bin/python3 tools/train_digit_cnn.py --sentio=/tmp/digit_cnn/sentio \
      --data=/work/shared/data/audio/fsdd --loso
  /usr/bin/python3 tools/train_digit_cnn.py --sentio=/tmp/digit_cnn/sentio \
      --data=/work/shared/data/audio/fsdd --out=/tmp/digit_cnn/digits_cnn.onnx \
      [--verify_python=/tmp/onnxvenv/bin/python]
  --feat_dir (default /tmp/digit_cnn/fbank40) holds NAME.txt per WAV; missing ones are computed.
  --verify_python: a python with onnxruntime and numpy; compares ONNX and torch logits.

Training: AdamW + one-cycle LR, label smoothing, fixed seeds; augmentation: additive noise floor
with a random level and spectral tilt (on the raw log-mel, before the normalisation), random time
stretch, mel-axis shift and warp, random placement of the utterance inside the 100 frames (time
shift within the padding), SpecAugment time and frequency masks, mixup.
The defaults are the variant kept: --arch=tc (a full-height first kernel over the 40 bins, then
temporal convolutions), channels 64,64,64,96,96, 30 epochs. Its LOSO accuracy (seed 1): george
0.606, jackson 0.820, nicolas 0.682, theo 0.826, mean 0.734 (the 2-D CNN variants tried reached
0.676-0.686).
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

NUM_FRAMES = 100
NUM_MEL = 40
SPEAKERS = ["george", "jackson", "nicolas", "theo"]


# ---------------------------------------------------------------------------------------------
# Features
# ---------------------------------------------------------------------------------------------
def compute_features(sentio, data_dir, feat_dir):
    os.makedirs(feat_dir, exist_ok=True)
    wavs = sorted(glob.glob(os.path.join(data_dir, "*.wav")))
    if not wavs:
        sys.exit("no WAVs in %s" % data_dir)
    feats = {}
    computed = 0
    for wav in wavs:
        name = os.path.splitext(os.path.basename(wav))[0]
        path = os.path.join(feat_dir, name + ".txt")
        if not os.path.exists(path):
            out = subprocess.run([sentio, "fbank", "--wav=" + wav, "--num_mel_bins=%d" % NUM_MEL],
                                 check=True, capture_output=True, text=True).stdout
            lines = [l for l in out.splitlines() if l.strip() and not l.startswith("frames=")]
            with open(path + ".tmp", "w") as f:
                f.write("\n".join(lines) + "\n")
            os.replace(path + ".tmp", path)
            computed += 1
        x = np.loadtxt(path, dtype=np.float64, ndmin=2)
        assert x.shape[1] == NUM_MEL, (path, x.shape)
        feats[name] = x
    print("features: %d utterances (%d computed, the rest cached in %s)"
          % (len(feats), computed, feat_dir), flush=True)
    return feats


def normalise(x):
    """Per-utterance CMVN (population variance), crop/zero-pad to NUM_FRAMES. x [T, 40]."""
    mean = x.mean(axis=0)
    var = ((x - mean) ** 2).mean(axis=0)
    y = x - mean
    scale = np.where(var < 1e-10, 1.0, np.sqrt(np.maximum(var, 1e-300)))
    y = y / scale
    return y


def to_input(y):
    out = np.zeros((NUM_FRAMES, NUM_MEL), dtype=np.float32)
    t = min(len(y), NUM_FRAMES)
    out[:t] = y[:t]
    return out


def load_dataset(feats):
    names = sorted(feats)
    seqs, labels, speakers = [], [], []
    for n in names:
        digit, spk, _ = n.split("_")
        seqs.append(feats[n])  # raw log-mel; normalised on use (after raw-domain augmentation)
        labels.append(int(digit))
        speakers.append(spk)
    return names, seqs, np.array(labels), np.array(speakers)


# ---------------------------------------------------------------------------------------------
# Augmentation (training only; operates on the normalised, uncropped sequence)
# ---------------------------------------------------------------------------------------------
def add_noise(x, rng, a):
    """Additive stationary noise in the power domain of the raw log-mel x [T, 40]: a noise floor
    at a random level below the utterance's mean log energy, with a random spectral tilt across
    the mel bins and a little frame-to-frame jitter; x' = log(exp(x) + exp(noise))."""
    lvl = x.mean()
    off = rng.uniform(-a.noise_range, 0.0)
    tilt = rng.uniform(-a.noise_tilt, a.noise_tilt)
    shape = tilt * (np.arange(NUM_MEL) / (NUM_MEL - 1) - 0.5) * 2
    noise = lvl + off + shape[None, :] + 0.3 * rng.standard_normal(x.shape)
    return np.logaddexp(x, noise)


def augment(x, rng, a):
    if a.noise_p > 0 and rng.random() < a.noise_p:
        x = add_noise(x, rng, a)
    y = normalise(x)
    # Time stretch (speaking rate): linear interpolation along time.
    if a.stretch > 0:
        f = rng.uniform(1 - a.stretch, 1 + a.stretch)
        t = len(y)
        nt = max(2, int(round(t * f)))
        src = np.linspace(0, t - 1, nt)
        i0 = np.floor(src).astype(int)
        i1 = np.minimum(i0 + 1, t - 1)
        w = (src - i0)[:, None]
        y = (1 - w) * y[i0] + w * y[i1]
    # Mel-axis shift (vocal tract length): shift by s bins, replicate the edge bin.
    if a.mel_shift > 0:
        s = rng.integers(-a.mel_shift, a.mel_shift + 1)
        if s != 0:
            idx = np.clip(np.arange(NUM_MEL) - s, 0, NUM_MEL - 1)
            y = y[:, idx]
    # Mel-axis warp (VTLP-like): bin d takes the value at d * alpha (linear interpolation).
    if a.mel_warp > 0:
        alpha = rng.uniform(1 - a.mel_warp, 1 + a.mel_warp)
        src = np.clip(np.arange(NUM_MEL) * alpha, 0, NUM_MEL - 1)
        i0 = np.floor(src).astype(int)
        i1 = np.minimum(i0 + 1, NUM_MEL - 1)
        w = (src - i0)[None, :]
        y = (1 - w) * y[:, i0] + w * y[:, i1]
    y = y[:NUM_FRAMES]
    out = np.zeros((NUM_FRAMES, NUM_MEL), dtype=np.float32)
    t = len(y)
    off = 0
    if a.time_shift and t < NUM_FRAMES and rng.random() < a.time_shift:
        off = rng.integers(0, NUM_FRAMES - t + 1)
    out[off:off + t] = y
    # SpecAugment masks (set to 0, the normalised mean).
    for _ in range(a.time_masks):
        w = rng.integers(0, a.time_mask_w + 1)
        if w and t > w:
            s0 = off + rng.integers(0, t - w + 1)
            out[s0:s0 + w] = 0
    for _ in range(a.freq_masks):
        w = rng.integers(0, a.freq_mask_w + 1)
        if w:
            f0 = rng.integers(0, NUM_MEL - w + 1)
            out[:, f0:f0 + w] = 0
    return out


# ---------------------------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------------------------
class PooledClassifier(nn.Module):
    """Convolutional `features`, then global average pooling, dropout and a linear layer to the
    10 digits' logits: the head both architectures share."""

    def __init__(self, features, channels, dropout):
        super().__init__()
        self.features = features
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.drop = nn.Dropout(dropout)
        self.fc = nn.Linear(channels, 10)

    def forward(self, x):
        x = self.pool(self.features(x))
        x = torch.flatten(x, 1)
        return self.fc(self.drop(x))


class DigitCNN(PooledClassifier):
    def __init__(self, channels, dropout):
        layers = []
        cin = 1
        for i, c in enumerate(channels):
            layers += [nn.Conv2d(cin, c, 3, padding=1, bias=False), nn.BatchNorm2d(c),
                       nn.ReLU(inplace=True)]
            if i < len(channels) - 1:
                layers.append(nn.MaxPool2d(2))
            cin = c
        super().__init__(nn.Sequential(*layers), cin, dropout)


class TemporalCNN(PooledClassifier):
    """The 40 mel bins as one full-height first kernel (a learned spectral projection, like a
    DCT), then 1-D convolutions over time (kernel (3,1)) with (2,1) max pooling."""

    def __init__(self, channels, dropout, k0=5, dct=0):
        layers = []
        cin = 1
        if dct:
            # Fixed (not trained) DCT-II over the mel bins, first `dct` coefficients: a cepstral
            # projection that keeps the spectral envelope and drops fine (pitch) structure.
            conv = nn.Conv2d(1, dct, (1, NUM_MEL), bias=False)
            n = np.arange(NUM_MEL)
            basis = np.stack([np.cos(np.pi * k * (n + 0.5) / NUM_MEL) for k in range(dct)])
            basis *= np.sqrt(2.0 / NUM_MEL)
            conv.weight.data = torch.tensor(basis, dtype=torch.float32).view(dct, 1, 1, NUM_MEL)
            conv.weight.requires_grad_(False)
            layers.append(conv)
            cin = dct
        layers += [nn.Conv2d(cin, channels[0], (k0, NUM_MEL if not dct else 1),
                             padding=(k0 // 2, 0), bias=False),
                   nn.BatchNorm2d(channels[0]), nn.ReLU(inplace=True)]
        cin = channels[0]
        for c in channels[1:]:
            layers += [nn.Conv2d(cin, c, (3, 1), padding=(1, 0), bias=False), nn.BatchNorm2d(c),
                       nn.ReLU(inplace=True), nn.MaxPool2d((2, 1))]
            cin = c
        super().__init__(nn.Sequential(*layers), cin, dropout)


def train_model(seqs, labels, a, seed, test=None):
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    if a.arch == "tc":
        model = TemporalCNN(a.channels, a.dropout, dct=a.dct)
    else:
        model = DigitCNN(a.channels, a.dropout)
    opt = torch.optim.AdamW([q for q in model.parameters() if q.requires_grad], lr=a.lr, weight_decay=a.wd)
    n = len(seqs)
    steps = a.epochs * ((n + a.batch - 1) // a.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.lr, total_steps=steps,
                                                pct_start=0.15)
    crit = nn.CrossEntropyLoss(label_smoothing=a.label_smoothing)
    for ep in range(a.epochs):
        t_ep = time.time()
        model.train()
        perm = rng.permutation(n)
        tot, correct, count = 0.0, 0, 0
        for b in range(0, n, a.batch):
            idx = perm[b:b + a.batch]
            x = torch.from_numpy(np.stack([augment(seqs[i], rng, a) for i in idx]))[:, None]
            y = torch.from_numpy(labels[idx]).long()
            if a.mixup > 0 and rng.random() < 0.5:
                lam = float(rng.beta(a.mixup, a.mixup))
                p = torch.from_numpy(rng.permutation(len(idx)))
                x = lam * x + (1 - lam) * x[p]
                logits = model(x)
                loss = lam * crit(logits, y) + (1 - lam) * crit(logits, y[p])
            else:
                logits = model(x)
                loss = crit(logits, y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            tot += float(loss) * len(idx)
            correct += int((logits.argmax(1) == y).sum())
            count += len(idx)
        if a.verbose:
            extra = ""
            if test is not None:
                model.eval()
                extra = " test_acc %.3f" % float((predict(model, test[0]) == test[1]).mean())
            print("  epoch %d loss %.4f train_acc %.3f%s (%.1fs)"
                  % (ep, tot / count, correct / count, extra, time.time() - t_ep), flush=True)
    model.eval()
    return model


def predict(model, seqs):
    x = torch.from_numpy(np.stack([to_input(normalise(s)) for s in seqs]))[:, None]
    with torch.no_grad():
        return model(x).argmax(1).numpy()


# ---------------------------------------------------------------------------------------------
def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sentio", required=True)
    p.add_argument("--data", default="/work/shared/data/audio/fsdd")
    p.add_argument("--feat_dir", default="/tmp/digit_cnn/fbank40")
    p.add_argument("--loso", action="store_true")
    p.add_argument("--out", default="")
    p.add_argument("--verify_python", default="")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--folds", default=",".join(SPEAKERS), help="held-out speakers for --loso")
    p.add_argument("--arch", default="tc", choices=["2d", "tc"], help="2d CNN or temporal CNN")
    p.add_argument("--dct", type=int, default=0, help="tc: fixed DCT front end, N coefficients")
    p.add_argument("--channels", default="64,64,64,96,96")
    p.add_argument("--dropout", type=float, default=0.2)
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--wd", type=float, default=1e-3)
    p.add_argument("--label_smoothing", type=float, default=0.1)
    p.add_argument("--time_shift", type=float, default=1.0, help="probability of a random offset")
    p.add_argument("--stretch", type=float, default=0.1)
    p.add_argument("--mel_shift", type=int, default=2)
    p.add_argument("--mel_warp", type=float, default=0.12, help="max relative mel-axis warp")
    p.add_argument("--time_masks", type=int, default=2)
    p.add_argument("--time_mask_w", type=int, default=8)
    p.add_argument("--freq_masks", type=int, default=2)
    p.add_argument("--freq_mask_w", type=int, default=5)
    p.add_argument("--noise_p", type=float, default=0.7, help="probability of additive noise")
    p.add_argument("--noise_range", type=float, default=5.0, help="noise level below the mean, nats")
    p.add_argument("--noise_tilt", type=float, default=5.0, help="max tilt across the bins, nats")
    p.add_argument("--mixup", type=float, default=0.4, help="beta parameter; 0 disables")
    p.add_argument("--verbose", action="store_true")
    a = p.parse_args()
    a.channels = [int(c) for c in a.channels.split(",")]
    torch.set_num_threads(a.threads)
    torch.set_flush_denormal(True)
    if not a.loso and not a.out:
        sys.exit("give --loso and/or --out=FILE.onnx")
    print("config:", json.dumps({k: v for k, v in vars(a).items()
                                 if k not in ("sentio", "data", "feat_dir", "verify_python")}),
          flush=True)

    feats = compute_features(a.sentio, a.data, a.feat_dir)
    names, seqs, labels, speakers = load_dataset(feats)

    if a.loso:
        accs = []
        for spk in a.folds.split(","):
            t0 = time.time()
            tr = np.where(speakers != spk)[0]
            te = np.where(speakers == spk)[0]
            model = train_model([seqs[i] for i in tr], labels[tr], a, a.seed,
                                test=([seqs[i] for i in te], labels[te]))
            pred = predict(model, [seqs[i] for i in te])
            acc = float((pred == labels[te]).mean())
            accs.append(acc)
            if a.verbose:
                cm = np.zeros((10, 10), dtype=int)
                np.add.at(cm, (labels[te], pred), 1)
                print("confusion (row = true digit, column = predicted):\n" + str(cm))
            print("loso %-8s acc %.4f (%d/%d) fold_time %.0fs"
                  % (spk, acc, int((pred == labels[te]).sum()), len(te), time.time() - t0),
                  flush=True)
        print("loso mean acc %.4f" % float(np.mean(accs)), flush=True)

    if a.out:
        t0 = time.time()
        model = train_model(seqs, labels, a, a.seed)
        print("final model trained on %d utterances in %.0fs; train acc %.4f"
              % (len(seqs), time.time() - t0, float((predict(model, seqs) == labels).mean())))
        dummy = torch.zeros(1, 1, NUM_FRAMES, NUM_MEL)
        torch.onnx.export(model, dummy, a.out, opset_version=13, do_constant_folding=True,
                          input_names=["input"], output_names=["logits"])
        print("wrote %s (%d bytes, %d parameters)"
              % (a.out, os.path.getsize(a.out), sum(q.numel() for q in model.parameters())))
        if a.verify_python:
            verify(model, seqs, names, a)


def verify(model, seqs, names, a):
    pick = list(range(0, len(seqs), len(seqs) // 8))[:8]
    x = np.stack([to_input(normalise(seqs[i])) for i in pick])[:, None]
    with torch.no_grad():
        ref = model(torch.from_numpy(x)).numpy()
    with tempfile.TemporaryDirectory() as d:
        np.save(os.path.join(d, "x.npy"), x)
        np.save(os.path.join(d, "ref.npy"), ref)
        code = ("import numpy as np, onnxruntime as ort, sys\n"
                "d, m = sys.argv[1], sys.argv[2]\n"
                "s = ort.InferenceSession(m, providers=['CPUExecutionProvider'])\n"
                "x = np.load(d + '/x.npy'); ref = np.load(d + '/ref.npy')\n"
                "out = np.concatenate([s.run(['logits'], {'input': x[i:i+1]})[0]"
                " for i in range(len(x))])\n"
                "print('onnxruntime check: %d utterances, max abs diff %.3g, argmax agree %s'"
                " % (len(x), np.abs(out - ref).max(), bool((out.argmax(1) == ref.argmax(1)).all())))\n")
        subprocess.run([a.verify_python, "-c", code, d, a.out], check=True)
    print("checked utterances:", " ".join(names[i] for i in pick))


if __name__ == "__main__":
    main()
