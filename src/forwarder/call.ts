/**
 * A forwarded call (SPEC §13.9): two legs, one per endpoint, and the routing between them. A packet that arrives on
 * one leg leaves on the other with its payload, sequence number, timestamp and marker unchanged; only the SSRC and
 * payload type become the outgoing leg's own, and header extensions (negotiated per leg) stay behind.
 */
import { Buffer } from "node:buffer";
import type { RtpPacket } from "werift";
import { ShieldCallError } from "../errors.ts";
import { ForwarderLeg, type LegHost } from "./leg.ts";
import type {
  CallStats,
  Direction,
  DirectionStats,
  ForwardedPacket,
  LegName,
  MediaKind,
  PacketAlteration,
} from "./types.ts";

/** What a call needs from its forwarder. */
export interface CallHost {
  rtcConfig: LegHost["rtcConfig"];
  gatherTimeoutMs: number;
  onClosed(call: ForwardedCall): void;
}

function emptyDirection(): DirectionStats {
  return {
    forwarded: { packets: 0, bytes: 0 },
    audio: { packets: 0, bytes: 0 },
    video: { packets: 0, bytes: 0 },
    dropped: 0,
    keyFrameRequests: 0,
  };
}

function copyDirection(d: DirectionStats): DirectionStats {
  return { ...d, forwarded: { ...d.forwarded }, audio: { ...d.audio }, video: { ...d.video } };
}

/** Two legs and the packets between them; made by Forwarder.createCall(). */
export class ForwardedCall {
  readonly id: string;
  readonly #host: CallHost;
  readonly #legs: Record<LegName, ForwarderLeg>;
  readonly #stats: Record<Direction, DirectionStats> = {
    callerToCallee: emptyDirection(),
    calleeToCaller: emptyDirection(),
  };
  readonly #taps = new Set<(p: ForwardedPacket) => void>();
  /** SPEC §8: an adversary's alteration of the packets leaving (none in an honest call). */
  #alter: PacketAlteration | null = null;
  /** Per stream (direction and kind): how many packets an alteration inserted, so later ones are renumbered. */
  readonly #shift = new Map<string, number>();
  #closed = false;

  /** Use Forwarder.createCall(). */
  constructor(id: string, host: CallHost) {
    this.id = id;
    this.#host = host;
    const legHost: LegHost = {
      rtcConfig: host.rtcConfig,
      gatherTimeoutMs: host.gatherTimeoutMs,
      onRtp: (leg, kind, packet) => this.#forward(leg, kind, packet),
      onKeyFrameRequest: (leg) => this.#keyFrame(leg),
      isClosed: () => this.#closed,
    };
    this.#legs = {
      caller: new ForwarderLeg(`${id}/caller`, legHost),
      callee: new ForwarderLeg(`${id}/callee`, legHost),
    };
  }

  /**
   * The leg facing the endpoint `name`.
   * @throws ShieldCallError BAD_STATE once the call is closed; PROTO_INVALID for a name that is not a leg's
   */
  leg(name: LegName): ForwarderLeg {
    if (this.#closed) throw new ShieldCallError("BAD_STATE", `Cannot use call "${this.id}": the call is closed`);
    if (name !== "caller" && name !== "callee") {
      throw new ShieldCallError("PROTO_INVALID", `No leg "${String(name)}" in call "${this.id}": "caller" or "callee"`);
    }
    return this.#legs[name];
  }

  /** True once close() ran. */
  get closed(): boolean {
    return this.#closed;
  }

  #forward(from: ForwarderLeg, kind: MediaKind, rtp: RtpPacket): void {
    const direction: Direction = from === this.#legs.caller ? "callerToCallee" : "calleeToCaller";
    const to = direction === "callerToCallee" ? this.#legs.callee : this.#legs.caller;
    const out = rtp.clone();
    // SPEC §13.9 (FW2): header extensions and padding belong to the incoming hop; the payload is not touched
    out.header.extensions = [];
    out.header.extension = false;
    out.header.padding = false;
    out.header.paddingSize = 0;
    const forwarded = this.#alter ? this.#sendAltered(direction, kind, to, out) : to.send(kind, out);
    // SPEC §13.9 (FW3): counters per direction and kind
    const s = this.#stats[direction];
    if (forwarded) {
      const n = rtp.payload.length;
      s.forwarded.packets++;
      s.forwarded.bytes += n;
      s[kind].packets++;
      s[kind].bytes += n;
    } else s.dropped++;
    if (this.#taps.size === 0) return;
    const p: ForwardedPacket = {
      callId: this.id,
      direction,
      kind,
      forwarded,
      sequenceNumber: rtp.header.sequenceNumber,
      timestamp: rtp.header.timestamp,
      marker: rtp.header.marker,
      payload: new Uint8Array(rtp.payload),
    };
    for (const t of this.#taps) {
      try {
        t(p);
      } catch {
        // a tap must not break forwarding
      }
    }
  }

  /** SPEC §8: sends what the adversary made of `out`; true when the first packet (or the packet itself) left. */
  #sendAltered(direction: Direction, kind: MediaKind, to: ForwarderLeg, out: RtpPacket): boolean {
    const key = `${direction}/${kind}`;
    const shift = this.#shift.get(key) ?? 0;
    let made: readonly Uint8Array[] | null;
    try {
      made = this.#alter!({
        direction,
        kind,
        sequenceNumber: out.header.sequenceNumber,
        timestamp: out.header.timestamp,
        marker: out.header.marker,
        payload: new Uint8Array(out.payload),
        deliverable: to.canSend(kind),
      });
    } catch {
      made = null; // an alteration that throws changes nothing
    }
    out.header.sequenceNumber = (out.header.sequenceNumber + shift) & 0xffff;
    if (made === null) return to.send(kind, out);
    let sent = false;
    made.forEach((payload, i) => {
      const p = out.clone();
      p.payload = Buffer.from(payload);
      if (i > 0) {
        p.header.sequenceNumber = (out.header.sequenceNumber + i) & 0xffff;
        p.header.marker = false;
      }
      const ok = to.send(kind, p);
      if (i === 0) sent = ok;
    });
    if (made.length > 1) this.#shift.set(key, shift + made.length - 1);
    return sent;
  }

  /**
   * SPEC §8 (the sframe-* modes): every packet leaves through `fn` from now on. The honest forwarder never calls this;
   * the service arms it only for a call under an adversary plan.
   * @throws ShieldCallError BAD_STATE once the call is closed
   */
  alter(fn: PacketAlteration): void {
    if (this.#closed) throw new ShieldCallError("BAD_STATE", `Cannot alter call "${this.id}": the call is closed`);
    this.#alter = fn;
  }

  #keyFrame(receiverLeg: ForwarderLeg): void {
    // the endpoint on `receiverLeg` receives the other endpoint's video: the request goes to that sender
    const direction: Direction = receiverLeg === this.#legs.callee ? "callerToCallee" : "calleeToCaller";
    const senderLeg = direction === "callerToCallee" ? this.#legs.caller : this.#legs.callee;
    if (senderLeg.requestKeyFrame()) this.#stats[direction].keyFrameRequests++;
  }

  /**
   * Observes every packet the call handles (a copy of its payload): what the forwarder sees, the evidence of SPEC
   * §13.9 (FW1). Returns the function that removes the tap.
   */
  tap(fn: (p: ForwardedPacket) => void): () => void {
    if (this.#closed) throw new ShieldCallError("BAD_STATE", `Cannot tap call "${this.id}": the call is closed`);
    this.#taps.add(fn);
    return () => this.#taps.delete(fn);
  }

  /** The call's counters (a copy). */
  stats(): CallStats {
    const leg = (l: ForwarderLeg) => ({ state: l.state, connection: l.connectionState });
    return {
      state: this.#closed ? "closed" : "open",
      legs: { caller: leg(this.#legs.caller), callee: leg(this.#legs.callee) },
      callerToCallee: copyDirection(this.#stats.callerToCallee),
      calleeToCaller: copyDirection(this.#stats.calleeToCaller),
    };
  }

  /** Closes both legs; idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#taps.clear();
    await Promise.all([this.#legs.caller.close(), this.#legs.callee.close()]);
    this.#host.onClosed(this);
  }
}
