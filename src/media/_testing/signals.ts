/** Test helpers for the media layer: seeded noise, naive resampling, frame streams. Internal; tests only. */
import { seededRandom } from "../../seeded.ts";

/** A seeded PRNG (mulberry32) returning floats in [0, 1). */
export const prng = seededRandom;

/** Gaussian noise samples (Box–Muller) of standard deviation `sigma` from `rand`. */
export function gaussian(rand: () => number, sigma: number): number {
  return sigma * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Adds Gaussian noise to Int16 samples, clamping to the Int16 range. */
export function addNoise(frame: Int16Array, rand: () => number, sigma: number): Int16Array {
  const out = new Int16Array(frame.length);
  for (let i = 0; i < frame.length; i++) {
    out[i] = Math.max(-32768, Math.min(32767, Math.round(frame[i]! + gaussian(rand, sigma))));
  }
  return out;
}

/** Naive 48 kHz → 16 kHz: the mean of each group of three samples. */
export function downsample3(frame: Int16Array): Int16Array {
  const out = new Int16Array(Math.floor(frame.length / 3));
  for (let i = 0; i < out.length; i++) out[i] = Math.round((frame[3 * i]! + frame[3 * i + 1]! + frame[3 * i + 2]!) / 3);
  return out;
}

/** Concatenates Int16 frames. */
export function concat(frames: Int16Array[]): Int16Array {
  const out = new Int16Array(frames.reduce((n, f) => n + f.length, 0));
  let o = 0;
  for (const f of frames) {
    out.set(f, o);
    o += f.length;
  }
  return out;
}
