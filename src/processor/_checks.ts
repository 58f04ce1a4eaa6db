/**
 * Argument checks shared by the in-process MediaProcessor and the worker-backed ProcessorPool (SPEC §4.4), so both
 * refuse the same calls with the same codes and messages.
 */
import { ShieldCallError } from "../errors.ts";

/** A leg as the checks see it. */
interface LegLike {
  readonly id: string;
  readonly closed: boolean;
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
