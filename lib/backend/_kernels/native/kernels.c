/*
 * Native helper kernels for lib/backend (tfjs-backend-wasm training kernels).
 *
 * Compiled to a tiny WebAssembly module that imports tfjs-backend-wasm's own linear memory, so every
 * pointer below is a byte offset into the tensors tfjs already holds. The module must have no data
 * segment and use no stack (tfjs owns all of memory): no static data, no local arrays, no calls to libc.
 * build.sh checks both. Every kernel reproduces the tfjs `cpu` backend's semantics.
 */
#include <stdint.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

static inline void zero_f32(float* p, int n) { __builtin_memset(p, 0, (unsigned long)n * 4u); }

/* Loads k (1 to 3) floats into the low lanes of a vector, zeroing the rest; never reads past p + k. */
static inline v128_t load_partial(const float* p, int k) {
  if (k == 1) return wasm_v128_load32_zero(p);
  v128_t v = wasm_v128_load64_zero(p);
  return k == 2 ? v : wasm_f32x4_replace_lane(v, 2, p[2]);
}

/* Dropout mask: scale (kept) or 0 (dropped); two 16-bit decisions per 32-bit draw of a counter-based
 * hash. Keeps an entry when its 16-bit draw is >= threshold16 = round(rate * 65536). Returns the state. */
EXPORT(dropout_mask)
uint32_t dropout_mask(float* out, int n, int threshold16, float scale, uint32_t state) {
  int i = 0;
  for (; i + 1 < n; i += 2) {
    state += 0x9e3779b9u;
    uint32_t t = state ^ (state >> 16);
    t *= 0x21f0aaadu;
    t ^= t >> 15;
    t *= 0x735a2d97u;
    t ^= t >> 15;
    out[i] = (int)(t & 0xffffu) >= threshold16 ? scale : 0.0f;
    out[i + 1] = (int)(t >> 16) >= threshold16 ? scale : 0.0f;
  }
  if (i < n) {
    state += 0x9e3779b9u;
    uint32_t t = state ^ (state >> 16);
    t *= 0x21f0aaadu;
    t ^= t >> 15;
    t *= 0x735a2d97u;
    t ^= t >> 15;
    out[i] = (int)(t & 0xffffu) >= threshold16 ? scale : 0.0f;
  }
  return state;
}

/* MaxPoolGrad fast path: non-overlapping fh x fw windows (stride >= window, no dilation) lying fully inside
 * the input, SIMD over channels. For each window the first strict maximum is found with vector compares,
 * then every window position is written (dy where it is the argmax, 0 elsewhere). Returns 0 when a window
 * is clipped by padding (the caller then uses the general kernel). */
static int max_pool_grad_tiled(const float* x, const float* dy, float* dx, int n, int h, int w, int c, int oh,
                               int ow, int sh, int sw, int fh, int fw, int pad_top, int pad_left) {
  if (pad_top != 0 || pad_left != 0 || (oh - 1) * sh + fh > h || (ow - 1) * sw + fw > w) return 0;
  if (sh < fh || sw < fw) return 0;
  if (sh != fh || sw != fw || oh * sh != h || ow * sw != w) zero_f32(dx, n * h * w * c);
  const v128_t neg_inf = wasm_f32x4_splat(-__builtin_inff());
  const v128_t none = wasm_i32x4_splat(-1);
  const float* g = dy;
  for (int b = 0; b < n; b++) {
    for (int r = 0; r < oh; r++) {
      for (int q = 0; q < ow; q++, g += c) {
        const int corner = ((b * h + r * sh) * w + q * sw) * c;
        int d = 0;
        for (; d + 4 <= c; d += 4) {
          v128_t best = neg_inf;
          v128_t at = none;
          for (int i = 0; i < fh; i++) {
            for (int j = 0; j < fw; j++) {
              const v128_t v = wasm_v128_load(x + corner + (i * w + j) * c + d);
              const v128_t gt = wasm_f32x4_gt(v, best);
              best = wasm_v128_bitselect(v, best, gt);
              at = wasm_v128_bitselect(wasm_i32x4_splat(i * fw + j), at, gt);
            }
          }
          const v128_t grad = wasm_v128_load(g + d);
          for (int i = 0; i < fh; i++) {
            for (int j = 0; j < fw; j++) {
              const v128_t hit = wasm_i32x4_eq(at, wasm_i32x4_splat(i * fw + j));
              wasm_v128_store(dx + corner + (i * w + j) * c + d, wasm_v128_and(grad, hit));
            }
          }
        }
        for (; d < c; d++) {
          float best = -__builtin_inff();
          int at = -1;
          for (int i = 0; i < fh; i++) {
            for (int j = 0; j < fw; j++) {
              const float v = x[corner + (i * w + j) * c + d];
              const int gt = v > best;
              best = gt ? v : best;
              at = gt ? i * fw + j : at;
            }
          }
          for (int i = 0; i < fh; i++) {
            for (int j = 0; j < fw; j++) dx[corner + (i * w + j) * c + d] = at == i * fw + j ? g[d] : 0.0f;
          }
        }
      }
    }
  }
  return 1;
}

/* MaxPoolGrad, NHWC: each dy goes to the first strict maximum of its window (row-major window order),
 * windows with no value above -Infinity (all -Infinity or NaN) route nothing, as in tfjs cpu. */
EXPORT(max_pool_grad)
void max_pool_grad(const float* x, const float* dy, float* dx, int n, int h, int w, int c, int oh, int ow,
                   int sh, int sw, int dh, int dw, int eff_h, int eff_w, int pad_top, int pad_left) {
  if (dh == 1 && dw == 1 &&
      max_pool_grad_tiled(x, dy, dx, n, h, w, c, oh, ow, sh, sw, eff_h, eff_w, pad_top, pad_left)) {
    return;
  }
  zero_f32(dx, n * h * w * c);
  const float neg_inf = -__builtin_inff();
  int g = 0;
  for (int b = 0; b < n; b++) {
    const int image = b * h * w * c;
    for (int r = 0; r < oh; r++) {
      const int r_corner = r * sh - pad_top;
      int r_min = r_corner;
      while (r_min < 0) r_min += dh;
      const int r_max = eff_h + r_corner < h ? eff_h + r_corner : h;
      for (int q = 0; q < ow; q++) {
        const int c_corner = q * sw - pad_left;
        int c_min = c_corner;
        while (c_min < 0) c_min += dw;
        const int c_max = eff_w + c_corner < w ? eff_w + c_corner : w;
        for (int d = 0; d < c; d++, g++) {
          float best = neg_inf;
          int at = -1;
          for (int xr = r_min; xr < r_max; xr += dh) {
            int idx = image + (xr * w + c_min) * c + d;
            for (int xc = c_min; xc < c_max; xc += dw, idx += dw * c) {
              /* Branch-free: the comparisons are data-dependent and mispredict half the time. */
              const float v = x[idx];
              const int gt = v > best;
              best = gt ? v : best;
              at = gt ? idx : at;
            }
          }
          if (at >= 0) dx[at] += dy[g];
        }
      }
    }
  }
}

static inline int source_index(int i, int in_size, int out_size, int align_corners) {
  const double eff_in = align_corners && out_size > 1 ? in_size - 1 : in_size;
  const double eff_out = align_corners && out_size > 1 ? out_size - 1 : out_size;
  const double frac = (double)i * (eff_in / eff_out);
  const int s = (int)(align_corners ? __builtin_floor(frac + 0.5) : __builtin_floor(frac));
  return s < in_size - 1 ? s : in_size - 1;
}

/* ResizeNearestNeighborGrad, NHWC, no half-pixel centers: dy scattered onto its source pixel. */
EXPORT(resize_nearest_neighbor_grad)
void resize_nearest_neighbor_grad(const float* dy, float* dx, int n, int h, int w, int c, int oh, int ow,
                                  int align_corners) {
  zero_f32(dx, n * h * w * c);
  int g = 0;
  for (int b = 0; b < n; b++) {
    for (int r = 0; r < oh; r++) {
      const int row = (b * h + source_index(r, h, oh, align_corners)) * w;
      for (int q = 0; q < ow; q++) {
        float* out = dx + (row + source_index(q, w, ow, align_corners)) * c;
        const float* in = dy + g;
        int d = 0;
        for (; d + 4 <= c; d += 4) {
          wasm_v128_store(out + d, wasm_f32x4_add(wasm_v128_load(out + d), wasm_v128_load(in + d)));
        }
        for (; d < c; d++) out[d] += in[d];
        g += c;
      }
    }
  }
}

/* Column sums of a row-major [rows, cols] matrix: blocks of 64 rows are summed in float32, blocks are
 * accumulated in float64 (acc: cols doubles of scratch). */
EXPORT(sum_rows)
void sum_rows(const float* x, float* out, double* acc, int rows, int cols) {
  for (int j = 0; j < cols; j++) acc[j] = 0.0;
  for (int r0 = 0; r0 < rows; r0 += 64) {
    const int r1 = r0 + 64 < rows ? r0 + 64 : rows;
    int j = 0;
    for (; j + 4 <= cols; j += 4) {
      v128_t s = wasm_f32x4_splat(0.0f);
      for (int r = r0; r < r1; r++) s = wasm_f32x4_add(s, wasm_v128_load(x + (long)r * cols + j));
      v128_t lo = wasm_f64x2_add(wasm_v128_load(acc + j), wasm_f64x2_promote_low_f32x4(s));
      v128_t hi = wasm_f64x2_add(wasm_v128_load(acc + j + 2),
                                 wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(s, s, 2, 3, 0, 1)));
      wasm_v128_store(acc + j, lo);
      wasm_v128_store(acc + j + 2, hi);
    }
    for (; j < cols; j++) {
      float s = 0.0f;
      for (int r = r0; r < r1; r++) s += x[(long)r * cols + j];
      acc[j] += s;
    }
  }
  for (int j = 0; j < cols; j++) out[j] = (float)acc[j];
}

/* Transposed im2col from a channel-major [C, N, H, W] source into P[(i * fw + j) * C + c, (b, r, q)]. */
EXPORT(im2col_t)
void im2col_t(const float* x, float* p, int c, int n, int h, int w, int fh, int fw, int sh, int sw, int dh,
              int dw, int pad_top, int pad_left, int oh, int ow) {
  const int plane = h * w;
  float* o = p;
  for (int i = 0; i < fh; i++) {
    const int dr = i * dh - pad_top;
    for (int j = 0; j < fw; j++) {
      const int dc = j * dw - pad_left;
      int q0 = 0;
      while (q0 < ow && q0 * sw + dc < 0) q0++;
      int q1 = ow;
      while (q1 > q0 && (q1 - 1) * sw + dc >= w) q1--;
      for (int ch = 0; ch < c; ch++) {
        for (int b = 0; b < n; b++) {
          const float* base = x + (ch * n + b) * plane;
          for (int r = 0; r < oh; r++) {
            const int xr = r * sh + dr;
            if (xr < 0 || xr >= h) {
              zero_f32(o, ow);
              o += ow;
              continue;
            }
            int q = 0;
            for (; q < q0; q++) *o++ = 0.0f;
            const float* src = base + xr * w + q0 * sw + dc;
            if (sw == 1) {
              for (; q < q1; q++) *o++ = *src++;
            } else {
              for (; q < q1; q++, src += sw) *o++ = *src;
            }
            for (; q < ow; q++) *o++ = 0.0f;
          }
        }
      }
    }
  }
}

/* ResizeNearestNeighbor, NHWC, with tfjs cpu's source map (alignCorners, halfPixelCenters). */
static inline int forward_source(int i, int in_size, int out_size, int align_corners, int half_pixel) {
  const double eff_in = align_corners && out_size > 1 ? in_size - 1 : in_size;
  const double eff_out = align_corners && out_size > 1 ? out_size - 1 : out_size;
  const double ratio = eff_in / eff_out;
  const double frac = half_pixel ? ratio * ((double)i + 0.5) : ratio * (double)i;
  int s = (int)(align_corners ? __builtin_floor(frac + 0.5) : __builtin_floor(frac));
  s = s < in_size - 1 ? s : in_size - 1;
  return half_pixel && s < 0 ? 0 : s;
}

EXPORT(resize_nearest_neighbor)
void resize_nearest_neighbor(const float* x, float* y, int n, int h, int w, int c, int oh, int ow,
                             int align_corners, int half_pixel) {
  for (int b = 0; b < n; b++) {
    for (int r = 0; r < oh; r++) {
      const int row = (b * h + forward_source(r, h, oh, align_corners, half_pixel)) * w;
      for (int q = 0; q < ow; q++) {
        const float* in = x + (row + forward_source(q, w, ow, align_corners, half_pixel)) * c;
        int d = 0;
        for (; d + 4 <= c; d += 4) wasm_v128_store(y + d, wasm_v128_load(in + d));
        for (; d < c; d++) y[d] = in[d];
        y += c;
      }
    }
  }
}

static inline float hsum(v128_t a) {
  return wasm_f32x4_extract_lane(a, 0) + wasm_f32x4_extract_lane(a, 1) + wasm_f32x4_extract_lane(a, 2) +
         wasm_f32x4_extract_lane(a, 3);
}

/* One output value of conv2d_few_out, with bounds checks (border pixels). */
static inline float conv_point(const float* x, const float* f, int b, int r, int q, int c, int h, int w,
                               int ci, int fh, int fw, int sh, int sw, int dh, int dw, int pad_top,
                               int pad_left) {
  v128_t acc = wasm_f32x4_splat(0.0f);
  for (int i = 0; i < fh; i++) {
    const int xr = r * sh + i * dh - pad_top;
    if (xr < 0 || xr >= h) continue;
    for (int j = 0; j < fw; j++) {
      const int xc = q * sw + j * dw - pad_left;
      if (xc < 0 || xc >= w) continue;
      const float* xp = x + ((b * h + xr) * w + xc) * ci;
      const float* fp = f + ((c * fh + i) * fw + j) * ci;
      int k = 0;
      for (; k + 4 <= ci; k += 4) {
        acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(xp + k), wasm_v128_load(fp + k)));
      }
      if (k < ci) {
        acc = wasm_f32x4_add(acc, wasm_f32x4_mul(load_partial(xp + k, ci - k), load_partial(fp + k, ci - k)));
      }
    }
  }
  return hsum(acc);
}

/* Direct NHWC convolution for few output channels, SIMD over input channels. f is the filter as
 * [co, fh, fw, ci]; bias may be 0 (none) and have 1 or co entries; optional ReLU. Interior pixels go four
 * at a time, sharing each filter vector load. */
EXPORT(conv2d_few_out)
void conv2d_few_out(const float* x, const float* f, const float* bias, int bias_size, float* y, int n, int h,
                    int w, int ci, int co, int fh, int fw, int sh, int sw, int dh, int dw, int pad_top,
                    int pad_left, int oh, int ow, int relu) {
  /* Interior columns: every tap column inside [0, w) for q in [q_lo, q_hi). */
  int q_lo = 0;
  while (q_lo < ow && q_lo * sw - pad_left < 0) q_lo++;
  int q_hi = ow;
  while (q_hi > q_lo && (q_hi - 1) * sw + (fw - 1) * dw - pad_left >= w) q_hi--;
  const int full = ci / 4 * 4;
  const int tail = ci - full;
  for (int b = 0; b < n; b++) {
    for (int r = 0; r < oh; r++) {
      float* row = y + ((b * oh + r) * ow) * co;
      for (int c = 0; c < co; c++) {
        const float add = bias ? bias[bias_size == 1 ? 0 : c] : 0.0f;
        int q = 0;
        for (; q < q_lo && q < ow; q++) {
          const float s = conv_point(x, f, b, r, q, c, h, w, ci, fh, fw, sh, sw, dh, dw, pad_top, pad_left) + add;
          row[q * co + c] = relu && s < 0.0f ? 0.0f : s;
        }
        for (; q + 4 <= q_hi; q += 4) {
          v128_t a0 = wasm_f32x4_splat(0.0f), a1 = a0, a2 = a0, a3 = a0;
          for (int i = 0; i < fh; i++) {
            const int xr = r * sh + i * dh - pad_top;
            if (xr < 0 || xr >= h) continue;
            for (int j = 0; j < fw; j++) {
              const float* xp = x + ((b * h + xr) * w + q * sw + j * dw - pad_left) * ci;
              const float* fp = f + ((c * fh + i) * fw + j) * ci;
              const int step = sw * ci;
              int k = 0;
              for (; k < full; k += 4) {
                const v128_t fv = wasm_v128_load(fp + k);
                a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_v128_load(xp + k), fv));
                a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(wasm_v128_load(xp + step + k), fv));
                a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(wasm_v128_load(xp + 2 * step + k), fv));
                a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(wasm_v128_load(xp + 3 * step + k), fv));
              }
              if (tail) {
                const v128_t fv = load_partial(fp + k, tail);
                a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(load_partial(xp + k, tail), fv));
                a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(load_partial(xp + step + k, tail), fv));
                a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(load_partial(xp + 2 * step + k, tail), fv));
                a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(load_partial(xp + 3 * step + k, tail), fv));
              }
            }
          }
          const float s0 = hsum(a0) + add, s1 = hsum(a1) + add, s2 = hsum(a2) + add, s3 = hsum(a3) + add;
          row[q * co + c] = relu && s0 < 0.0f ? 0.0f : s0;
          row[(q + 1) * co + c] = relu && s1 < 0.0f ? 0.0f : s1;
          row[(q + 2) * co + c] = relu && s2 < 0.0f ? 0.0f : s2;
          row[(q + 3) * co + c] = relu && s3 < 0.0f ? 0.0f : s3;
        }
        for (; q < ow; q++) {
          const float s = conv_point(x, f, b, r, q, c, h, w, ci, fh, fw, sh, sw, dh, dw, pad_top, pad_left) + add;
          row[q * co + c] = relu && s < 0.0f ? 0.0f : s;
        }
      }
    }
  }
}

/* Loads the chunk's vector v (of nv) at p: a full vector, or the last `tail` lanes zero-filled. */
static inline v128_t chunk_load(const float* p, int v, int nv, int tail) {
  return v == nv - 1 && tail < 4 ? load_partial(p + 4 * v, tail) : wasm_v128_load(p + 4 * v);
}

/* Stores the chunk's vector v (of nv) at p, `tail` lanes only for the last one. */
static inline void chunk_store(float* p, int v, int nv, int tail, v128_t a) {
  if (v < nv - 1 || tail == 4) {
    wasm_v128_store(p + 4 * v, a);
    return;
  }
  p[4 * v] = wasm_f32x4_extract_lane(a, 0);
  if (tail > 1) p[4 * v + 1] = wasm_f32x4_extract_lane(a, 1);
  if (tail > 2) p[4 * v + 2] = wasm_f32x4_extract_lane(a, 2);
}

/* The output columns q whose tap column q*sw + j*dw - pad_left lies in [0, w): [*q0, *q1). */
static inline void valid_columns(int j, int w, int ow, int sw, int dw, int pad_left, int* q0, int* q1) {
  const int dc = j * dw - pad_left;
  int a = 0;
  while (a < ow && a * sw + dc < 0) a++;
  int b = ow;
  while (b > a && (b - 1) * sw + dc >= w) b--;
  *q0 = a;
  *q1 = b;
}

/* Conv2DBackpropFilter for a single input channel, SIMD over output channels (chunks of 16):
 * dw[i, j, 0, c] = sum over (b, r, q) of x[b, r*sh + i*dh - pad_top, q*sw + j*dwl - pad_left] * dy[b, r, q, c]. */
EXPORT(conv2d_backprop_filter_single_in)
void conv2d_backprop_filter_single_in(const float* x, const float* dy, float* dw, int n, int h, int w, int oh,
                                      int ow, int co, int fh, int fw, int sh, int sw, int dh, int dwl,
                                      int pad_top, int pad_left) {
  for (int co0 = 0; co0 < co; co0 += 16) {
    const int lanes = co - co0 < 16 ? co - co0 : 16;
    const int nv = (lanes + 3) / 4;
    const int tail = lanes - 4 * (nv - 1);
    for (int i = 0; i < fh; i++) {
      for (int j = 0; j < fw; j++) {
        int q0, q1;
        valid_columns(j, w, ow, sw, dwl, pad_left, &q0, &q1);
        v128_t a0 = wasm_f32x4_splat(0.0f), a1 = a0, a2 = a0, a3 = a0;
        for (int b = 0; b < n; b++) {
          for (int r = 0; r < oh; r++) {
            const int xr = r * sh + i * dh - pad_top;
            if (xr < 0 || xr >= h) continue;
            const float* xp = x + (b * h + xr) * w + q0 * sw + j * dwl - pad_left;
            const float* d = dy + ((b * oh + r) * ow + q0) * co + co0;
            for (int q = q0; q < q1; q++, xp += sw, d += co) {
              const v128_t s = wasm_f32x4_splat(*xp);
              a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(s, chunk_load(d, 0, nv, tail)));
              if (nv > 1) a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(s, chunk_load(d, 1, nv, tail)));
              if (nv > 2) a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(s, chunk_load(d, 2, nv, tail)));
              if (nv > 3) a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(s, chunk_load(d, 3, nv, tail)));
            }
          }
        }
        float* out = dw + (i * fw + j) * co + co0;
        chunk_store(out, 0, nv, tail, a0);
        if (nv > 1) chunk_store(out, 1, nv, tail, a1);
        if (nv > 2) chunk_store(out, 2, nv, tail, a2);
        if (nv > 3) chunk_store(out, 3, nv, tail, a3);
      }
    }
  }
}

/* Conv2DBackpropFilter for a single output channel, SIMD over input channels (chunks of 16):
 * dw[i, j, c, 0] = sum over (b, r, q) of dy[b, r, q, 0] * x[b, r*sh + i*dh - pad_top, q*sw + j*dwl - pad_left, c]. */
EXPORT(conv2d_backprop_filter_single_out)
void conv2d_backprop_filter_single_out(const float* x, const float* dy, float* dw, int n, int h, int w, int ci,
                                       int oh, int ow, int fh, int fw, int sh, int sw, int dh, int dwl,
                                       int pad_top, int pad_left) {
  for (int ci0 = 0; ci0 < ci; ci0 += 16) {
    const int lanes = ci - ci0 < 16 ? ci - ci0 : 16;
    const int nv = (lanes + 3) / 4;
    const int tail = lanes - 4 * (nv - 1);
    for (int i = 0; i < fh; i++) {
      for (int j = 0; j < fw; j++) {
        int q0, q1;
        valid_columns(j, w, ow, sw, dwl, pad_left, &q0, &q1);
        v128_t a0 = wasm_f32x4_splat(0.0f), a1 = a0, a2 = a0, a3 = a0;
        for (int b = 0; b < n; b++) {
          for (int r = 0; r < oh; r++) {
            const int xr = r * sh + i * dh - pad_top;
            if (xr < 0 || xr >= h) continue;
            const float* xp = x + ((b * h + xr) * w + q0 * sw + j * dwl - pad_left) * ci + ci0;
            const float* d = dy + (b * oh + r) * ow + q0;
            for (int q = q0; q < q1; q++, xp += sw * ci, d++) {
              const v128_t s = wasm_f32x4_splat(*d);
              a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(s, chunk_load(xp, 0, nv, tail)));
              if (nv > 1) a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(s, chunk_load(xp, 1, nv, tail)));
              if (nv > 2) a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(s, chunk_load(xp, 2, nv, tail)));
              if (nv > 3) a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(s, chunk_load(xp, 3, nv, tail)));
            }
          }
        }
        float* out = dw + (i * fw + j) * ci + ci0;
        chunk_store(out, 0, nv, tail, a0);
        if (nv > 1) chunk_store(out, 1, nv, tail, a1);
        if (nv > 2) chunk_store(out, 2, nv, tail, a2);
        if (nv > 3) chunk_store(out, 3, nv, tail, a3);
      }
    }
  }
}

/* One Adam step, exactly tfjs's AdamOptimizer arithmetic in float32 (same operation order):
 * m2 = m*beta1 + g*c1, v2 = v*beta2 + (g*g)*c2, w2 = w + ((m2/omab1) / (sqrt(v2/omab2) + eps)) * neg_lr,
 * with c1 = 1 - beta1, c2 = 1 - beta2, omab = 1 - beta^t, neg_lr = -learning rate (all float32). */
EXPORT(adam_update)
void adam_update(const float* w, const float* g, const float* m, const float* v, float* w2, float* m2, float* v2,
                 int n, float beta1, float c1, float beta2, float c2, float omab1, float omab2, float eps,
                 float neg_lr) {
  const v128_t b1 = wasm_f32x4_splat(beta1), k1 = wasm_f32x4_splat(c1);
  const v128_t b2 = wasm_f32x4_splat(beta2), k2 = wasm_f32x4_splat(c2);
  const v128_t o1 = wasm_f32x4_splat(omab1), o2 = wasm_f32x4_splat(omab2);
  const v128_t e = wasm_f32x4_splat(eps), lr = wasm_f32x4_splat(neg_lr);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const v128_t gi = wasm_v128_load(g + i);
    const v128_t mi = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(m + i), b1), wasm_f32x4_mul(gi, k1));
    const v128_t vi =
        wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(v + i), b2), wasm_f32x4_mul(wasm_f32x4_mul(gi, gi), k2));
    const v128_t step = wasm_f32x4_div(wasm_f32x4_div(mi, o1), wasm_f32x4_add(wasm_f32x4_sqrt(wasm_f32x4_div(vi, o2)), e));
    wasm_v128_store(m2 + i, mi);
    wasm_v128_store(v2 + i, vi);
    wasm_v128_store(w2 + i, wasm_f32x4_add(wasm_f32x4_mul(step, lr), wasm_v128_load(w + i)));
  }
  for (; i < n; i++) {
    const float gi = g[i];
    const float mi = m[i] * beta1 + gi * c1;
    const float vi = v[i] * beta2 + (gi * gi) * c2;
    m2[i] = mi;
    v2[i] = vi;
    w2[i] = ((mi / omab1) / (__builtin_sqrtf(vi / omab2) + eps)) * neg_lr + w[i];
  }
}

/* Transposes a row-major [rows, cols] matrix of 4-byte elements into [cols, rows]: 32x32 tiles, 4x4 SIMD
 * blocks inside them (bit moves only, so float32 and int32 alike). */
EXPORT(transpose2d)
void transpose2d(const float* src, float* dst, int rows, int cols) {
  for (int r0 = 0; r0 < rows; r0 += 32) {
    const int r1 = r0 + 32 < rows ? r0 + 32 : rows;
    for (int c0 = 0; c0 < cols; c0 += 32) {
      const int c1 = c0 + 32 < cols ? c0 + 32 : cols;
      int r = r0;
      for (; r + 4 <= r1; r += 4) {
        const float* s = src + (long)r * cols;
        int c = c0;
        for (; c + 4 <= c1; c += 4) {
          const v128_t a = wasm_v128_load(s + c);
          const v128_t b = wasm_v128_load(s + cols + c);
          const v128_t d = wasm_v128_load(s + 2 * cols + c);
          const v128_t e = wasm_v128_load(s + 3 * cols + c);
          const v128_t t0 = wasm_i32x4_shuffle(a, b, 0, 4, 1, 5);
          const v128_t t1 = wasm_i32x4_shuffle(a, b, 2, 6, 3, 7);
          const v128_t t2 = wasm_i32x4_shuffle(d, e, 0, 4, 1, 5);
          const v128_t t3 = wasm_i32x4_shuffle(d, e, 2, 6, 3, 7);
          float* o = dst + (long)c * rows + r;
          wasm_v128_store(o, wasm_i32x4_shuffle(t0, t2, 0, 1, 4, 5));
          wasm_v128_store(o + rows, wasm_i32x4_shuffle(t0, t2, 2, 3, 6, 7));
          wasm_v128_store(o + 2 * rows, wasm_i32x4_shuffle(t1, t3, 0, 1, 4, 5));
          wasm_v128_store(o + 3 * rows, wasm_i32x4_shuffle(t1, t3, 2, 3, 6, 7));
        }
        for (; c < c1; c++) {
          float* o = dst + (long)c * rows + r;
          o[0] = s[c];
          o[1] = s[cols + c];
          o[2] = s[2 * cols + c];
          o[3] = s[3 * cols + c];
        }
      }
      for (; r < r1; r++) {
        for (int c = c0; c < c1; c++) dst[(long)c * rows + r] = src[(long)r * cols + c];
      }
    }
  }
}
