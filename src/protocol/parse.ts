/**
 * Parsing and validation of signaling frames (SPEC §6, S2). Total functions: they never throw, whatever the input,
 * and every failure carries a stable code (SPEC §9) plus the sender's `rid`/`callId` when those were valid ids.
 */
import { type TypeCheck, TypeCompiler } from "@sinclair/typebox/compiler";
import type { TObject } from "@sinclair/typebox";
import type { ErrorCode } from "../errors.ts";
import { decodeUtf8, firstError, isId, isPlainObject, quote, utf8Length } from "./_common.ts";
import {
  CLIENT_MESSAGES,
  type ClientMessage,
  type ErrorMsg,
  MAX_FRAME_BYTES,
  SERVER_MESSAGES,
  type ServerMessage,
} from "./signaling.ts";

/** Why a frame was rejected; `rid`/`callId` are echoed from the frame when they were valid ids. */
export interface MessageError {
  code: ErrorCode;
  message: string;
  rid?: string;
  callId?: string;
}

/** The outcome of parsing or validating one signaling message. */
export type MessageResult<T> = { ok: true; msg: T } | { ok: false; error: MessageError };

type Checks = ReadonlyMap<string, TypeCheck<TObject>>;

function compileAll(schemas: Record<string, TObject>): Checks {
  return new Map(Object.entries(schemas).map(([t, s]) => [t, TypeCompiler.Compile(s)]));
}

const clientChecks = compileAll(CLIENT_MESSAGES);
const serverChecks = compileAll(SERVER_MESSAGES);

function fail(code: ErrorCode, message: string, from?: Record<string, unknown>): { ok: false; error: MessageError } {
  const error: MessageError = { code, message };
  // SPEC §6: echo rid/callId so the sender can correlate; only valid ids, so the `error` reply stays schema-valid.
  if (from && isId(from.rid)) error.rid = from.rid;
  if (from && isId(from.callId)) error.callId = from.callId;
  return { ok: false, error };
}

function validateWith<T>(checks: Checks, value: unknown): MessageResult<T> {
  try {
    return validateUnsafe<T>(checks, value);
  } catch {
    // Only reachable with non-JSON inputs to validate*() (e.g. a Proxy that throws): stay total.
    return fail("PROTO_INVALID", "Message could not be validated");
  }
}

function validateUnsafe<T>(checks: Checks, value: unknown): MessageResult<T> {
  if (!isPlainObject(value) || typeof value.type !== "string") {
    return fail(
      "PROTO_INVALID",
      'Message must be a JSON object with a string "type"',
      isPlainObject(value) ? value : undefined,
    );
  }
  const check = checks.get(value.type);
  if (!check) return fail("PROTO_UNKNOWN_TYPE", `Unknown message type ${quote(value.type)}`, value);
  const err = firstError(check, value);
  if (err) return fail("PROTO_INVALID", `Invalid ${quote(value.type)} message: ${err.text}`, value);
  return { ok: true, msg: value as T };
}

function parseWith<T>(checks: Checks, input: string | Uint8Array): MessageResult<T> {
  let text: string;
  // SPEC §6 (S2): size first, so an oversized frame is never parsed.
  if (typeof input === "string") {
    if (utf8Length(input, MAX_FRAME_BYTES) > MAX_FRAME_BYTES) {
      return fail("PROTO_TOO_LARGE", `Message is larger than ${MAX_FRAME_BYTES} bytes`);
    }
    text = input;
  } else if (input instanceof Uint8Array) {
    if (input.byteLength > MAX_FRAME_BYTES) {
      return fail("PROTO_TOO_LARGE", `Message is larger than ${MAX_FRAME_BYTES} bytes: got ${input.byteLength}`);
    }
    const decoded = decodeUtf8(input);
    if (decoded === null) return fail("PROTO_PARSE", "Message is not valid UTF-8");
    text = decoded;
  } else {
    return fail("PROTO_PARSE", "Message is not text");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The engine's SyntaxError text quotes the input and differs between engines: keep ours fixed.
    return fail("PROTO_PARSE", "Message is not valid JSON");
  }
  return validateWith<T>(checks, value);
}

/**
 * Parses one endpoint → service frame (SPEC §6): size (PROTO_TOO_LARGE), JSON (PROTO_PARSE), object with a
 * string `type` (PROTO_INVALID), known type (PROTO_UNKNOWN_TYPE), schema (PROTO_INVALID naming the first failing path).
 */
export function parseClientMessage(text: string | Uint8Array): MessageResult<ClientMessage> {
  return parseWith<ClientMessage>(clientChecks, text);
}

/** Parses one service → endpoint frame (SPEC §6), with the same steps and codes as parseClientMessage(). */
export function parseServerMessage(text: string | Uint8Array): MessageResult<ServerMessage> {
  return parseWith<ServerMessage>(serverChecks, text);
}

/** Validates an already-decoded endpoint → service message (no size step). */
export function validateClientMessage(value: unknown): MessageResult<ClientMessage> {
  return validateWith<ClientMessage>(clientChecks, value);
}

/** Validates an already-decoded service → endpoint message (no size step), e.g. before the service sends it. */
export function validateServerMessage(value: unknown): MessageResult<ServerMessage> {
  return validateWith<ServerMessage>(serverChecks, value);
}

/** The `error` message (SPEC §6) that reports `error` to the sender. */
export function errorMsg(error: MessageError): ErrorMsg {
  const msg: ErrorMsg = { type: "error", code: error.code, message: error.message };
  if (error.rid !== undefined) msg.rid = error.rid;
  if (error.callId !== undefined) msg.callId = error.callId;
  return msg;
}
