#!/usr/bin/env bash
# Writes the seed corpora of the libFuzzer harnesses (tests/fuzz/corpus/<harness>/): small valid
# inputs of every kind, written here (text formats) or made with Debian's python3/numpy, the ONNX
# node tests' models (tools/fetch_onnx_node_tests.sh) and sentio itself (native and classifier
# model files). Nothing is copied from ../shared/data. Re-run after a format changes; the
# findings fixed so far are kept beside the seeds as crash-*/finding-* files.
#   bash tools/make_fuzz_seeds.sh
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=tests/fuzz/corpus
bazel build //apps:sentio >&2
sentio=bazel-bin/apps/sentio

write() { mkdir -p "$(dirname "$1")"; cat >"$1"; }

write $corpus/arff_fuzzer/weather.arff <<'X'
% A comment
@relation weather
@attribute outlook {sunny, overcast, 'rainy day'}
@attribute temperature numeric
@attribute note string
@attribute when date "yyyy-MM-dd HH:mm:ss"
@attribute play {yes, no}
@data
sunny, 85, 'hot, dry', "2026-01-02 03:04:05", no
overcast, ?, "", "2026-02-03 04:05:06", yes
'rainy day', 70.5, x, ?, yes {2}
X
write $corpus/arff_fuzzer/sparse.arff <<'X'
@RELATION sparse
@ATTRIBUTE a REAL
@ATTRIBUTE b INTEGER
@ATTRIBUTE class {x,y}
@DATA
{0 1.5, 2 y}
{1 3, 2 x}
X
write $corpus/csv_fuzzer/imu.csv <<'X'
timestamp,x,y,z,subject,activity
0.00,0.1,-0.2,9.8,s1,walk
0.02,0.2,-0.1,9.7,s1,walk
0.04,"0.3",?,9.9,s2,run
X
write $corpus/csv_fuzzer/quoted.csv <<'X'
"a","b,c","class"
1,"2",yes
-3e2,,no
X
# Timestamped logs; the first byte picks the harness's options (bit 0: group column, bit 1:
# resample, bit 2: a given unit).
mkdir -p $corpus/csv_recordings_fuzzer
printf '\x01t_ms,x,subject,activity\n1000,0.5,s1,walk\n1100,0.7,s1,walk\n1200,0.2,s1,run\n1000,0.1,s2,walk\n1300,0.4,s2,walk\n' \
  >$corpus/csv_recordings_fuzzer/two_subjects.csv
printf '\x26time,a,b\n0.00,1,2\n0.02,1,3\n0.05,2,1\n0.06,2,2\n' >$corpus/csv_recordings_fuzzer/resampled.csv
printf '\x00t_ns,x,label\n1700000000000000000,1,\n1700000000020000000,2,a\n1700000000900000000,3,a\n' \
  >$corpus/csv_recordings_fuzzer/epoch_ns_gap.csv
write $corpus/ts_fuzzer/small.ts <<'X'
#comment
@problemName Small
@timeStamps false
@missing true
@univariate false
@dimensions 2
@equalLength true
@seriesLength 3
@classLabel true a b
@data
1,2,3:4,5,6:a
0.5,?,1:NaN,2,3:b
X
write $corpus/ts_fuzzer/univariate.ts <<'X'
@problemName Uni
@timeStamps false
@univariate true
@classLabel false
@data
1.0,2.0,3.0,4.0
5,6
X
write $corpus/wisdm_fuzzer/raw.txt <<'X'
33,Jogging,49105962326000,-0.6946377,12.680544,0.50395286;
33,Jogging,49106062271000,5.012288,11.264028,0.95342433;
34,Walking,49106112167000,4.903325,10.882658,-0.08172209;
35,Sitting,,1,2,3;
X
write $corpus/graph_config_fuzzer/minimal.pbtxt <<'X'
node { name: "source" stage: "WavSource" options { key: "path" value: "a.wav" } }
node { name: "sink" stage: "ConsoleReportSink" input: "source" }
X
cp apps/har/basic_motions.pbtxt apps/har/basic_motions_rules.pbtxt $corpus/graph_config_fuzzer/

# Binary formats made with numpy: WAV (16-bit mono, 8-bit stereo, float32), IDX (plain, gzip),
# .npy (float32, float64 Fortran order, int64, float16), YUV4MPEG2 (4:2:0 and 4:4:4), Darknet.
/usr/bin/python3 - "$corpus" <<'PY'
import gzip, io, struct, sys, wave
import numpy as np
corpus = sys.argv[1]
def wav(name, rate, channels, width, frames):
    with wave.open(f"{corpus}/wav_fuzzer/{name}", "wb") as w:
        w.setnchannels(channels); w.setsampwidth(width); w.setframerate(rate)
        w.writeframes(frames.tobytes())
wav("mono16.wav", 8000, 1, 2, (np.sin(np.arange(64) / 3) * 3000).astype("<i2"))
wav("stereo8.wav", 16000, 2, 1, (np.arange(32) % 256).astype(np.uint8))
with open(f"{corpus}/wav_fuzzer/float32.wav", "wb") as f:  # WAVE_FORMAT_IEEE_FLOAT
    data = np.linspace(-1, 1, 16, dtype="<f4").tobytes()
    fmt = struct.pack("<HHIIHH", 3, 1, 16000, 64000, 4, 32)
    f.write(b"RIFF" + struct.pack("<I", 4 + 8 + len(fmt) + 8 + len(data)) + b"WAVE")
    f.write(b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data)
images = struct.pack(">IIII", 0x803, 2, 3, 4) + bytes(range(24))
open(f"{corpus}/idx_fuzzer/images.idx", "wb").write(images)
open(f"{corpus}/idx_fuzzer/labels.idx.gz", "wb").write(gzip.compress(struct.pack(">II", 0x801, 5) + bytes([1, 2, 3, 4, 5])))
open(f"{corpus}/idx_fuzzer/floats.idx", "wb").write(struct.pack(">II", 0xD01, 3) + struct.pack(">fff", 1.5, -2, 3))
for name, array in {"f32.npy": np.arange(6, dtype=np.float32).reshape(2, 3),
                    "f64_fortran.npy": np.asfortranarray(np.arange(6.0).reshape(2, 3)),
                    "i64.npy": np.arange(4, dtype=np.int64), "f16.npy": np.ones((1, 2), np.float16),
                    "scalar.npy": np.float32(3)}.items():
    np.save(f"{corpus}/npy_fuzzer/{name}", array)
def y4m(name, colourspace, chroma):
    w, h = 4, 2
    frame = bytes(range(w * h)) + bytes(2 * chroma(w, h))
    open(f"{corpus}/y4m_fuzzer/{name}", "wb").write(
        f"YUV4MPEG2 W{w} H{h} F10:1 Ip A1:1 C{colourspace}\n".encode() + 2 * (b"FRAME\n" + frame))
y4m("420.y4m", "420jpeg", lambda w, h: (w // 2) * (h // 2))
y4m("444.y4m", "444", lambda w, h: w * h)
cfg = "[net]\nwidth=8\nheight=8\nchannels=3\n\n[convolutional]\nbatch_normalize=1\nfilters=2\nsize=3\nstride=1\npad=1\nactivation=leaky\n\n[maxpool]\nsize=2\nstride=2\n\n[convolutional]\nfilters=4\nsize=1\nstride=1\nactivation=linear\n"
weights = struct.pack("<iiiQ", 0, 2, 0, 0)
weights += np.arange(2 + 2 + 2 + 2 + 2 * 3 * 9, dtype="<f4").tobytes()  # bias, scale, mean, var, w
weights += np.arange(4 + 4 * 2, dtype="<f4").tobytes()
open(f"{corpus}/darknet_fuzzer/tiny.cfg+weights", "wb").write(cfg.encode() + b"\n@@@\n" + weights)
PY

write $corpus/caffe_fuzzer/net_without_weights.prototxt <<'X'
name: "Tiny"
input: "data"
input_shape { dim: 1 dim: 1 dim: 8 dim: 8 }
layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"
  convolution_param { num_output: 2 kernel_size: 3 pad: 1 } }
layer { name: "relu" type: "ReLU" bottom: "conv" top: "conv" }
layer { name: "pool" type: "Pooling" bottom: "conv" top: "pool"
  pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
layer { name: "ip" type: "InnerProduct" bottom: "pool" top: "ip" inner_product_param { num_output: 3 } }
layer { name: "prob" type: "Softmax" bottom: "ip" top: "prob" }
X

# ONNX: a few of ONNX's own node-test models; the native model file converted from one of them.
nodes=third_party/onnx_node_tests/data/node
for test in conv_with_strides_padding relu gemm_default_single_elem_vector_bias maxpool_2d_pads \
  averagepool_2d_pads batchnorm_example concat_2d_axis_0 softmax_example resize_upsample_scales_nearest; do
  cp "$nodes/test_$test/model.onnx" "$corpus/onnx_fuzzer/$test.onnx"
done
"$sentio" cnn convert --model="$nodes/test_conv_with_strides_padding/model.onnx" \
  --out="$corpus/native_model_fuzzer/conv.model" >/dev/null
"$sentio" cnn convert --model="$nodes/test_gemm_default_single_elem_vector_bias/model.onnx" \
  --out="$corpus/native_model_fuzzer/gemm_fp16.model" --precision=fp16 >/dev/null

# Classifier models trained on the ARFF seed, binary and text.
for classifier in c45 knn nb; do
  "$sentio" train --data="$corpus/arff_fuzzer/sparse.arff" --classifier="$classifier" \
    --out="$corpus/classifier_model_fuzzer/$classifier.model" >/dev/null
done
"$sentio" train --data="$corpus/arff_fuzzer/sparse.arff" --classifier=c45 \
  --out="$corpus/classifier_model_fuzzer/c45.pbtxt" >/dev/null
echo "seeds=$(find $corpus -type f | wc -l)"
