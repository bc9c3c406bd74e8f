// AssemblyScript source of assets/wasm/lanczos.wasm (build: `npm run build:wasm`).
//
// The two passes of a separable resampler on 8-bit RGB, in f32x4 SIMD. The caller
// (src/providers/lanczos-resample.ts) owns the memory layout and the loop over rows; it computes the
// Lanczos3 weights, allocates every buffer with `alloc`, and frees them all with `reset`.
//
//   expandRow:  one source row of packed RGB bytes → RGBX f32 (4 floats per pixel, X = 0).
//   hpass:      RGBX f32 source row → packed RGB f32 output row (3 floats per pixel). Every output
//               pixel x reads `taps` consecutive source pixels from start[x] with weights w[x*taps + k].
//               Each pixel is stored as a whole f32x4 at x*3 floats, so the 4th lane is overwritten by
//               the next pixel; the row buffer has one float of slack at the end.
//   vpass:      `taps` packed RGB f32 rows (pointers in rows[]) with weights w[k] → one row of bytes,
//               rounded half up and saturated to 0..255.

export function alloc(bytes: i32): usize {
  return heap.alloc(<usize>bytes);
}

export function reset(): void {
  heap.reset();
}

export function expandRow(src: usize, width: i32, dst: usize): void {
  for (let x = 0; x < width; x++) {
    const s = src + <usize>(x * 3);
    const d = dst + <usize>(x << 4);
    store<f32>(d, <f32>load<u8>(s));
    store<f32>(d, <f32>load<u8>(s, 1), 4);
    store<f32>(d, <f32>load<u8>(s, 2), 8);
    store<f32>(d, 0, 12);
  }
}

export function hpass(src: usize, dst: usize, outWidth: i32, start: usize, weights: usize, taps: i32): void {
  let w = weights;
  for (let x = 0; x < outWidth; x++) {
    let p = src + (<usize>load<i32>(start + <usize>(x << 2)) << 4);
    let acc = f32x4.splat(0);
    for (let k = 0; k < taps; k++) {
      acc = f32x4.add(acc, f32x4.mul(v128.load(p), f32x4.splat(load<f32>(w))));
      p += 16;
      w += 4;
    }
    v128.store(dst + <usize>(x * 12), acc);
  }
}

export function vpass(rows: usize, weights: usize, taps: i32, floats: i32, dst: usize): void {
  const half = f32x4.splat(0.5);
  const blocks = floats & ~15;
  for (let i = 0; i < blocks; i += 16) {
    const off = <usize>(i << 2);
    let a0 = half;
    let a1 = half;
    let a2 = half;
    let a3 = half;
    for (let k = 0; k < taps; k++) {
      const r = <usize>load<i32>(rows + <usize>(k << 2)) + off;
      const wk = f32x4.splat(load<f32>(weights + <usize>(k << 2)));
      a0 = f32x4.add(a0, f32x4.mul(v128.load(r), wk));
      a1 = f32x4.add(a1, f32x4.mul(v128.load(r, 16), wk));
      a2 = f32x4.add(a2, f32x4.mul(v128.load(r, 32), wk));
      a3 = f32x4.add(a3, f32x4.mul(v128.load(r, 48), wk));
    }
    const lo = i16x8.narrow_i32x4_s(i32x4.trunc_sat_f32x4_s(a0), i32x4.trunc_sat_f32x4_s(a1));
    const hi = i16x8.narrow_i32x4_s(i32x4.trunc_sat_f32x4_s(a2), i32x4.trunc_sat_f32x4_s(a3));
    v128.store(dst + <usize>i, i8x16.narrow_i16x8_u(lo, hi));
  }
  for (let i = blocks; i < floats; i++) {
    let a: f32 = 0.5;
    for (let k = 0; k < taps; k++) {
      a += load<f32>(<usize>load<i32>(rows + <usize>(k << 2)) + <usize>(i << 2)) * load<f32>(weights + <usize>(k << 2));
    }
    const v = <i32>a;
    store<u8>(dst + <usize>i, <u8>(v < 0 ? 0 : v > 255 ? 255 : v));
  }
}
