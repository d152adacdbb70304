# Matches the boxes of two `sentio cnn detect` outputs: FILE1 the reference, FILE2 the other.
# A box of FILE2 matches a box of FILE1 in the same frame with the same class and IoU >= 0.5
# (each reference box matched once). Prints "reference=N other=M matched=K".
#   awk -f tests/match_detections.awk REFERENCE OTHER
function field(name,    i) {
  for (i = 1; i <= NF; ++i) if (index($i, name "=") == 1) return substr($i, length(name) + 2)
  return ""
}
function iou(a, b,    l, t, r, bt, inter, area_a, area_b) {
  split(a, A, " "); split(b, B, " ")
  l = A[1] > B[1] ? A[1] : B[1]; t = A[2] > B[2] ? A[2] : B[2]
  r = A[1] + A[3] < B[1] + B[3] ? A[1] + A[3] : B[1] + B[3]
  bt = A[2] + A[4] < B[2] + B[4] ? A[2] + A[4] : B[2] + B[4]
  inter = (r > l && bt > t) ? (r - l) * (bt - t) : 0
  area_a = A[3] * A[4]; area_b = B[3] * B[4]
  return inter > 0 ? inter / (area_a + area_b - inter) : 0
}
/^frame=/ {
  key = field("frame") " " field("class")
  box = field("left") " " field("top") " " field("width") " " field("height")
  if (FNR == NR) { reference[key, ++count[key]] = box; ++references; next }
  ++others
  for (i = 1; i <= count[key]; ++i) {
    if (!used[key, i] && iou(reference[key, i], box) >= 0.5) { used[key, i] = 1; ++matched; break }
  }
}
END { printf "reference=%d other=%d matched=%d\n", references, others, matched }
