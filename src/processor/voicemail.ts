/**
 * Voicemail (SPEC §4.5 CC10, F9): records what one leg sends — the caller's message — and writes it as a WAV file
 * plus a JSON manifest for the mailbox owner when the message ends.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { ShieldCallError } from "../errors.ts";
import { checkVoicemailPort } from "./_checks.ts";
import type { MediaPort } from "./group.ts";
import { PcmBuffer } from "./recording.ts";
import { RECORDING_FORMAT } from "./wav.ts";
import { fileStem, writeOutput } from "./_files.ts";
import type { ProcessorEvent, VoicemailManifest } from "./types.ts";

/** Processor-wide state a recorder reports into. */
export interface VoicemailContext {
  outDir: string;
  log(e: Omit<ProcessorEvent, "at">): void;
}

/** Records one leg's incoming audio as a voicemail message (SPEC §4.5 CC10). */
export class VoicemailRecorder {
  readonly callId: string;
  readonly forUser: string;
  readonly fromUser: string;
  readonly #port: MediaPort;
  readonly #ctx: VoicemailContext;
  readonly #buffer: PcmBuffer;
  readonly #untap: () => void;
  readonly #startedAt = Date.now();
  #heard = "";
  #result: Promise<VoicemailManifest> | null = null;

  /** Use MediaProcessor.voicemail(). Throws BAD_STATE when the leg is already bridged. */
  constructor(
    port: MediaPort,
    opts: { callId: string; forUser: string; fromUser: string; maxSeconds?: number },
    ctx: VoicemailContext,
  ) {
    checkVoicemailPort(port);
    this.callId = opts.callId;
    this.forUser = opts.forUser;
    this.fromUser = opts.fromUser;
    this.#port = port;
    this.#ctx = ctx;
    this.#buffer = new PcmBuffer(Math.round((opts.maxSeconds ?? 120) * RECORDING_FORMAT.sampleRate));
    port.bridgedBy = this;
    this.#untap = port.tap({
      audio: (samples, digits) => {
        if (this.#result !== null) return;
        this.#buffer.push(samples);
        this.#heard = (this.#heard + digits).slice(-4096);
      },
    });
    ctx.log({
      type: "voicemail.started",
      callId: this.callId,
      legId: port.id,
      detail: { for: this.forUser, from: this.fromUser },
    });
  }

  /** Samples recorded so far. */
  get samples(): number {
    return this.#buffer.samples;
  }

  /** Digits decoded from the message so far. */
  get heard(): string {
    return this.#heard;
  }

  /**
   * Stops recording, releases the leg and writes `<stem>.voicemail.wav` and `<stem>.voicemail.json` under
   * `<outDir>/voicemail/`. Idempotent: a second call returns the same manifest. Rejects with FEATURE_FAILED on I/O
   * errors.
   */
  stop(): Promise<VoicemailManifest> {
    if (this.#result !== null) return this.#result;
    this.#untap();
    if (this.#port.bridgedBy === this) this.#port.bridgedBy = null;
    const endedAt = Date.now();
    const dir = `${this.#ctx.outDir}/voicemail`;
    const stem = fileStem(this.callId, this.#startedAt);
    const wav = this.#buffer.toWav();
    this.#result = (async () => {
      const path = await writeOutput(dir, `${stem}.voicemail.wav`, wav);
      const body = {
        kind: "voicemail" as const,
        callId: this.callId,
        for: this.forUser,
        from: this.fromUser,
        legId: this.#port.id,
        sampleRate: RECORDING_FORMAT.sampleRate,
        path,
        samples: this.#buffer.samples,
        sha256: bytesToHex(sha256(wav)),
        truncated: this.#buffer.truncated,
        heard: this.#heard,
        startedAt: this.#startedAt,
        endedAt,
      };
      const manifestPath = await writeOutput(dir, `${stem}.voicemail.json`, JSON.stringify(body, null, 2) + "\n");
      this.#ctx.log({
        type: "voicemail.stopped",
        callId: this.callId,
        legId: this.#port.id,
        detail: { manifest: manifestPath, samples: body.samples },
      });
      return { ...body, manifestPath };
    })().catch((e) => {
      throw new ShieldCallError(
        "FEATURE_FAILED",
        `Cannot write the voicemail of call "${this.callId}": ${(e as Error)?.message ?? e}`,
      );
    });
    return this.#result;
  }
}
