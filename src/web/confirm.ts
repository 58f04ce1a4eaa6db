/**
 * The web client's key-confirmation check (SPEC §5.9, protocol 3), WebCrypto only: nothing from src/crypto.
 */
import { confirmTag, HandshakeError, sameBytes } from "./handshake.ts";

/**
 * SPEC §5.9: one call's check of the peer's tag — under the PEER role's key and label, in constant time, exactly
 * one tag per call (a second one fails, even identical). `role` is this side.
 */
export class PeerTagCheck {
  #state: "waiting" | "verified" | "failed" = "waiting";
  constructor(
    readonly role: "caller" | "callee",
    readonly d: { kA: Uint8Array; kB: Uint8Array; transcriptHash: Uint8Array },
  ) {}

  get state(): "waiting" | "verified" | "failed" {
    return this.#state;
  }

  /** @throws HandshakeError E2EE_CONFIRM_FAILED for a tag that does not verify, a short tag or any second tag */
  async check(tag: Uint8Array): Promise<void> {
    const first = this.#state === "waiting";
    this.#state = "failed";
    if (!first) throw new HandshakeError("E2EE_CONFIRM_FAILED", "A second key confirmation arrived");
    const peer = this.role === "caller" ? "callee" : "caller";
    const want = await confirmTag(peer, peer === "caller" ? this.d.kA : this.d.kB, this.d.transcriptHash);
    if (tag.length !== 32 || !sameBytes(want, tag)) {
      throw new HandshakeError("E2EE_CONFIRM_FAILED", `The ${peer}'s key confirmation did not verify`);
    }
    this.#state = "verified";
  }
}
