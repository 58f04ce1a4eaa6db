/**
 * The web client's SFrame worker for calls (SPEC §13.7, §13.11): every encoded-frame transform of every SFrame call
 * of one client runs in this one worker, so a sender's audio and video share one CTR (SPEC §13.4). Per call it holds
 * one SFrame endpoint keyed from the handshake — this side's base key seals under its own KID, the peer's opens under
 * the peer's KID (SPEC §13.3–§13.4) — the media gate (no frame sealed before the peer's tag verified, SPEC
 * §13.10, §5.9), and the counters it reports to the page (SPEC §13.6). No DOM: the same code runs in a worker and
 * under Node/Deno in the test.
 */
import { type DropReason, KID, SFrameEndpoint, SFrameError } from "./sframe.ts";
import {
  clearBytes,
  type EncodedFrame,
  type Transformer as GenericTransformer,
  type WorkerScope,
} from "./sframe_transform.ts";
import type { WebMutantId } from "./mutants.ts";

/** What the page gives each transform (`new RTCRtpScriptTransform(worker, options)`). */
export interface CallTransformOptions {
  callId: string;
  side: "send" | "receive";
  kind: "audio" | "video";
}

/** Page → worker: the call's base keys once derived, the gate once the peer's tag verified, the call's end. */
export type ToWorker =
  | { type: "keys"; callId: string; role: "caller" | "callee"; own: Uint8Array; peer: Uint8Array }
  | { type: "gate"; callId: string }
  | { type: "plain"; callId: string }
  | { type: "end"; callId: string };

/** Worker → page: a call's counters (SPEC §7 CallState `sframe`) and when a peer frame last opened or dropped. */
export interface CallReport {
  type: "counters";
  callId: string;
  sealed: number;
  opened: number;
  dropped: Record<DropReason, number>;
  /** Date.now() of the last peer frame that opened / was dropped, null before the first. */
  lastOpenAt: number | null;
  lastDropAt: number | null;
}

type Transformer = GenericTransformer<CallTransformOptions>;
/** The parts of a worker's global scope this module uses. */
export type CallWorkerScope = WorkerScope<CallTransformOptions>;

/** SPEC §13.2: the profile's cipher suite, AES_128_GCM_SHA256_128. */
const SUITE = 4;
/** How often at most a call's counters are pushed to the page while they change. */
export const REPORT_MS = 100;

interface CallCrypto {
  ep: SFrameEndpoint;
  /** SPEC §13.4: the KID this side seals under, set with the keys. */
  sendKid: bigint | null;
  /** SPEC §5.9, §13.10: sealing starts only once the peer's tag verified. */
  open: boolean;
  /** The last seal of this call: seals run one after the other, so frames leave in CTR order across tracks. */
  sealing: Promise<unknown>;
  /** A standard call after all (no handshake): frames pass unchanged. */
  plain: boolean;
  lastOpenAt: number | null;
  lastDropAt: number | null;
  timer: ReturnType<typeof setTimeout> | null;
  /** Mutant sframe-kid-swapped only: seals video under the peer's KID. */
  swapped?: SFrameEndpoint;
}

/** The worker's calls: installs the transform and message handlers on `scope`. */
export class CallWorker {
  readonly #calls = new Map<string, CallCrypto>();
  readonly #ended = new Set<string>();
  /** Mutant sframe-ctr-kept only: the CTR the next call's sender starts at (the frames sealed so far). */
  #carried = 0n;

  /** @param mutant a web mutant's fault (./mutants.ts, SPEC §12.7); null in the clean client */
  constructor(readonly scope: CallWorkerScope, readonly mutant: WebMutantId | null = null) {
    scope.onrtctransform = (e) => void this.run(e.transformer).catch(() => {});
    scope.onmessage = (e) => void this.handle(e.data as ToWorker).catch(() => {});
  }

  #call(callId: string): CallCrypto {
    let c = this.#calls.get(callId);
    if (!c) {
      c = {
        ep: new SFrameEndpoint(SUITE, undefined, this.mutant),
        sendKid: null,
        open: false,
        plain: false,
        sealing: Promise.resolve(),
        lastOpenAt: null,
        lastDropAt: null,
        timer: null,
      };
      this.#calls.set(callId, c);
    }
    return c;
  }

  /** Handles one page message. */
  async handle(m: ToWorker): Promise<void> {
    if (!m || typeof m !== "object" || typeof m.callId !== "string" || this.#ended.has(m.callId)) return;
    if (m.type === "end") {
      const c = this.#calls.get(m.callId);
      if (c?.timer) clearTimeout(c.timer);
      if (c) this.#report(m.callId, c);
      if (c && this.mutant === "sframe-ctr-kept") this.#carried += BigInt(c.ep.counters.sealed);
      this.#calls.delete(m.callId);
      this.#ended.add(m.callId);
      return;
    }
    const c = this.#call(m.callId);
    if (m.type === "gate" || m.type === "plain") {
      if (m.type === "gate") c.open = true;
      else if (c.sendKid === null) c.plain = true; // never once keyed: an SFrame call stays sealed
      return;
    }
    if (m.type !== "keys" || c.sendKid !== null) return;
    // SPEC §13.4: the own base key seals only, the peer's opens only; a frame under the own KID is SFRAME_UNKNOWN_KID
    const own = KID[m.role], peer = KID[m.role === "caller" ? "callee" : "caller"];
    await c.ep.addDecryptKey(peer, m.peer);
    // mutant sframe-one-key: both sides seal with the caller's base key
    // mutant sframe-ctr-kept: the CTR carries on from the calls before
    const first = this.mutant === "sframe-ctr-kept" ? this.#carried : 0n;
    await c.ep.addEncryptKey(own, this.mutant === "sframe-one-key" && m.role === "callee" ? m.peer : m.own, first);
    if (this.mutant === "sframe-kid-swapped") {
      c.swapped = new SFrameEndpoint(SUITE); // the mutant: video sealed under the peer's KID
      await c.swapped.addEncryptKey(peer, m.own);
    }
    c.sendKid = own;
  }

  /** The call's counters now (SPEC §13.6). */
  report(callId: string): CallReport | null {
    const c = this.#calls.get(callId);
    if (!c) return null;
    const k = c.ep.counters;
    return {
      type: "counters",
      callId,
      // mutant sframe-sealed-uncounted: the frames sealed are never reported
      sealed: this.mutant === "sframe-sealed-uncounted" ? 0 : k.sealed,
      opened: k.opened,
      dropped: { ...k.dropped },
      lastOpenAt: c.lastOpenAt,
      lastDropAt: c.lastDropAt,
    };
  }

  #report(callId: string, c: CallCrypto): void {
    c.timer = null;
    const r = this.report(callId);
    if (r) this.scope.postMessage(r);
  }

  #changed(callId: string, c: CallCrypto): void {
    c.timer ??= setTimeout(() => this.#report(callId, c), REPORT_MS);
  }

  /** Runs one sender's or receiver's transform until its streams close. */
  async run(t: Transformer): Promise<void> {
    const o = t.options;
    const callId = o.callId;
    const stream = new TransformStream<EncodedFrame, EncodedFrame>({
      transform: async (frame, ctl) => {
        const c = this.#calls.get(callId) ?? (this.#ended.has(callId) ? undefined : this.#call(callId));
        if (!c) return; // the call ended: nothing more is sealed or opened
        if (c.plain) return ctl.enqueue(frame);
        const data = new Uint8Array(frame.data);
        // SPEC §13.7: a frame with no payload carries no media; it passes as is
        if (data.length === 0) return ctl.enqueue(frame);
        const n = clearBytes(o.kind, frame.type, data.length);
        const meta = data.slice(0, n);
        let body: Uint8Array;
        if (o.side === "send") {
          // SPEC §13.10, §5.9: the media gate — no frame is sealed and sent before the peer's tag verified
          // (mutant sframe-gate-off: sealed once keyed)
          if ((!c.open && this.mutant !== "sframe-gate-off") || c.sendKid === null) return;
          // mutant sframe-video-clear: video frames go out unsealed
          if (this.mutant === "sframe-video-clear" && o.kind === "video") return ctl.enqueue(frame);
          // SPEC §13.4: one CTR for audio and video; sealing in turn hands the frames on in CTR order
          // (mutant sframe-kid-swapped: video under the peer's KID, 0 and 1 swapped)
          const [ep, kid] = o.kind === "video" && c.swapped ? [c.swapped, c.sendKid ^ 1n] : [c.ep, c.sendKid];
          const sealed = c.sealing.then(() => ep.seal(kid, data.subarray(n), meta));
          c.sealing = sealed.catch(() => {});
          body = await sealed;
        } else {
          try {
            body = (await c.ep.open(data.subarray(n), meta)).plaintext;
            c.lastOpenAt = Date.now();
          } catch (e) {
            // SPEC §13.6: a frame that does not open is dropped and counted, and the call goes on
            if (!(e instanceof SFrameError) || !e.reason) throw e;
            // mutant sframe-indicator-sticky: drops are counted but never turn the indicator off
            if (this.mutant !== "sframe-indicator-sticky") c.lastDropAt = Date.now();
            return this.#changed(callId, c);
          }
        }
        this.#changed(callId, c);
        const out = new Uint8Array(n + body.length);
        out.set(meta);
        out.set(body, n);
        frame.data = out.buffer;
        ctl.enqueue(frame);
      },
    });
    await t.readable.pipeThrough(stream).pipeTo(t.writable);
  }
}
