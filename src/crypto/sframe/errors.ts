/**
 * Errors of the SFrame layer (SPEC §13.6), each with a stable `code`. A frame that must be dropped throws
 * `SFrameDropError` with the drop reason; misuse of the API throws a TypeError or RangeError subclass.
 */

/** Why a received frame was dropped (SPEC §13.6): the counters of a call are kept per reason. */
export type SFrameDropReason = "header" | "kid" | "replay" | "auth";

/** Stable codes of the SFrame layer (SPEC §13.6). */
export type SFrameErrorCode =
  | "SFRAME_BAD_HEADER"
  | "SFRAME_UNKNOWN_KID"
  | "SFRAME_REPLAY"
  | "SFRAME_AUTH_FAILED"
  | "SFRAME_BAD_INPUT"
  | "SFRAME_CTR_EXHAUSTED";

const REASON_CODE: Record<SFrameDropReason, SFrameErrorCode> = {
  header: "SFRAME_BAD_HEADER",
  kid: "SFRAME_UNKNOWN_KID",
  replay: "SFRAME_REPLAY",
  auth: "SFRAME_AUTH_FAILED",
};

/** A received frame that the receiver must discard (SPEC §13.6); `reason` names the counter it goes to. */
export class SFrameDropError extends Error {
  readonly code: SFrameErrorCode;
  constructor(readonly reason: SFrameDropReason, message: string) {
    super(message);
    this.name = "SFrameDropError";
    this.code = REASON_CODE[reason];
  }
}

/** A header that is not a valid RFC 9605 §4.3 encoding (truncated, or not in its minimal form). */
export class SFrameHeaderError extends SyntaxError {
  readonly code = "SFRAME_BAD_HEADER" as const;
  readonly reason = "header" as const;
  constructor(message: string) {
    super(message);
    this.name = "SFrameHeaderError";
  }
}

/** A value of the right type but out of range: a key of the wrong length, a KID or CTR above 2^64 − 1. */
export class SFrameRangeError extends RangeError {
  constructor(readonly code: "SFRAME_BAD_INPUT" | "SFRAME_CTR_EXHAUSTED", message: string) {
    super(message);
    this.name = "SFrameRangeError";
  }
}

/** An argument of the wrong type. */
export class SFrameTypeError extends TypeError {
  readonly code = "SFRAME_BAD_INPUT" as const;
  constructor(message: string) {
    super(message);
    this.name = "SFrameTypeError";
  }
}

/** Checks that `x` is a Uint8Array (of `length` bytes when given). @throws SFrameTypeError, SFrameRangeError */
export function expectBytes(name: string, x: unknown, length?: number): Uint8Array {
  if (!(x instanceof Uint8Array)) throw new SFrameTypeError(`${name} must be a Uint8Array`);
  if (length !== undefined && x.length !== length) {
    throw new SFrameRangeError("SFRAME_BAD_INPUT", `${name} must be ${length} bytes: got ${x.length}`);
  }
  return x;
}

/** The largest KID or CTR (RFC 9605 §4.3: at most 8 bytes). */
export const MAX_U64 = (1n << 64n) - 1n;

/**
 * A KID or CTR as a bigint in 0..2^64 − 1; a number must be a safe integer.
 * @throws SFrameTypeError, SFrameRangeError
 */
export function toU64(name: string, x: unknown): bigint {
  let v: bigint;
  if (typeof x === "bigint") v = x;
  else if (typeof x === "number" && Number.isSafeInteger(x)) v = BigInt(x);
  else throw new SFrameTypeError(`${name} must be a bigint or a safe integer`);
  if (v < 0n || v > MAX_U64) throw new SFrameRangeError("SFRAME_BAD_INPUT", `${name} out of range: "${v}"`);
  return v;
}
