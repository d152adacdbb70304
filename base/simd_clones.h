// SENTIO_SIMD_CLONES marks a hot loop for GCC's target_clones: it is compiled twice, for baseline
// x86-64 (SSE2) and for AVX2, and the dynamic loader picks one for the CPU it runs on (an ifunc),
// so binaries stay portable. Users in features/ rely on both clones giving the same bits: their
// sums are written out lane by lane (GCC does not reorder float sums), and AVX2 brings no fused
// multiply-add. Elsewhere (other compilers or architectures) it is empty.
//
// Under ThreadSanitizer it is empty too: the loader runs an ifunc's resolver while relocating a
// shared library, before TSan's runtime is set up, and the instrumented resolver crashes the test
// before main (the CPU engine's tests did, docs/RELIABILITY.md).
#ifndef BASE_SIMD_CLONES_H_
#define BASE_SIMD_CLONES_H_

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__SANITIZE_THREAD__)
#define SENTIO_SIMD_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define SENTIO_SIMD_CLONES
#endif

#endif  // BASE_SIMD_CLONES_H_
