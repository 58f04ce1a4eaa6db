/**
 * RIFF/WAVE PCM encoding and parsing for recordings (SPEC §4.4): 16-bit little-endian samples, any rate and
 * channel count on parse, mono 16 kHz as written by the processor. Pure: Uint8Array in, Uint8Array out.
 */

/** SPEC §4.4 (F1): the format of every recording file. */
export const RECORDING_FORMAT = { sampleRate: 16000, channels: 1, bitsPerSample: 16 } as const;

/** Size of the canonical 44-byte header encodeWav() writes. */
export const WAV_HEADER_BYTES = 44;

/** Malformed or unsupported WAV input. */
export class WavFormatError extends SyntaxError {
  constructor(message: string) {
    super(message);
    this.name = "WavFormatError";
  }
}

/** A parsed WAV file: its format and its samples (interleaved when channels > 1). */
export interface WavData {
  sampleRate: number;
  channels: number;
  bitsPerSample: 16;
  samples: Int16Array;
}

function ascii(view: DataView, at: number, s: string): void {
  for (let i = 0; i < s.length; i++) view.setUint8(at + i, s.charCodeAt(i));
}

function readAscii(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
}

/**
 * Encodes 16-bit PCM as a canonical WAV file (RIFF header, "fmt " chunk with format 1, "data" chunk).
 * `chunks` are concatenated in order. Throws RangeError for a bad rate/channel count or data over 4 GiB.
 * @example encodeWav([new Int16Array(160)]) // 44 + 320 bytes, 16 kHz mono
 */
export function encodeWav(
  chunks: Int16Array | readonly Int16Array[],
  sampleRate: number = RECORDING_FORMAT.sampleRate,
  channels: number = RECORDING_FORMAT.channels,
): Uint8Array {
  const list = chunks instanceof Int16Array ? [chunks] : chunks;
  if (!Number.isInteger(sampleRate) || sampleRate < 1 || sampleRate > 0xffffffff) {
    throw new RangeError(`WAV sample rate "${sampleRate}" is invalid`);
  }
  if (!Number.isInteger(channels) || channels < 1 || channels > 0xffff) {
    throw new RangeError(`WAV channel count "${channels}" is invalid`);
  }
  let n = 0;
  for (const c of list) {
    if (!(c instanceof Int16Array)) throw new TypeError("WAV chunks must be Int16Arrays");
    n += c.length;
  }
  const dataBytes = n * 2;
  if (WAV_HEADER_BYTES - 8 + dataBytes > 0xffffffff) {
    throw new RangeError(`WAV data of ${dataBytes} bytes is too large`);
  }
  const out = new Uint8Array(WAV_HEADER_BYTES + dataBytes);
  const v = new DataView(out.buffer);
  const blockAlign = channels * 2;
  ascii(v, 0, "RIFF");
  v.setUint32(4, WAV_HEADER_BYTES - 8 + dataBytes, true);
  ascii(v, 8, "WAVE");
  ascii(v, 12, "fmt ");
  v.setUint32(16, 16, true); // fmt chunk size
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * blockAlign, true); // byte rate
  v.setUint16(32, blockAlign, true);
  v.setUint16(34, 16, true);
  ascii(v, 36, "data");
  v.setUint32(40, dataBytes, true);
  let at = WAV_HEADER_BYTES;
  for (const c of list) {
    for (let i = 0; i < c.length; i++, at += 2) v.setInt16(at, c[i]!, true);
  }
  return out;
}

/**
 * Parses a 16-bit PCM WAV file: walks the RIFF chunks, reads "fmt " and "data", skips others.
 * @throws WavFormatError when the bytes are not RIFF/WAVE, a chunk overruns the file, the format is not
 *   16-bit PCM, or "fmt "/"data" is missing
 */
export function parseWav(bytes: Uint8Array): WavData {
  if (!(bytes instanceof Uint8Array)) throw new TypeError("parseWav() needs a Uint8Array");
  if (bytes.length < 12 || readAscii(bytes, 0) !== "RIFF" || readAscii(bytes, 8) !== "WAVE") {
    throw new WavFormatError("Not a WAV file: missing RIFF/WAVE header");
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riffEnd = 8 + v.getUint32(4, true);
  if (riffEnd > bytes.length) {
    throw new WavFormatError(`Truncated WAV file: RIFF size says ${riffEnd} bytes, file has ${bytes.length}`);
  }
  let fmt: { channels: number; sampleRate: number } | null = null;
  let data: Int16Array | null = null;
  let at = 12;
  while (at + 8 <= riffEnd) {
    const id = readAscii(bytes, at);
    const size = v.getUint32(at + 4, true);
    const body = at + 8;
    if (body + size > riffEnd) {
      throw new WavFormatError(`WAV chunk "${id}" overruns the file: ${size} bytes at ${body}`);
    }
    if (id === "fmt ") {
      if (size < 16) throw new WavFormatError(`WAV "fmt " chunk is too short: ${size} bytes`);
      const format = v.getUint16(body, true);
      const channels = v.getUint16(body + 2, true);
      const sampleRate = v.getUint32(body + 4, true);
      const bits = v.getUint16(body + 14, true);
      if (format !== 1 || bits !== 16) {
        throw new WavFormatError(`Unsupported WAV format "${format}" with "${bits}" bits: need PCM (1) with 16 bits`);
      }
      if (channels < 1 || sampleRate < 1) {
        throw new WavFormatError(`WAV format has "${channels}" channels at "${sampleRate}" Hz`);
      }
      fmt = { channels, sampleRate };
    } else if (id === "data") {
      if (size % 2 !== 0) throw new WavFormatError(`WAV "data" chunk has an odd size: ${size} bytes`);
      data = new Int16Array(size / 2);
      for (let i = 0; i < data.length; i++) data[i] = v.getInt16(body + 2 * i, true);
    }
    at = body + size + (size & 1); // RIFF chunks are padded to even sizes
  }
  if (fmt === null) throw new WavFormatError('WAV file has no "fmt " chunk');
  if (data === null) throw new WavFormatError('WAV file has no "data" chunk');
  if (data.length % fmt.channels !== 0) {
    throw new WavFormatError(`WAV data of ${data.length} samples does not divide into ${fmt.channels} channels`);
  }
  return { sampleRate: fmt.sampleRate, channels: fmt.channels, bitsPerSample: 16, samples: data };
}
