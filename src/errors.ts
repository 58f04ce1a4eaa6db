/**
 * Stable error codes and the error class every layer throws or returns (SPEC §9).
 * Leaf module: imports nothing, so every layer may use it. Codes never change meaning once published;
 * the wire protocol, the driver protocol, the CLI and the reports all carry the same strings.
 */

/** Every stable error code, with the one-line meaning SPEC §9 gives it. */
export const ERROR_CODES = {
  // Handshake and verification number (SPEC §5)
  E2EE_COMMITMENT_MISMATCH: "The revealed key and fingerprint do not match the commitment",
  E2EE_LOW_ORDER_KEY: "The X25519 shared secret is all zero (low-order peer key)",
  E2EE_BAD_KEY: "An X25519 key is not 32 bytes",
  E2EE_BAD_FINGERPRINT: "A DTLS fingerprint is missing, malformed or not sha-256",
  E2EE_BAD_NUMBER: "A verification number is not 20 decimal digits",
  E2EE_BAD_INPUT: "A handshake input has the wrong type or length",
  E2EE_CONFIRM_FAILED: "The peer's key confirmation did not verify",
  E2EE_FINGERPRINT_MISMATCH: "A description's DTLS fingerprint differs from the one bound into the handshake",
  E2EE_BAD_VERSION: "The chosen protocol version was not offered",
  E2EE_BAD_PROFILE: "The chosen media profile was not offered, or cannot complete the offer",
  // Policy (SPEC §3)
  POLICY_DISALLOWS: "The effective E2EE policy does not allow this",
  POLICY_INVALID: "A policy file or admin request is invalid",
  POLICY_NOT_FOUND: "The named tenant, user, group or policy does not exist",
  POLICY_CONFLICT: "The object already exists",
  // Wire protocol (SPEC §6)
  PROTO_PARSE: "The message is not valid JSON",
  PROTO_INVALID: "The message does not match its schema",
  PROTO_UNKNOWN_TYPE: "The message type is unknown",
  PROTO_TOO_LARGE: "The message exceeds the size limit",
  // Service and access (SPEC §2 S1–S2, §6)
  AUTH_REQUIRED: "The connection has not authenticated",
  AUTH_FAILED: "Authentication failed",
  CALL_NOT_FOUND: "No such call",
  NOT_A_PARTY: "The sender is not a party of this call",
  BAD_STATE: "The message is not valid in the call's current state",
  USER_NOT_FOUND: "No such user",
  USER_UNAVAILABLE: "The callee has no registered endpoint",
  // Features (SPEC §2 F1–F10)
  FEATURE_DISABLED_E2EE: "The feature is unavailable while the call is end-to-end encrypted",
  FEATURE_UNKNOWN: "No such feature",
  FEATURE_FAILED: "The feature could not be performed",
  // Driver protocol (SPEC §7)
  DRIVER_UNSUPPORTED: "The adapter does not implement this method",
  ADAPTER_PROTOCOL: "The adapter sent a line that breaks the driver protocol",
  INTERNAL: "Internal error",
  // Call control (SPEC §4.5)
  PARK_NOT_FOUND: "No parked call has this pickup code in the caller's tenant",
  // Service capacity (SPEC §2.5 S3)
  SERVICE_BUSY: "The service is at its call capacity; the call was not admitted",
} as const;

/** A stable error code. */
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * An error a caller is expected to catch: carries a stable `code` and optional structured `detail`.
 * Messages are sentence case without a trailing period, detail after a colon (CONTRIBUTING.md, "Errors have stable
 * codes").
 */
export class ShieldCallError extends Error {
  readonly code: ErrorCode;
  readonly detail?: Record<string, unknown>;
  constructor(code: ErrorCode, message: string, detail?: Record<string, unknown>) {
    super(message);
    this.name = "ShieldCallError";
    this.code = code;
    if (detail !== undefined) this.detail = detail;
  }
  /** The error as a plain object for the wire and for reports. */
  toJSON(): { code: ErrorCode; message: string; detail?: Record<string, unknown> } {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }
}

/** True when `e` is a ShieldCallError, optionally with the given code. */
export function isShieldCallError(e: unknown, code?: ErrorCode): e is ShieldCallError {
  return e instanceof ShieldCallError && (code === undefined || e.code === code);
}

/** True when `s` is a known error code. */
export function isErrorCode(s: unknown): s is ErrorCode {
  return typeof s === "string" && Object.prototype.hasOwnProperty.call(ERROR_CODES, s);
}
