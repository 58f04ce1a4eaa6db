/**
 * Admission control (SPEC §2.5 S3): the service admits a new call only while its live calls of that kind are below its
 * capacity, and refuses the rest with SERVICE_BUSY, so the calls it already carries keep their media. A standard call
 * costs the media processor a decode and a re-encode each way; an E2EE call only forwarding at the relay.
 */
import { ShieldCallError } from "../errors.ts";
import { type CallRecord, isE2eeTopology } from "./calls.ts";

/**
 * What a call costs the service: `standard` (processor-anchored) or `e2ee` (relay, or forwarder: SPEC §13.11; the
 * forwarder's SRTP per leg costs more than the relay, but its capacity is not measured apart yet).
 */
export type CallKind = "standard" | "e2ee";

/** Live calls admitted per kind; 0 or Infinity means no limit for that kind. */
export interface Capacity {
  standard: number;
  e2ee: number;
}

/**
 * Measured with bench/load.ts on 2 cores (callers, callees and service on the same machine): 5 concurrent standard
 * calls without a media gap over 200 ms, 10 stalled them for seconds; 10 E2EE calls stayed under 200 ms.
 */
export const STANDARD_CALLS_PER_CORE = 2.5;
export const E2EE_CALLS_PER_CORE = 5;

/** The default capacity of a service on `cores` cores. */
export function defaultCapacity(cores: number): Capacity {
  const c = Math.max(1, Math.floor(cores));
  return { standard: Math.floor(STANDARD_CALLS_PER_CORE * c), e2ee: Math.floor(E2EE_CALLS_PER_CORE * c) };
}

/** The kind of a call: its topology once decided (SPEC §4.2), else what its invite asked for. */
export function kindOf(call: CallRecord): CallKind {
  // SPEC §2.5 (S3), §13.11: a forwarder call is an E2EE call
  if (call.topology !== null) return isE2eeTopology(call.topology) ? "e2ee" : "standard";
  return call.e2ee.commit !== null && call.e2ee.eligible ? "e2ee" : "standard";
}

/** Checks capacities and counts refusals. */
export class Admission {
  readonly capacity: Capacity;
  refused = 0;

  constructor(capacity: Capacity) {
    for (const k of ["standard", "e2ee"] as const) {
      const v = capacity[k];
      if (!(v === Infinity || (Number.isInteger(v) && v >= 0))) {
        throw new RangeError(`Call capacity (${k}) must be a whole number of at least 0: got "${String(v)}"`);
      }
    }
    this.capacity = { ...capacity };
  }

  /** SPEC §2.5 (S3): throws SERVICE_BUSY, changing nothing but the refusal count, when a `kind` call does not fit. */
  admit(kind: CallKind, calls: Iterable<CallRecord>): void {
    const max = this.capacity[kind];
    if (max === 0 || max === Infinity) return;
    let live = 0;
    for (const c of calls) if (c.phase !== "ended" && kindOf(c) === kind) live++;
    if (live < max) return;
    this.refused++;
    throw new ShieldCallError(
      "SERVICE_BUSY",
      `The service is at its capacity of ${max} ${kind === "e2ee" ? "E2EE" : "standard"} calls: try again later`,
      { kind, capacity: max },
    );
  }
}
