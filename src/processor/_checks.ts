/**
 * Argument checks shared by the in-process MediaProcessor and the worker-backed ProcessorPool (SPEC §4.4), so both
 * refuse the same calls with the same codes and messages.
 */
import { ShieldCallError } from "../errors.ts";

/** A leg as the checks see it. */
interface LegLike extends PortLike {
  readonly closed: boolean;
}

/** A media port (a leg, or a leg imported from another worker) as the checks see it. */
interface PortLike {
  readonly id: string;
  readonly bridgedBy: unknown;
}

/** BAD_STATE once the processor is closed. */
export function checkOpen(closed: boolean, what: string): void {
  if (closed) throw new ShieldCallError("BAD_STATE", `Cannot ${what}: the media processor is closed`);
}

/** A new leg needs a non-empty id (TypeError), an open processor and no open leg of that id (BAD_STATE). */
export function checkNewLeg(legId: string, closed: boolean, taken: boolean): void {
  if (typeof legId !== "string" || legId === "") throw new TypeError("Leg id must be a non-empty string");
  checkOpen(closed, `create leg "${legId}"`);
  if (taken) throw new ShieldCallError("BAD_STATE", `Cannot create leg "${legId}": a leg with that id is open`);
}

/** Two distinct legs (TypeError), both open and in no bridge (BAD_STATE). */
export function checkBridgeable(a: LegLike, b: LegLike): void {
  if (a === b) throw new TypeError(`Cannot bridge leg "${a.id}" to itself`);
  for (const l of [a, b]) {
    if (l.closed) throw new ShieldCallError("BAD_STATE", `Cannot bridge leg "${l.id}": the leg is closed`);
    if (l.bridgedBy !== null) {
      throw new ShieldCallError("BAD_STATE", `Cannot bridge leg "${l.id}": it is already bridged`);
    }
  }
}

/** The error for a leg that is not the processor's own: BAD_STATE when it is one of its kind but closed. */
export function notOwnLeg(l: unknown, ofThisKindAndClosed: boolean): Error {
  const id = String((l as { id?: unknown } | null)?.id);
  if (ofThisKindAndClosed) return new ShieldCallError("BAD_STATE", `Cannot bridge leg "${id}": the leg is closed`);
  return new TypeError(`Leg "${id}" does not belong to this media processor`);
}

/** SPEC §4.5 (CC8): a group holds two or more distinct ports (TypeError), none in a bridge yet (BAD_STATE). */
export function checkGroupPorts(ports: readonly PortLike[]): void {
  if (ports.length < 2) throw new TypeError("A group bridge needs at least two legs");
  if (new Set(ports).size !== ports.length) throw new TypeError("A group bridge cannot hold a leg twice");
  for (const p of ports) {
    if (p.bridgedBy !== null) {
      throw new ShieldCallError("BAD_STATE", `Cannot bridge leg "${p.id}": it is already bridged`);
    }
  }
}

/** A group's slot bounds in ms, defaults filled in; RangeError unless 0 < min <= max. */
export function slotBounds(
  opts: { minSlotMs?: number; maxSlotMs?: number },
  defaults: { minSlotMs: number; maxSlotMs: number },
): { min: number; max: number } {
  const min = opts.minSlotMs ?? defaults.minSlotMs;
  const max = opts.maxSlotMs ?? defaults.maxSlotMs;
  if (!(min > 0 && max >= min)) throw new RangeError(`Group slot bounds "${min}".."${max}" are invalid`);
  return { min, max };
}

/**
 * A group of the processor's own legs (SPEC §4.5 CC8): each open (BAD_STATE, checked first, leg by leg), then as
 * checkGroupPorts() and slotBounds() say.
 */
export function checkGroup(
  legs: readonly LegLike[],
  opts: { minSlotMs?: number; maxSlotMs?: number },
  defaults: { minSlotMs: number; maxSlotMs: number },
): void {
  for (const l of legs) {
    if (l.closed) throw new ShieldCallError("BAD_STATE", `Cannot bridge leg "${l.id}": the leg is closed`);
  }
  checkGroupPorts(legs);
  slotBounds(opts, defaults);
}

/** SPEC §4.5 (CC10): voicemail records an open leg (BAD_STATE) that is in no bridge (BAD_STATE). */
export function checkVoicemailLeg(l: LegLike): void {
  if (l.closed) throw new ShieldCallError("BAD_STATE", `Cannot record voicemail on leg "${l.id}": the leg is closed`);
  checkVoicemailPort(l);
}

/** A port voicemail records is in no bridge (BAD_STATE). */
export function checkVoicemailPort(p: PortLike): void {
  if (p.bridgedBy !== null) {
    throw new ShieldCallError("BAD_STATE", `Cannot record voicemail on leg "${p.id}": it is already bridged`);
  }
}
