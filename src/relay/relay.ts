/**
 * The transport relay (SPEC §4.3): a pair of UDP sockets per E2EE call that forwards ICE, DTLS and SRTP
 * between the two endpoints, admits only the endpoints' own source addresses (S1), cannot decrypt, and
 * applies a seeded fault plan when an adversary mode asks for one (SPEC §8 RF1–RF6).
 */
import { createSocket } from "node:dgram";
import type { RemoteInfo, Socket } from "node:dgram";
import { isIP } from "node:net";
import { ShieldCallError } from "../errors.ts";
import { classifyPacket, isRtpMedia } from "./classify.ts";
import { DtlsCertificateWatcher } from "./dtls.ts";
import { FaultInjector } from "./fault.ts";
import type { Direction, FaultPlan } from "./fault.ts";
import { isAuthenticatedCheck } from "./stun.ts";
import type { IceCredentials } from "./stun.ts";

import type { ClassCounts, RelayAllocation, RelayEvent, RelayStats, Side, TransportAddress } from "./_relay_types.ts";
export type { ClassCounts, RelayAllocation, RelayEvent, RelayStats, Side, TransportAddress } from "./_relay_types.ts";

/** Delay before the second copy of a replayed packet. */
export const REPLAY_DELAY_MS = 20;
/** Distinct dropped sources reported through `log` per allocation (counters always count). */
const MAX_DROP_EVENTS = 64;
/** Sources a side may add by authenticated connectivity checks (SPEC §4.3 TR4). */
export const MAX_LEARNED_SOURCES = 8;

const other = (s: Side): Side => (s === "a" ? "b" : "a");
const dirOf = (from: Side): Direction => (from === "a" ? "a_to_b" : "b_to_a");
const zero = (): ClassCounts => ({ stun: 0, dtls: 0, srtp: 0, other: 0, packets: 0, bytes: 0 });

/** Canonical text of an address for matching (lower case, IPv4-mapped IPv6 unwrapped). */
function canonical(address: string): string {
  const a = address.toLowerCase();
  return a.startsWith("::ffff:") && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

/** Validates a permit list; TypeError/RangeError on a malformed entry. */
function checkAddrs(addrs: TransportAddress[]): TransportAddress[] {
  if (!Array.isArray(addrs)) throw new TypeError("Permitted addresses must be an array");
  const seen = new Set<string>();
  const out: TransportAddress[] = [];
  for (const a of addrs) {
    if (!a || typeof a.address !== "string" || a.address === "") {
      throw new TypeError(`Permitted address must be a non-empty string: got "${String(a?.address)}"`);
    }
    if (!Number.isInteger(a.port) || a.port < 1 || a.port > 65535) {
      throw new RangeError(`Permitted port must be 1..65535: got "${String(a.port)}"`);
    }
    const address = canonical(a.address);
    const key = `${address}|${a.port}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ address, port: a.port });
    }
  }
  return out;
}

/** Binds one UDP socket on an ephemeral port. */
function bind(host: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const sock = createSocket({ type: isIP(host) === 6 ? "udp6" : "udp4" });
    const onError = (e: Error) => {
      sock.close();
      reject(e);
    };
    sock.once("error", onError);
    sock.bind({ port: 0, address: host }, () => {
      sock.off("error", onError);
      resolve(sock);
    });
  });
}

/** Closes a socket, resolving when it is closed (or was already). */
function closeSocket(sock: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      sock.close(() => resolve());
    } catch {
      resolve();
    }
  });
}

class Allocation implements RelayAllocation {
  readonly callId: string;
  readonly ports: { a: number; b: number };
  #socks: Record<Side, Socket>;
  #family: 4 | 6;
  #permits: Record<Side, TransportAddress[]> = { a: [], b: [] };
  #permitKeys: Record<Side, Set<string>> = { a: new Set(), b: new Set() };
  #learned: Record<Side, Set<string>> = { a: new Set(), b: new Set() };
  #ice: Record<Side, IceCredentials | undefined> = { a: undefined, b: undefined };
  #last: Record<Side, TransportAddress | undefined> = { a: undefined, b: undefined };
  #forwarded = { a_to_b: zero(), b_to_a: zero() };
  #dropped = { unknownSource: 0, noTarget: 0, fault: 0 };
  #firstMedia: { a_to_b: number | null; b_to_a: number | null } = { a_to_b: null, b_to_a: null };
  #rtpMedia = { a_to_b: 0, b_to_a: 0 };
  #certs: Record<Side, DtlsCertificateWatcher> = { a: new DtlsCertificateWatcher(), b: new DtlsCertificateWatcher() };
  #fault: FaultInjector | null;
  #timers = new Set<ReturnType<typeof setTimeout>>();
  #dropLogged = new Set<string>();
  #log: (e: RelayEvent) => void;
  #onClosed: () => void;
  #closing: Promise<void> | null = null;

  constructor(
    callId: string,
    socks: Record<Side, Socket>,
    family: 4 | 6,
    fault: FaultPlan | undefined,
    log: (e: RelayEvent) => void,
    onClosed: () => void,
  ) {
    this.callId = callId;
    this.#socks = socks;
    this.#family = family;
    this.#log = log;
    this.#onClosed = onClosed;
    const started = performance.now();
    this.#fault = fault ? new FaultInjector(fault, () => performance.now() - started) : null;
    this.ports = Object.freeze({ a: socks.a.address().port, b: socks.b.address().port });
    for (const side of ["a", "b"] as const) {
      socks[side].on("message", (msg: Uint8Array, rinfo: RemoteInfo) => this.#receive(side, msg, rinfo));
      socks[side].on("error", (e: Error) => this.#emit({ type: "error", callId, side, message: e.message }));
    }
  }

  permit(side: Side, addrs: TransportAddress[], ice?: IceCredentials): void {
    if (side !== "a" && side !== "b") throw new RangeError(`Side must be "a" or "b": got "${String(side)}"`);
    const list = checkAddrs(addrs);
    if (
      ice !== undefined && (typeof ice?.ufrag !== "string" || !ice.ufrag || typeof ice.pwd !== "string" || !ice.pwd)
    ) {
      throw new TypeError("ICE credentials must have a non-empty ufrag and pwd");
    }
    if (this.#closing) throw new ShieldCallError("BAD_STATE", `Relay allocation "${this.callId}" is closed`);
    // SPEC §4.3 (TR3): the list replaces the previous one; a target no longer permitted is forgotten.
    this.#permits[side] = list;
    this.#permitKeys[side] = new Set(list.map((a) => `${a.address}|${a.port}`));
    const old = this.#ice[side];
    if (ice) this.#ice[side] = { ufrag: ice.ufrag, pwd: ice.pwd };
    // SPEC §4.3 (TR4): new credentials (an ICE restart) void the addresses the old ones taught.
    if (old && ice && (old.ufrag !== ice.ufrag || old.pwd !== ice.pwd)) this.#learned[other(side)].clear();
    for (const s of ["a", "b"] as const) {
      const last = this.#last[s];
      if (last && !this.#admits(s, `${last.address}|${last.port}`)) this.#last[s] = undefined;
    }
    this.#emit({ type: "permit", callId: this.callId, side, addrs: list.map((a) => ({ ...a })) });
  }

  stats(): RelayStats {
    return {
      forwarded: { a_to_b: { ...this.#forwarded.a_to_b }, b_to_a: { ...this.#forwarded.b_to_a } },
      dropped: { ...this.#dropped },
      certificates: { a: [...this.#certs.a.fingerprints], b: [...this.#certs.b.fingerprints] },
      fault: this.#fault
        ? {
          mode: this.#fault.plan.mode,
          seed: this.#fault.plan.seed,
          rate: this.#fault.plan.rate,
          classes: [...this.#fault.plan.classes],
          actions: this.#fault.actions.map((a) => ({ ...a })),
        }
        : null,
      firstMedia: { ...this.#firstMedia },
      rtpMedia: { ...this.#rtpMedia },
    };
  }

  close(): Promise<void> {
    if (!this.#closing) {
      this.#closing = (async () => {
        for (const t of this.#timers) clearTimeout(t);
        this.#timers.clear();
        await Promise.all([closeSocket(this.#socks.a), closeSocket(this.#socks.b)]);
        this.#onClosed();
        this.#emit({ type: "closed", callId: this.callId, stats: this.stats() });
      })();
    }
    return this.#closing;
  }

  #emit(e: RelayEvent): void {
    try {
      this.#log(e);
    } catch {
      // A failing log must not stop forwarding.
    }
  }

  /** The address packets for `side` go to: the last permitted address it sent from, else its first permitted one. */
  #target(side: Side): TransportAddress | undefined {
    // SPEC §4.3 (TR5): before `side` has sent anything, its first reachable permitted address lets the first
    // connectivity check through.
    return this.#last[side] ?? this.#permits[side].find((a) => isIP(a.address) === this.#family);
  }

  /** Whether `key` ("address|port") may send on the port facing `side`: permitted (TR3) or learned (TR4). */
  #admits(side: Side, key: string): boolean {
    return this.#permitKeys[side].has(key) || this.#learned[side].has(key);
  }

  /**
   * SPEC §4.3 (TR4): a source that is not permitted is admitted, and learned, when its datagram is a connectivity
   * check from `from` to the other side that the other side's ICE password authenticates.
   */
  #learn(from: Side, packet: Uint8Array, src: TransportAddress, key: string): boolean {
    const receiver = this.#ice[other(from)];
    if (!receiver || this.#learned[from].size >= MAX_LEARNED_SOURCES) return false;
    if (!isAuthenticatedCheck(packet, receiver, this.#ice[from]?.ufrag)) return false;
    this.#learned[from].add(key);
    this.#emit({ type: "learned", callId: this.callId, side: from, from: { ...src } });
    return true;
  }

  #drop(side: Side, reason: "unknownSource" | "noTarget", from: TransportAddress): void {
    this.#dropped[reason]++;
    const key = `${side}|${reason}|${from.address}|${from.port}`;
    if (!this.#dropLogged.has(key) && this.#dropLogged.size < MAX_DROP_EVENTS) {
      this.#dropLogged.add(key);
      this.#emit({ type: "drop", callId: this.callId, side, reason, from });
    }
  }

  #receive(from: Side, msg: Uint8Array, rinfo: RemoteInfo): void {
    if (this.#closing) return;
    const src = { address: canonical(rinfo.address), port: rinfo.port };
    const key = `${src.address}|${src.port}`;
    let packet = new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength);
    // SPEC §4.3 (TR4, S1): only a source permitted or learned for the side this socket faces may use the allocation.
    if (!this.#admits(from, key) && !this.#learn(from, packet, src, key)) {
      return this.#drop(from, "unknownSource", src);
    }
    this.#last[from] = src;
    if (isRtpMedia(packet)) {
      // SPEC §8: evidence of when media first left this side (admitted, whether or not it could be forwarded).
      const d = dirOf(from);
      this.#rtpMedia[d]++;
      this.#firstMedia[d] ??= Date.now();
    }
    const to = other(from);
    const target = this.#target(to);
    if (!target) return this.#drop(from, "noTarget", src); // SPEC §4.3 (TR5)

    const cls = packet.length > 0 ? classifyPacket(packet[0]) : "other";
    if (cls === "dtls") {
      // SPEC §4.3 (TR8, M3): record the certificates this side presents, from the bytes it sent.
      let found: string[] = [];
      try {
        found = this.#certs[from].feed(packet);
      } catch {
        // Defence in depth: the parser is fuzzed never to throw; evidence loss must not stop forwarding.
      }
      for (const fingerprint of found) {
        this.#emit({ type: "certificate", callId: this.callId, side: from, fingerprint });
      }
    }
    const dir = dirOf(from);
    let replay = false;
    if (this.#fault) {
      const before = this.#fault.actions.length;
      const d = this.#fault.decide(dir, cls, packet);
      if (this.#fault.actions.length > before) {
        this.#emit({ type: "fault", callId: this.callId, action: this.#fault.actions[before] });
      }
      if (d.action === "drop") {
        // SPEC §8 (RF5)
        this.#dropped.fault++;
        return;
      }
      if (d.action === "tamper") packet = d.packet;
      replay = d.action === "replay";
    }
    // SPEC §4.3 (TR7, M2): forwarded unchanged (except by the fault plan) from the socket facing the other side.
    const c = this.#forwarded[dir];
    c[cls]++;
    c.packets++;
    c.bytes += packet.length;
    this.#send(to, packet, target);
    if (replay) {
      // SPEC §8 (RF4): the identical datagram again, to the same target, after REPLAY_DELAY_MS.
      const copy = packet.slice();
      const t = setTimeout(() => {
        this.#timers.delete(t);
        if (!this.#closing) this.#send(to, copy, target);
      }, REPLAY_DELAY_MS);
      this.#timers.add(t);
    }
  }

  #send(to: Side, packet: Uint8Array, target: TransportAddress): void {
    const report = (err: unknown) =>
      this.#emit({
        type: "error",
        callId: this.callId,
        side: to,
        message: err instanceof Error ? err.message : String(err),
      });
    try {
      this.#socks[to].send(packet, target.port, target.address, (err) => err && report(err));
    } catch (e) {
      report(e); // e.g. a socket closed underneath us; forwarding is best effort like UDP itself
    }
  }
}

/** Allocates and owns the relay socket pairs of many calls. */
export class TransportRelay {
  #host: string;
  #log: (e: RelayEvent) => void;
  #allocs = new Map<string, Allocation>();
  #pending = new Set<string>();
  #closed = false;

  /** `host` is the address the sockets bind to (default "127.0.0.1"); `log` receives every RelayEvent. */
  constructor(opts: { host?: string; log?: (e: RelayEvent) => void } = {}) {
    this.#host = opts.host ?? "127.0.0.1";
    if (isIP(this.#host) === 0) throw new TypeError(`Relay host must be an IP address: got "${this.#host}"`);
    this.#log = opts.log ?? (() => {});
  }

  /** Binds the two sockets of a new allocation; BAD_STATE when `callId` is taken or the relay is closed. */
  async allocate(callId: string, opts: { fault?: FaultPlan } = {}): Promise<RelayAllocation> {
    if (typeof callId !== "string" || callId === "") throw new TypeError("Call id must be a non-empty string");
    if (this.#closed) throw new ShieldCallError("BAD_STATE", `Cannot allocate "${callId}": the relay is closed`);
    if (this.#allocs.has(callId) || this.#pending.has(callId)) {
      throw new ShieldCallError("BAD_STATE", `Cannot allocate "${callId}": an allocation exists`);
    }
    if (opts.fault) new FaultInjector(opts.fault); // validate before binding anything
    this.#pending.add(callId);
    try {
      const a = await bind(this.#host);
      let b: Socket;
      try {
        b = await bind(this.#host);
      } catch (e) {
        await closeSocket(a);
        throw e;
      }
      const family = isIP(this.#host) === 6 ? 6 : 4;
      const alloc = new Allocation(callId, { a, b }, family, opts.fault, this.#log, () => this.#allocs.delete(callId));
      this.#allocs.set(callId, alloc);
      if (this.#closed) {
        await alloc.close();
        throw new ShieldCallError("BAD_STATE", `Cannot allocate "${callId}": the relay is closed`);
      }
      try {
        this.#log({ type: "allocated", callId, ports: { ...alloc.ports } });
      } catch {
        // ignore a failing log
      }
      return alloc;
    } finally {
      this.#pending.delete(callId);
    }
  }

  /** The open allocation of a call, if any. */
  get(callId: string): RelayAllocation | undefined {
    return this.#allocs.get(callId);
  }

  /** Closes every allocation; later `allocate` calls fail. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#allocs.values()].map((a) => a.close()));
  }
}
