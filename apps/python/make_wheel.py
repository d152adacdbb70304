"""Writes the `sentio` wheel: the Python sources and the _sentio extension under sentio/, and the
dist-info files a wheel needs (METADATA, WHEEL, RECORD with each file's sha256), with fixed
timestamps so that the same inputs give the same bytes.

    make_wheel.py --out=sentio-VERSION-TAG.whl --extension=_sentio.so sentio/__init__.py ...
"""

import argparse
import base64
import hashlib
import os
import zipfile

VERSION = "0.1.0"
TAG = "cp311-cp311-linux_x86_64"
DIST_INFO = f"sentio-{VERSION}.dist-info"
METADATA = f"""Metadata-Version: 2.1
Name: sentio
Version: {VERSION}
Summary: Sentio's sensing pipelines from Python: readers, Kaldi features, CNN engines
Requires-Python: >=3.11
Requires-Dist: numpy
"""
WHEEL = f"""Wheel-Version: 1.0
Generator: sentio make_wheel.py
Root-Is-Purelib: false
Tag: {TAG}
"""


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--extension", required=True)
    parser.add_argument("sources", nargs="+")
    args = parser.parse_args()
    files = [(f"sentio/{os.path.basename(path)}", path) for path in args.sources]
    files.append(("sentio/_sentio.so", args.extension))
    entries = []
    for name, path in files:
        with open(path, "rb") as f:
            entries.append((name, f.read(), 0o755 if name.endswith(".so") else 0o644))
    entries.append((f"{DIST_INFO}/METADATA", METADATA.encode(), 0o644))
    entries.append((f"{DIST_INFO}/WHEEL", WHEEL.encode(), 0o644))
    record = "\n".join([record_line(name, data) for name, data, _ in entries] +
                       [f"{DIST_INFO}/RECORD,,", ""])
    entries.append((f"{DIST_INFO}/RECORD", record.encode(), 0o644))
    with zipfile.ZipFile(args.out, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data, mode in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(info, data)


if __name__ == "__main__":
    main()
