// The environment every launcher gives the API process (npm start, start:prod, the city set-up,
// the benchmarks). glibc keeps freed image buffers in per-thread heaps; with allocations above
// 128 KB mapped and unmapped directly, and two heaps instead of one per thread, four 12-megapixel
// photo uploads at once leave the API under 300 MB of RSS instead of ~500 MB
// (bench/photos.bench.mjs, docs/benchmarks.md). glibc reads these when the process starts, so the
// server cannot set them itself. Values already in the environment win.
export const serverProcessEnv = (env = process.env) => ({
  MALLOC_MMAP_THRESHOLD_: '131072',
  MALLOC_ARENA_MAX: '2',
  ...env,
});
