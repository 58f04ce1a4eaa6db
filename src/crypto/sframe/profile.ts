/**
 * ShieldCall's SFrame profile keys (SPEC §13.3, §13.4): each sender's base key comes from protocol 3's key
 * schedule, `prk = HKDF-Extract(salt = th, IKM = ss)` (SHA-256), under a label that names the sender's role; the
 * caller sends under KID 0 and the callee under KID 1. Pure.
 */
import { expand, extract } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { expectBytes } from "./errors.ts";
import { SFrameContext, type SFrameContextOptions } from "./context.ts";
import { PROFILE_SUITE } from "./suites.ts";

/** HKDF info of the caller's SFrame base key (SPEC §13.3). */
export const CALLER_SFRAME_LABEL = "ShieldCall v3 caller SFrame base key";
/** HKDF info of the callee's SFrame base key (SPEC §13.3). */
export const CALLEE_SFRAME_LABEL = "ShieldCall v3 callee SFrame base key";
/** Bytes in each base key (SPEC §13.3). */
export const SFRAME_BASE_KEY_LENGTH = 32;
/** The KID each role sends under (SPEC §13.4). */
export const SFRAME_KID = Object.freeze({ caller: 0n, callee: 1n });

/** One sender's key: the KID it sends under and its base key. */
export interface SenderKey {
  kid: bigint;
  baseKey: Uint8Array;
}

/** Both senders' keys of a call. */
export interface SFrameSenderKeys {
  caller: SenderKey;
  callee: SenderKey;
}

/** `prk = HKDF-Extract(salt = th, IKM = ss)` with SHA-256 (SPEC §5.5). @throws SFrameRangeError for wrong lengths */
export function sframePrk(ss: Uint8Array, th: Uint8Array): Uint8Array {
  return extract(sha256, expectBytes("shared secret", ss, 32), expectBytes("transcript hash", th, 32));
}

/**
 * Each sender's base key and KID from the call's `prk` (SPEC §13.3): `HKDF-Expand(prk, label of the role, 32)`.
 * @throws SFrameRangeError (SFRAME_BAD_INPUT) when `prk` is not 32 bytes
 */
export function sframeSenderKeys(prk: Uint8Array): SFrameSenderKeys {
  expectBytes("prk", prk, 32);
  const enc = new TextEncoder();
  // SPEC §13.3: two labels, so caller and callee never encrypt under one key (RFC 9605 §4.4.1)
  return {
    caller: { kid: SFRAME_KID.caller, baseKey: expand(sha256, prk, enc.encode(CALLER_SFRAME_LABEL), 32) },
    callee: { kid: SFRAME_KID.callee, baseKey: expand(sha256, prk, enc.encode(CALLEE_SFRAME_LABEL), 32) },
  };
}

/**
 * The context of one endpoint of a call (SPEC §13.4): its own key for encryption, the peer's for decryption, in
 * the profile's suite.
 */
export function profileContext(
  role: "caller" | "callee",
  keys: SFrameSenderKeys,
  opts: SFrameContextOptions & { suite?: number } = {},
): SFrameContext {
  const ctx = new SFrameContext(opts.suite ?? PROFILE_SUITE, opts);
  const own = keys[role], peer = keys[role === "caller" ? "callee" : "caller"];
  ctx.addEncryptKey(own.kid, own.baseKey);
  ctx.addDecryptKey(peer.kid, peer.baseKey);
  return ctx;
}
