/**
 * The forwarder (SPEC §13.9): the media service's forwarding mode for SFrame calls. It holds calls of two legs each
 * and forwards RTP between the legs of a call without decoding it; it holds no media key.
 */
import { ShieldCallError } from "../errors.ts";
import { ForwardedCall } from "./call.ts";
import type { ForwarderOptions } from "./types.ts";

/** SPEC §13.9: how long a leg waits for ICE gathering by default, ms. */
export const DEFAULT_GATHER_TIMEOUT_MS = 10_000;

/** A forwarding server: calls by id. */
export class Forwarder {
  readonly #calls = new Map<string, ForwardedCall>();
  readonly #rtcConfig: NonNullable<ForwarderOptions["rtcConfig"]>;
  readonly #gatherTimeoutMs: number;
  #closed = false;
  #next = 0;

  /** @throws RangeError for a gather timeout that is not a positive integer */
  constructor(opts: ForwarderOptions = {}) {
    this.#rtcConfig = { ...(opts.rtcConfig ?? {}) };
    const ms = opts.gatherTimeoutMs ?? DEFAULT_GATHER_TIMEOUT_MS;
    if (!Number.isSafeInteger(ms) || ms < 1) throw new RangeError(`gatherTimeoutMs must be a positive integer: ${ms}`);
    this.#gatherTimeoutMs = ms;
  }

  /**
   * A new call with two fresh legs, "caller" and "callee"; `id` defaults to a fresh one.
   * @throws ShieldCallError BAD_STATE when the forwarder is closed or a call `id` is open; PROTO_INVALID for an empty
   *   or non-string id
   */
  createCall(id?: string): ForwardedCall {
    if (this.#closed) throw new ShieldCallError("BAD_STATE", "Cannot create a call: the forwarder is closed");
    if (id !== undefined && (typeof id !== "string" || id === "" || id.length > 128)) {
      throw new ShieldCallError("PROTO_INVALID", "Call id must be a string of 1 to 128 characters");
    }
    const callId = id ?? `fwd-${++this.#next}`;
    if (this.#calls.has(callId)) throw new ShieldCallError("BAD_STATE", `Call "${callId}" is already open`);
    const call = new ForwardedCall(callId, {
      rtcConfig: this.#rtcConfig,
      gatherTimeoutMs: this.#gatherTimeoutMs,
      onClosed: (c) => {
        if (this.#calls.get(c.id) === c) this.#calls.delete(c.id);
      },
    });
    this.#calls.set(callId, call);
    return call;
  }

  /**
   * The open call `id`.
   * @throws ShieldCallError CALL_NOT_FOUND when no open call has that id
   */
  call(id: string): ForwardedCall {
    const c = this.#calls.get(id);
    if (!c) throw new ShieldCallError("CALL_NOT_FOUND", `No open forwarded call "${String(id)}"`);
    return c;
  }

  /** Ids of the open calls. */
  get callIds(): string[] {
    return [...this.#calls.keys()];
  }

  /** Closes every call and refuses new ones; idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#calls.values()].map((c) => c.close()));
  }
}
