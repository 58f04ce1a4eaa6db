/**
 * Seeded, deterministic packet faults for the relay adversary modes tamper / replay / drop (SPEC §8 RF1–RF6).
 * Pure: decisions depend only on the seed, the direction and the packet's index; no I/O, no clock of its own.
 */
import { headerLength, PACKET_CLASSES } from "./classify.ts";
import type { PacketClass } from "./classify.ts";

/** A relay fault mode, seed and scope. */
export type FaultPlan = {
  mode: "tamper" | "replay" | "drop";
  /** 0..2^32-1; the same seed gives the same decisions. */
  seed: number;
  /** Share of eligible packets acted on, 0..1; default 0.05. */
  rate?: number;
  /** Classes eligible for faults; default ["srtp"]. */
  classes?: PacketClass[];
};

/** Direction of a relayed packet. */
export type Direction = "a_to_b" | "b_to_a";

/** One logged fault action. */
export interface FaultAction {
  /** 1-based index of the packet among the eligible packets of its direction. */
  n: number;
  /** Milliseconds since the allocation was made. */
  at: number;
  dir: Direction;
  cls: PacketClass;
  action: "tamper" | "replay" | "drop";
  /** Tamper only: byte offset changed. */
  offset?: number;
  /** Tamper only: XOR mask applied at `offset` (1..255). */
  mask?: number;
  /** Packet length in bytes. */
  bytes: number;
}

/** What to do with one packet. */
export type FaultDecision =
  | { action: "pass" }
  | { action: "drop" }
  | { action: "replay" }
  | { action: "tamper"; packet: Uint8Array };

const MODES = ["tamper", "replay", "drop"] as const;

/** Validates a plan and fills its defaults; TypeError/RangeError on a malformed plan. */
export function normalizeFaultPlan(plan: FaultPlan): Required<FaultPlan> {
  if (!plan || typeof plan !== "object") throw new TypeError("Fault plan must be an object");
  if (!(MODES as readonly string[]).includes(plan.mode)) {
    throw new RangeError(`Fault mode must be one of ${MODES.join(", ")}: got "${String(plan.mode)}"`);
  }
  if (!Number.isInteger(plan.seed) || plan.seed < 0 || plan.seed > 0xffffffff) {
    throw new RangeError(`Fault seed must be an integer 0..4294967295: got "${String(plan.seed)}"`);
  }
  const rate = plan.rate ?? 0.05;
  if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) {
    throw new RangeError(`Fault rate must be 0..1: got "${String(rate)}"`);
  }
  const classes = plan.classes ?? ["srtp"];
  if (!Array.isArray(classes) || classes.some((c) => !PACKET_CLASSES.includes(c))) {
    throw new RangeError(`Fault classes must be drawn from ${PACKET_CLASSES.join(", ")}: got "${String(classes)}"`);
  }
  return { mode: plan.mode, seed: plan.seed, rate, classes: [...classes] };
}

/** murmur3 finaliser: a bijective 32-bit mix. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Counter-based uniform draw in [0, 1) for (seed, direction, packet index, draw index). */
export function faultDraw(seed: number, dir: Direction, n: number, k: number): number {
  let h = fmix32((seed >>> 0) ^ (dir === "a_to_b" ? 0x9e3779b9 : 0x7f4a7c15));
  h = fmix32(h ^ Math.imul(n >>> 0, 0xcc9e2d51));
  h = fmix32(h ^ Math.imul((n / 0x100000000) >>> 0, 0x1b873593));
  h = fmix32(h ^ Math.imul(k + 1, 0xe6546b64));
  return h / 0x100000000;
}

/** Applies a fault plan to a stream of packets and logs every action it takes. */
export class FaultInjector {
  readonly plan: Required<FaultPlan>;
  readonly actions: FaultAction[] = [];
  #count: Record<Direction, number> = { a_to_b: 0, b_to_a: 0 };
  #now: () => number;

  /** `now` returns milliseconds since the allocation was made (for the log only). */
  constructor(plan: FaultPlan, now: () => number = () => 0) {
    this.plan = normalizeFaultPlan(plan);
    this.#now = now;
  }

  /** Decides the fate of one packet; `packet` is never modified (tamper returns a copy). */
  decide(dir: Direction, cls: PacketClass, packet: Uint8Array): FaultDecision {
    if (!this.plan.classes.includes(cls)) return { action: "pass" };
    const n = ++this.#count[dir];
    // SPEC §8 (RF2): decisions are a function of (seed, direction, n) only, so a seed replays exactly.
    if (faultDraw(this.plan.seed, dir, n, 0) >= this.plan.rate) return { action: "pass" };
    const base = { n, at: Math.round(this.#now()), dir, cls, bytes: packet.length };
    switch (this.plan.mode) {
      case "drop":
        this.actions.push({ ...base, action: "drop" });
        return { action: "drop" };
      case "replay":
        this.actions.push({ ...base, action: "replay" });
        return { action: "replay" };
      case "tamper": {
        // SPEC §8 (RF3): tamper changes one byte after the class's fixed header (RTP: 12 bytes).
        const hdr = headerLength(cls);
        if (packet.length <= hdr) return { action: "pass" };
        const offset = hdr + Math.floor(faultDraw(this.plan.seed, dir, n, 1) * (packet.length - hdr));
        const mask = 1 + Math.floor(faultDraw(this.plan.seed, dir, n, 2) * 255);
        const copy = packet.slice();
        copy[offset] ^= mask;
        this.actions.push({ ...base, action: "tamper", offset, mask });
        return { action: "tamper", packet: copy };
      }
    }
  }
}
