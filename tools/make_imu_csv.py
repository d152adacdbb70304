#!/usr/bin/env python3
"""A raw, timestamped IMU recording in CSV made from UEA BasicMotions cases, as a wearable logs it:
one row per sample with a millisecond timestamp, three accelerometer and three gyroscope columns, a
subject and the activity. The cases follow each other as one recording; the sample times jitter
around the 10 Hz grid (uniformly within +-15 % of the 100 ms period, so the rate is irregular), and
every `--gap_every`-th case loses `--gap_s` seconds of samples in its middle (a dropped connection).
Subjects are assigned s1..s4 in turn (BasicMotions does not record them). Deterministic per --seed.

  python3 tools/make_imu_csv.py --ts=../shared/data/har/BasicMotions_TEST.ts --out=F.csv \
      [--cases=all|N,M,...] [--seed=1] [--gap_every=5] [--gap_s=2]

Only the standard library is used.
"""
import argparse
import random


def read_ts(path):
    """(dims [[values]], label) per case of a UEA .ts file with equal-length series."""
    cases = []
    in_data = False
    with open(path) as ts:
        for line in ts:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.lower() == "@data":
                in_data = True
                continue
            if not in_data:
                continue
            parts = line.split(":")
            dims = [[float(v) for v in part.split(",")] for part in parts[:-1]]
            cases.append((dims, parts[-1]))
    return cases


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ts", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--cases", default="all", help="'all' or comma-separated case indices")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--gap_every", type=int, default=5)
    parser.add_argument("--gap_s", type=float, default=2.0)
    args = parser.parse_args()

    cases = read_ts(args.ts)
    chosen = range(len(cases)) if args.cases == "all" else [int(c) for c in args.cases.split(",")]
    rng = random.Random(args.seed)
    period_ms = 100.0
    columns = ["acc_x", "acc_y", "acc_z", "gyro_x", "gyro_y", "gyro_z"]
    t_ms = 1_700_000_000_000.0  # an epoch-like start, as loggers write
    with open(args.out, "w") as out:
        out.write("t_ms," + ",".join(columns) + ",subject,activity\n")
        for order, index in enumerate(chosen):
            dims, label = cases[index]
            length = len(dims[0])
            gap = set()
            if args.gap_every > 0 and order % args.gap_every == args.gap_every - 1:
                missing = int(args.gap_s * 1000 / period_ms)
                start = (length - missing) // 2
                gap = set(range(start, start + missing))
            subject = "s%d" % (order % 4 + 1)
            for i in range(length):
                sample_ms = t_ms + i * period_ms + rng.uniform(-0.15, 0.15) * period_ms
                if i in gap:
                    continue
                values = ",".join("%.6g" % dims[d][i] for d in range(len(columns)))
                out.write("%d,%s,%s,%s\n" % (round(sample_ms), values, subject, label))
            t_ms += length * period_ms
    print("wrote %s (%d cases)" % (args.out, len(chosen)))


if __name__ == "__main__":
    main()
