/**
 * Self-checking video frames (SPEC §11.2): a 32-bit frame counter, the low 32 bits of the send time and a
 * CRC-32 over both, drawn as large black/white luma cells in an I420 frame so they survive VP8 coding
 * and scaling. Pure.
 */
import { crc32 } from "./_crc32.ts";
import { low32Ms } from "./time32.ts";

/** SPEC §11.2: layout and levels of the frame code. */
export const FRAME_CODE = {
  /** Grid columns across the whole frame. */
  cols: 16,
  /** Grid rows down the whole frame. */
  rows: 12,
  /** Payload bits: counter (32) ‖ sentAtMs low 32 bits (32) ‖ CRC-32 of those 8 bytes, big-endian (32). */
  bits: 96,
  /** Luma of a dark cell (video range black). */
  black: 16,
  /** Luma of a light cell (video range white). */
  white: 235,
  /** Minimum luma difference between the two cells of a bit for the bit to count. */
  minContrast: 64,
  /** Default frame size. */
  width: 320,
  height: 240,
} as const;

/** Byte size of an I420 frame: full-size Y plane plus two quarter-size chroma planes. */
export function i420Size(width: number, height: number): number {
  return width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2);
}

/** The 96 payload bits (MSB first) of a counter and a send time: counter ‖ sentAt ‖ CRC-32. */
function payloadBits(counter: number, sentAt32: number): Uint8Array {
  const bytes = new Uint8Array(12);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, counter >>> 0);
  view.setUint32(4, sentAt32 >>> 0);
  view.setUint32(8, crc32(bytes.subarray(0, 8)));
  const bits = new Uint8Array(FRAME_CODE.bits);
  for (let i = 0; i < bits.length; i++) bits[i] = (bytes[i >> 3]! >> (7 - (i & 7))) & 1;
  return bits;
}

/** Pixel span [from, to) of grid column/row `i` of `n` across `size` pixels. */
function span(i: number, n: number, size: number): [number, number] {
  return [Math.floor((i * size) / n), Math.floor(((i + 1) * size) / n)];
}

/**
 * Writes a block-coded frame counter and a send timestamp into a new I420 frame that survives VP8.
 * `counter` is taken modulo 2^32 and `sentAtMs` (e.g. Date.now()) is carried as its low 32 bits.
 * Throws RangeError unless width and height are even and at least 32×24.
 */
export function encodeFrame(
  counter: number,
  sentAtMs: number,
  width: number = FRAME_CODE.width,
  height: number = FRAME_CODE.height,
): Uint8Array {
  if (!Number.isInteger(counter) || counter < 0) {
    throw new RangeError(`Frame counter "${counter}" is not a non-negative integer`);
  }
  if (!Number.isInteger(width) || !Number.isInteger(height) || width % 2 || height % 2 || width < 32 || height < 24) {
    throw new RangeError(`Frame size "${width}x${height}" is invalid: need even dimensions of at least 32x24`);
  }
  const { cols, rows, black, white } = FRAME_CODE;
  const bits = payloadBits(counter % 4294967296, low32Ms(sentAtMs));
  const frame = new Uint8Array(i420Size(width, height));
  frame.fill(128, width * height); // SPEC §11.2: neutral chroma
  for (let cell = 0; cell < cols * rows; cell++) {
    // SPEC §11.2: bit i occupies cells 2i and 2i+1 (row-major); 1 = light then dark, 0 = dark then light.
    const bit = bits[cell >> 1]!;
    const light = (cell & 1) === 0 ? bit === 1 : bit === 0;
    const [x0, x1] = span(cell % cols, cols, width);
    const [y0, y1] = span(Math.floor(cell / cols), rows, height);
    for (let y = y0; y < y1; y++) frame.fill(light ? white : black, y * width + x0, y * width + x1);
  }
  return frame;
}

/** Mean luma of the central half (in each direction) of a grid cell. */
function cellLuma(data: Uint8Array, width: number, height: number, cell: number): number {
  const { cols, rows } = FRAME_CODE;
  const [x0, x1] = span(cell % cols, cols, width);
  const [y0, y1] = span(Math.floor(cell / cols), rows, height);
  const qx = Math.floor((x1 - x0) / 4);
  const qy = Math.floor((y1 - y0) / 4);
  let sum = 0;
  let n = 0;
  for (let y = y0 + qy; y < y1 - qy; y++) {
    for (let x = x0 + qx; x < x1 - qx; x++) {
      sum += data[y * width + x]!;
      n++;
    }
  }
  return sum / n;
}

/**
 * Reads the 12 payload bytes (counter ‖ sentAt ‖ CRC-32, big-endian) of a frame of any size without checking
 * the CRC; null when any bit lacks contrast. Building block of decodeFrame(), exported for tests and tools.
 */
export function readFrameBytes(data: Uint8Array, width: number, height: number): Uint8Array | null {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`Frame size "${width}x${height}" is invalid`);
  }
  if (data.length < width * height) {
    throw new RangeError(`Frame data has ${data.length} bytes: a ${width}x${height} Y plane needs ${width * height}`);
  }
  const { cols, rows, bits, minContrast } = FRAME_CODE;
  if (width < cols * 2 || height < rows * 2) return null;
  const bytes = new Uint8Array(bits / 8);
  for (let i = 0; i < bits; i++) {
    const d = cellLuma(data, width, height, 2 * i) - cellLuma(data, width, height, 2 * i + 1);
    // SPEC §11.2: a bit whose two cells are not clearly different voids the frame.
    if (Math.abs(d) < minContrast) return null;
    if (d > 0) bytes[i >> 3] |= 1 << (7 - (i & 7));
  }
  return bytes;
}

/**
 * Reads the frame code back from an I420 (or any Y-plane-first) frame of any size, e.g. one the encoder
 * scaled down. Returns null when a bit lacks contrast or the CRC-32 does not check.
 * Throws RangeError when the size is not positive or `data` is shorter than the Y plane.
 */
export function decodeFrame(
  data: Uint8Array,
  width: number,
  height: number,
): { counter: number; sentAtMs: number } | null {
  const bytes = readFrameBytes(data, width, height);
  if (bytes === null) return null;
  const view = new DataView(bytes.buffer);
  // SPEC §11.2: the CRC-32 must match, so noise and damaged frames decode to null.
  if (crc32(bytes.subarray(0, 8)) !== view.getUint32(8)) return null;
  return { counter: view.getUint32(0), sentAtMs: view.getUint32(4) };
}
