/**
 * An SFrame context (RFC 9605 §4.4.1, SPEC §13.4–§13.6): one cipher suite, per-KID keys each marked for
 * encryption or decryption (never both), the next CTR of each encryption key, a replay window per decryption key,
 * and counters of sealed, opened and dropped frames. Pure.
 */
import { type CipherSuite, cipherSuite } from "./suites.ts";
import { deriveKeySalt } from "./derive.ts";
import { decodeHeader, type FrameKey, openFrame, sealFrame } from "./frame.ts";
import { DEFAULT_REPLAY_WINDOW, ReplayWindow } from "./replay.ts";
import { expectBytes, MAX_U64, SFrameDropError, type SFrameDropReason, SFrameRangeError, toU64 } from "./errors.ts";

/** Counters of one context (SPEC §13.6): what a call reports as its SFrame state. */
export interface SFrameStats {
  sealed: number;
  opened: number;
  dropped: Record<SFrameDropReason, number>;
}

/** A frame that opened: its KID, CTR and plaintext. */
export interface OpenedFrame {
  kid: bigint;
  ctr: bigint;
  plaintext: Uint8Array;
}

interface SendKey extends FrameKey {
  next: bigint;
}
interface ReceiveKey extends FrameKey {
  window: ReplayWindow;
}

/** Options of a context. */
export interface SFrameContextOptions {
  /** CTRs remembered below the highest accepted one, per KID (SPEC §13.5). */
  replayWindow?: number;
}

/** Sender and receiver state of one endpoint for one cipher suite. */
export class SFrameContext {
  readonly suite: CipherSuite;
  readonly #send = new Map<bigint, SendKey>();
  readonly #receive = new Map<bigint, ReceiveKey>();
  readonly #windowSize: number;
  readonly stats: SFrameStats = { sealed: 0, opened: 0, dropped: { header: 0, kid: 0, replay: 0, auth: 0 } };

  /** @throws SFrameRangeError for an unknown suite or a bad window size */
  constructor(suite: number, opts: SFrameContextOptions = {}) {
    this.suite = cipherSuite(suite);
    this.#windowSize = opts.replayWindow ?? DEFAULT_REPLAY_WINDOW;
    new ReplayWindow(this.#windowSize); // validates the size now, not at the first key
  }

  #checkRole(kid: bigint, other: Map<bigint, unknown>, role: string): void {
    // RFC 9605 §4.4.1, SPEC §13.4: each base key is for encryption or for decryption, never both
    if (other.has(kid)) throw new SFrameRangeError("SFRAME_BAD_INPUT", `KID "${kid}" is already a ${role} key`);
  }

  /**
   * Installs the base key this endpoint encrypts with under `kid`; its CTR starts at `firstCtr` (default 0).
   * @throws SFrameTypeError, SFrameRangeError (SFRAME_BAD_INPUT)
   */
  addEncryptKey(kid: bigint | number, baseKey: Uint8Array, firstCtr: bigint | number = 0n): void {
    const k = toU64("KID", kid);
    this.#checkRole(k, this.#receive, "decryption");
    const { sframeKey, sframeSalt } = deriveKeySalt(this.suite, k, expectBytes("base key", baseKey));
    this.#send.set(k, { sframeKey, sframeSalt, next: toU64("first CTR", firstCtr) });
  }

  /** Installs a base key this endpoint decrypts with under `kid`, with a fresh replay window. */
  addDecryptKey(kid: bigint | number, baseKey: Uint8Array): void {
    const k = toU64("KID", kid);
    this.#checkRole(k, this.#send, "encryption");
    const { sframeKey, sframeSalt } = deriveKeySalt(this.suite, k, expectBytes("base key", baseKey));
    this.#receive.set(k, { sframeKey, sframeSalt, window: new ReplayWindow(this.#windowSize) });
  }

  /** Forgets the key under `kid` (either role). */
  removeKey(kid: bigint | number): void {
    const k = toU64("KID", kid);
    this.#send.delete(k);
    this.#receive.delete(k);
  }

  /**
   * Seals `plaintext` under the encryption key `kid` with its next CTR, then advances the CTR.
   * @throws SFrameRangeError SFRAME_BAD_INPUT for no such encryption key; SFRAME_CTR_EXHAUSTED after CTR 2^64 − 1
   */
  seal(kid: bigint | number, plaintext: Uint8Array, metadata?: Uint8Array): Uint8Array {
    const k = toU64("KID", kid);
    const key = this.#send.get(k);
    if (!key) throw new SFrameRangeError("SFRAME_BAD_INPUT", `No encryption key for KID "${k}"`);
    expectBytes("plaintext", plaintext);
    if (metadata !== undefined) expectBytes("metadata", metadata);
    // RFC 9605 §7.4, SPEC §13.4: a (key, nonce) pair is never used twice, so the sender stops at the last CTR
    if (key.next > MAX_U64) throw new SFrameRangeError("SFRAME_CTR_EXHAUSTED", `CTR exhausted for KID "${k}"`);
    const out = sealFrame(this.suite, key, k, key.next, plaintext, metadata);
    key.next++; // RFC 9605 §4.4.1: the CTR advances after each successful encryption
    this.stats.sealed++;
    return out;
  }

  /**
   * Opens an SFrame ciphertext: header, key by KID, replay window, then authentication. A dropped frame changes no
   * state but its counter.
   * @throws SFrameHeaderError (SFRAME_BAD_HEADER); SFrameDropError SFRAME_UNKNOWN_KID, SFRAME_REPLAY or
   *   SFRAME_AUTH_FAILED
   */
  open(frame: Uint8Array, metadata?: Uint8Array): OpenedFrame {
    expectBytes("frame", frame);
    if (metadata !== undefined) expectBytes("metadata", metadata);
    try {
      const header = decodeHeader(frame);
      const key = this.#receive.get(header.kid);
      // SPEC §13.6: a KID this endpoint holds no decryption key for (its own, or unknown) is dropped
      if (!key) throw new SFrameDropError("kid", `No decryption key for KID "${header.kid}"`);
      // SPEC §13.5: check the window first (cheap), move it only once the frame has authenticated
      if (!key.window.check(header.ctr)) throw new SFrameDropError("replay", `Replayed SFrame CTR "${header.ctr}"`);
      const plaintext = openFrame(this.suite, key, header, frame, metadata);
      key.window.accept(header.ctr);
      this.stats.opened++;
      return { kid: header.kid, ctr: header.ctr, plaintext };
    } catch (e) {
      const reason = (e as { reason?: SFrameDropReason }).reason;
      if (reason) this.stats.dropped[reason]++;
      throw e;
    }
  }
}
