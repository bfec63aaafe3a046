/*
 * UMAP's layout optimisation (umap-learn 0.5.3's `optimize_layout_euclidean`), compiled to WebAssembly
 * SIMD by build.sh and embedded in ../_layout_wasm.ts. The module owns its memory: the caller copies the
 * arrays in at byte offsets it chooses (past `__heap_base`). Embedding rows are padded with zeros to a
 * multiple of 4 floats (`width`), which the updates keep at zero. No libc: x^b comes from tables filled by
 * the polynomials below.
 */
#include <stdint.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))
#define MAX_VECTORS 16 /* rows of at most 64 floats */

static inline uint64_t bits_of(double x) { return __builtin_bit_cast(uint64_t, x); }
static inline double double_of(uint64_t u) { return __builtin_bit_cast(double, u); }

/* log2 of a positive normal x: x = 2^e (1 + f) with 1 + f in [sqrt(1/2), sqrt(2)), log2(1 + f) = f q(f)
 * with q a degree-8 least-squares fit (absolute error below 4e-8), evaluated in Estrin's order. */
static inline double log2_positive(double x) {
  uint64_t u = bits_of(x);
  int e = (int)((u >> 52) & 0x7ff) - 1023;
  double m = double_of((u & 0x000fffffffffffffull) | 0x3ff0000000000000ull);
  if (m > 1.4142135623730951) {
    m *= 0.5;
    e += 1;
  }
  double f = m - 1.0, f2 = f * f, f4 = f2 * f2;
  double q01 = 1.442695014839767 - 0.7213474398355855 * f;
  double q23 = 0.48090793784130054 - 0.36069330981479153 * f;
  double q45 = 0.28800520315369627 - 0.23924569896161316 * f;
  double q67 = 0.21508739266028298 - 0.20480544953800683 * f;
  double q = (q01 + q23 * f2) + (q45 + q67 * f2) * f4 + 0.12453901965317524 * f4 * f4;
  return (double)e + f * q;
}

/* 2^y for |y| <= 1000: y = k + r with |r| <= 1/2, 2^r by a degree-6 fit (relative error below 7e-9). */
static inline double exp2_bounded(double y) {
  double k = __builtin_nearbyint(y);
  double r = y - k, r2 = r * r, r4 = r2 * r2;
  double p01 = 0.9999999999718442 + 0.6931472000626798 * r;
  double p23 = 0.24022651101315823 + 0.05550340680745858 * r;
  double p45 = 0.00961803994579111 + 0.0013395279800210512 * r;
  double p = (p01 + p23 * r2) + (p45 + 0.00015465312368733225 * r2) * r4;
  return p * double_of((uint64_t)((int64_t)k + 1023) << 52);
}

/* x^b for x > 0 from two tables filled for the current b: 2^(b e) for every double exponent e, and m^b on
 * [1, 2] at 1024 + 1 points, interpolated linearly (relative error below 3e-8 for b <= 1, 1e-7 at b = 1.5,
 * 2.2e-7 at b = 1.93: float32's precision or near it). The exact evaluation (log2 and exp2 above) sits on
 * the hot loop's dependency chain; two loads do not. */
#define MANTISSA_STEPS 1024
static double pow_of_exponent[2048];
static double pow_of_mantissa[MANTISSA_STEPS + 1];

static void fill_pow_tables(double b) {
  for (int e = 0; e < 2048; e++) {
    double y = b * (e - 1023);
    pow_of_exponent[e] = exp2_bounded(y > 1000.0 ? 1000.0 : y < -1000.0 ? -1000.0 : y);
  }
  for (int i = 0; i <= MANTISSA_STEPS; i++) {
    pow_of_mantissa[i] = exp2_bounded(b * log2_positive(1.0 + (double)i / MANTISSA_STEPS));
  }
}

static inline double pow_positive(double x) {
  uint64_t u = bits_of(x);
  uint64_t fraction = u & 0x000fffffffffffffull;
  int i = (int)(fraction >> 42); /* the top 10 bits of the mantissa */
  double t = (double)(fraction & 0x3ffffffffffull) * (1.0 / 4398046511104.0); /* the rest, in [0, 1) */
  double lo = pow_of_mantissa[i], hi = pow_of_mantissa[i + 1];
  return pow_of_exponent[(u >> 52) & 0x7ff] * (lo + (hi - lo) * t);
}

static inline float sum_lanes(v128_t v) {
  return wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1) + wasm_f32x4_extract_lane(v, 2) +
         wasm_f32x4_extract_lane(v, 3);
}

/* Runs epochs [epoch_begin, epoch_end) of n_epochs. `next_sample`, `next_negative` and the generator state
 * `taus` (3 words) carry over between calls, so a run split into calls equals one call. Rows are `width`
 * floats apart (a multiple of 4, at most 64), of which the first `dim` are the embedding. */
EXPORT(optimize_layout)
void optimize_layout(float* head, float* tail, const int32_t* heads, const int32_t* tails,
                     const double* epochs_per_sample, double* next_sample, double* next_negative,
                     int n_edges, int n_tail, int dim, int width, double a, double b, int epoch_begin, int epoch_end,
                     int n_epochs, double initial_alpha, int negative_sample_rate, double gamma, int move_other,
                     uint32_t* taus) {
  fill_pow_tables(b);
  uint32_t s0 = taus[0], s1 = taus[1], s2 = taus[2];
  const int self_layout = head == tail;
  const int nv = width / 4;
  const double two_ab = 2.0 * a * b;
  const double two_gamma_b = 2.0 * gamma * b;
  const v128_t lo = wasm_f32x4_splat(-4.0f), hi = wasm_f32x4_splat(4.0f);
  v128_t diff[MAX_VECTORS];
  /* The coincident-row push moves the first `dim` lanes only. */
  const int last = dim - 4 * (nv - 1);
  const v128_t last_lanes = wasm_i32x4_make(-1, last > 1 ? -1 : 0, last > 2 ? -1 : 0, last > 3 ? -1 : 0);
  for (int epoch = epoch_begin; epoch < epoch_end; epoch++) {
    /* umap-learn updates the rate after each epoch: epochs 0 and 1 both run at the initial rate. */
    const float alpha = (float)(initial_alpha * (1.0 - (epoch > 1 ? epoch - 1 : 0) / (double)n_epochs));
    const v128_t alpha4 = wasm_f32x4_splat(alpha);
    for (int e = 0; e < n_edges; e++) {
      if (next_sample[e] > epoch) continue;
      const int j = heads[e];
      float* current = head + (long)j * width;
      float* other = tail + (long)tails[e] * width;
      v128_t acc = wasm_f32x4_splat(0.0f);
      for (int v = 0; v < nv; v++) {
        diff[v] = wasm_f32x4_sub(wasm_v128_load(current + 4 * v), wasm_v128_load(other + 4 * v));
        acc = wasm_f32x4_add(acc, wasm_f32x4_mul(diff[v], diff[v]));
      }
      const double d2 = sum_lanes(acc);
      if (d2 > 0.0) {
        const double pw = pow_positive(d2);
        const v128_t coeff = wasm_f32x4_splat((float)((-two_ab * pw / d2) / (a * pw + 1.0)));
        for (int v = 0; v < nv; v++) {
          v128_t g = wasm_f32x4_mul(wasm_f32x4_pmax(wasm_f32x4_pmin(wasm_f32x4_mul(coeff, diff[v]), hi), lo),
                                    alpha4);
          wasm_v128_store(current + 4 * v, wasm_f32x4_add(wasm_v128_load(current + 4 * v), g));
          if (move_other) wasm_v128_store(other + 4 * v, wasm_f32x4_sub(wasm_v128_load(other + 4 * v), g));
        }
      }
      next_sample[e] += epochs_per_sample[e];
      if (negative_sample_rate <= 0) continue;
      const double per_negative = epochs_per_sample[e] / negative_sample_rate;
      const int n_negative = (int)__builtin_floor((epoch - next_negative[e]) / per_negative);
      for (int p = 0; p < n_negative; p++) {
        s0 = ((s0 & 0xfffffffeu) << 12) ^ (((s0 << 13) ^ s0) >> 19);
        s1 = ((s1 & 0xfffffff8u) << 4) ^ (((s1 << 2) ^ s1) >> 25);
        s2 = ((s2 & 0xfffffff0u) << 17) ^ (((s2 << 3) ^ s2) >> 11);
        /* A uniform row by scaling the 32-bit draw (umap-learn takes the remainder). */
        const int k = (int)(((uint64_t)(s0 ^ s1 ^ s2) * (uint64_t)n_tail) >> 32);
        if (k == j && self_layout) continue;
        const float* sample = tail + (long)k * width;
        acc = wasm_f32x4_splat(0.0f);
        for (int v = 0; v < nv; v++) {
          diff[v] = wasm_f32x4_sub(wasm_v128_load(current + 4 * v), wasm_v128_load(sample + 4 * v));
          acc = wasm_f32x4_add(acc, wasm_f32x4_mul(diff[v], diff[v]));
        }
        const double n2 = sum_lanes(acc);
        v128_t step;
        /* With repulsion_strength 0 the coefficient is 0 and the row does not move; umap-learn pushes it by
         * the clip bound then, as if it were coincident. */
        if (n2 > 0.0) {
          const v128_t coeff =
              wasm_f32x4_splat((float)(two_gamma_b / ((0.001 + n2) * (a * pow_positive(n2) + 1.0))));
          for (int v = 0; v < nv; v++) {
            step = wasm_f32x4_mul(wasm_f32x4_pmax(wasm_f32x4_pmin(wasm_f32x4_mul(coeff, diff[v]), hi), lo), alpha4);
            wasm_v128_store(current + 4 * v, wasm_f32x4_add(wasm_v128_load(current + 4 * v), step));
          }
        } else if (j != k) {
          /* Coincident with another row: umap-learn pushes by the clip bound along every axis. */
          step = wasm_f32x4_mul(hi, alpha4);
          for (int v = 0; v < nv; v++) {
            v128_t push = v == nv - 1 ? wasm_v128_and(step, last_lanes) : step;
            wasm_v128_store(current + 4 * v, wasm_f32x4_add(wasm_v128_load(current + 4 * v), push));
          }
        }
      }
      next_negative[e] += n_negative * per_negative;
    }
  }
  taus[0] = s0;
  taus[1] = s1;
  taus[2] = s2;
}
