/**
 * Call recording (SPEC §4.4, F1): buffers each direction's 16 kHz PCM as it flows through the processor and
 * writes one WAV file per direction plus a JSON manifest when recording stops.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { encodeWav, RECORDING_FORMAT } from "./wav.ts";
import { fileStem, writeOutput } from "./_files.ts";
import type { RecordingFile, RecordingManifest } from "./types.ts";

/**
 * SPEC §4.4 (F1): recordings are buffered in memory, at most this many seconds per direction (19.2 MB at
 * 16 kHz 16-bit); audio beyond the bound is dropped and the file is marked `truncated`.
 */
export const RECORDING_MAX_SECONDS = 600;

/** Append-only PCM buffer with a sample bound. */
export class PcmBuffer {
  readonly maxSamples: number;
  readonly #chunks: Int16Array[] = [];
  #samples = 0;
  #truncated = false;

  /** `maxSamples` ≥ 0: samples kept before further audio is dropped. */
  constructor(maxSamples: number = RECORDING_MAX_SECONDS * RECORDING_FORMAT.sampleRate) {
    if (!Number.isInteger(maxSamples) || maxSamples < 0) {
      throw new RangeError(`PcmBuffer bound "${maxSamples}" is invalid`);
    }
    this.maxSamples = maxSamples;
  }

  /** Copies `samples` in, up to the bound. */
  push(samples: Int16Array): void {
    const room = this.maxSamples - this.#samples;
    if (samples.length > room) this.#truncated = true;
    const n = Math.min(room, samples.length);
    if (n <= 0) return;
    this.#chunks.push(samples.slice(0, n));
    this.#samples += n;
  }

  /** Samples held. */
  get samples(): number {
    return this.#samples;
  }

  /** True once audio was dropped because the bound was reached. */
  get truncated(): boolean {
    return this.#truncated;
  }

  /** The buffered audio as a WAV file (16 kHz mono 16-bit). */
  toWav(): Uint8Array {
    return encodeWav(this.#chunks, RECORDING_FORMAT.sampleRate, RECORDING_FORMAT.channels);
  }
}

/** One direction being recorded. */
export interface RecordingTrack {
  direction: "a->b" | "b->a";
  from: string;
  to: string;
  buffer: PcmBuffer;
}

/**
 * Writes each track as `<stem>.<a-b|b-a>.wav` and the manifest as `<stem>.recording.json` in `dir`
 * (SPEC §4.4 F1); `sha256` is over the whole WAV file.
 */
export async function writeRecording(
  dir: string,
  callId: string,
  startedAt: number,
  endedAt: number,
  tracks: readonly RecordingTrack[],
): Promise<RecordingManifest> {
  const stem = fileStem(callId, startedAt);
  const files: RecordingFile[] = [];
  for (const t of tracks) {
    const wav = t.buffer.toWav();
    const name = `${stem}.${t.direction === "a->b" ? "a-b" : "b-a"}.wav`;
    const path = await writeOutput(dir, name, wav);
    files.push({
      direction: t.direction,
      from: t.from,
      to: t.to,
      path,
      samples: t.buffer.samples,
      sha256: bytesToHex(sha256(wav)),
      truncated: t.buffer.truncated,
    });
  }
  const body = { callId, sampleRate: RECORDING_FORMAT.sampleRate, files, startedAt, endedAt };
  const manifestPath = await writeOutput(dir, `${stem}.recording.json`, JSON.stringify(body, null, 2) + "\n");
  return { callId, manifestPath, sampleRate: RECORDING_FORMAT.sampleRate, files, startedAt, endedAt };
}
