/**
 * Key confirmation (SPEC §5.9): each side proves it holds this call's keys with one HMAC-SHA256 tag over the
 * transcript hash, under its own role's key and label. An endpoint verifies exactly one peer tag, under the PEER
 * role's key and label, so its own tag reflected back never verifies.
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { ShieldCallError } from "../errors.ts";
import { concat, constantTimeEqual, expectBytes, lp, utf8Field } from "./_bytes.ts";
import { expandFromSecret, type RoleKeys } from "./schedule.ts";
import { CONFIRM_KEY_LABELS } from "./schedule.ts";

/** The message label of each role's tag (SPEC §5.9). */
export const CONFIRM_TAG_LABELS = Object.freeze({
  caller: "ShieldCall v3 caller confirm",
  callee: "ShieldCall v3 callee confirm",
});
/** Bytes in a confirm tag (SPEC §5.9). */
export const CONFIRM_TAG_LENGTH = 32;

/** The two confirm keys of a call, kA (caller) and kB (callee) (SPEC §5.9). */
export type ConfirmKeys = RoleKeys;

/**
 * kA and kB from `ss` and `th` (SPEC §5.5, §5.9); the same values as keySchedule(ss, th).confirmKeys.
 * @throws ShieldCallError E2EE_LOW_ORDER_KEY for an all-zero `ss`; E2EE_BAD_INPUT for wrong lengths
 */
export function confirmKeys(ss: Uint8Array, th: Uint8Array): ConfirmKeys {
  const [caller, callee] = expandFromSecret(ss, th, [[CONFIRM_KEY_LABELS.caller, 32], [CONFIRM_KEY_LABELS.callee, 32]]);
  return { caller: caller!, callee: callee! };
}

/** SPEC §5.9: `tagX = HMAC-SHA256(kX, LP("ShieldCall v3 <role> confirm") ‖ LP(th))`, 32 bytes. */
export function confirmTag(role: "caller" | "callee", key: Uint8Array, th: Uint8Array): Uint8Array {
  if (role !== "caller" && role !== "callee") throw new TypeError(`Unknown role "${String(role)}"`);
  expectBytes("E2EE_BAD_INPUT", "confirmKey", key, 32);
  expectBytes("E2EE_BAD_INPUT", "transcriptHash", th, 32);
  return hmac(sha256, key, concat(lp(utf8Field("label", CONFIRM_TAG_LABELS[role])), lp(th)));
}

/** The tag `role` sends in this call: its own key under its own label (SPEC §5.9). */
export function ownConfirm(role: "caller" | "callee", keys: ConfirmKeys, th: Uint8Array): Uint8Array {
  return confirmTag(role, keys[role], th);
}

/**
 * Checks the peer's tag in constant time (SPEC §5.9): `role` is this side, so the tag must be the OTHER role's,
 * under the other role's key and label.
 * @throws ShieldCallError E2EE_CONFIRM_FAILED when it does not verify (wrong length included)
 */
export function verifyPeerConfirm(role: "caller" | "callee", keys: ConfirmKeys, th: Uint8Array, tag: Uint8Array): void {
  const peer = role === "caller" ? "callee" : "caller";
  const expected = confirmTag(peer, keys[peer], th);
  // SPEC §5.9: 32 bytes, compared in constant time
  if (!(tag instanceof Uint8Array) || tag.length !== CONFIRM_TAG_LENGTH || !constantTimeEqual(expected, tag)) {
    throw new ShieldCallError("E2EE_CONFIRM_FAILED", `The ${peer}'s key confirmation did not verify`);
  }
}

/**
 * One call's check of the peer's tag (SPEC §5.9): exactly one tag is ever accepted; a second one (even identical, even
 * after the first verified) fails, as does one that does not verify. After a failure every later tag fails too.
 */
export class PeerConfirmCheck {
  #state: "waiting" | "verified" | "failed" = "waiting";
  constructor(
    readonly role: "caller" | "callee",
    private readonly keys: ConfirmKeys,
    private readonly th: Uint8Array,
    private readonly verify: typeof verifyPeerConfirm = verifyPeerConfirm,
  ) {}

  /** "waiting" until the first tag, then "verified" or "failed" for good. */
  get state(): "waiting" | "verified" | "failed" {
    return this.#state;
  }

  /** @throws ShieldCallError E2EE_CONFIRM_FAILED for a tag that does not verify or any second tag */
  check(tag: Uint8Array): void {
    if (this.#state !== "waiting") {
      this.#state = "failed";
      // SPEC §5.9: one tag per key; a second confirm ends the call
      throw new ShieldCallError("E2EE_CONFIRM_FAILED", "A second key confirmation arrived");
    }
    try {
      this.verify(this.role, this.keys, this.th, tag);
    } catch (e) {
      this.#state = "failed";
      throw e;
    }
    this.#state = "verified";
  }
}
