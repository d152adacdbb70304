// SENTIO_SIMD_CLONES marks a hot function of the audio features for GCC's target_clones: it is
// compiled twice, for baseline x86-64 (SSE2) and for AVX2, and the dynamic loader picks one for the
// CPU it runs on (an ifunc), so binaries stay portable. Both clones give the same bits: the loops'
// sums are written out lane by lane (GCC does not reorder float sums), and AVX2 brings no fused
// multiply-add. Elsewhere (other compilers or architectures) it is empty.
#ifndef FEATURES_SIMD_CLONES_H_
#define FEATURES_SIMD_CLONES_H_

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define SENTIO_SIMD_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define SENTIO_SIMD_CLONES
#endif

#endif  // FEATURES_SIMD_CLONES_H_
