/**
 * Driver protocol framing (SPEC §7): parse JSON-RPC 2.0 lines on both sides and build responses.
 * parseRpcRequest() (adapter side) and parseRpcResponse() (suite side) never throw, whatever the input.
 */
import { type TypeCheck, TypeCompiler } from "@sinclair/typebox/compiler";
import type { TObject, TSchema } from "@sinclair/typebox";
import { type ErrorCode, isErrorCode } from "../errors.ts";
import { decodeUtf8, firstError, isPlainObject, quote, utf8Length } from "./_common.ts";
import {
  DRIVER_NOTIFICATIONS,
  DRIVER_PARAMS,
  DRIVER_RESULTS,
  type DriverMethod,
  type DriverNotification,
  type DriverNotificationMap,
  type DriverNotificationMethod,
  type DriverParamsMap,
  type DriverRequest,
  type DriverResultMap,
  isDriverMethod,
  MAX_RPC_LINE_BYTES,
  notificationSchema,
  RPC_ERRORS,
  type RpcErrorObject,
  type RpcFailure,
  RpcFailure as RpcFailureSchema,
  RpcId,
  type RpcId as RpcIdType,
  type RpcSuccess,
  RpcSuccess as RpcSuccessSchema,
} from "./driver.ts";

const compileMap = <K extends string>(m: Record<K, TSchema>) =>
  new Map(Object.entries(m).map(([k, s]) => [k, TypeCompiler.Compile(s as TSchema)])) as ReadonlyMap<
    string,
    TypeCheck<TSchema>
  >;

const paramChecks = compileMap(DRIVER_PARAMS);
const resultChecks = compileMap(DRIVER_RESULTS);
const notificationChecks = new Map(
  (Object.keys(DRIVER_NOTIFICATIONS) as DriverNotificationMethod[]).map((
    n,
  ) => [n, TypeCompiler.Compile(notificationSchema(n))]),
) as ReadonlyMap<string, TypeCheck<TObject>>;
const idCheck = TypeCompiler.Compile(RpcId);
const successCheck = TypeCompiler.Compile(RpcSuccessSchema);
const failureCheck = TypeCompiler.Compile(RpcFailureSchema);

const REQUEST_MEMBERS = new Set(["jsonrpc", "id", "method", "params"]);

/** The outcome of parseRpcRequest(): a typed request, or the error response to write back. */
export type RpcRequestResult = { ok: true; request: DriverRequest } | { ok: false; response: RpcFailure };

/** A line from the adapter as the suite reads it. */
export type RpcMessage =
  | { ok: true; kind: "result"; msg: RpcSuccess }
  | { ok: true; kind: "error"; msg: RpcFailure }
  | { ok: true; kind: "notification"; msg: DriverNotification }
  | { ok: false; error: { code: ErrorCode; message: string } };

/** A JSON-RPC success response. */
export function rpcResult(id: RpcIdType, result: unknown): RpcSuccess {
  return { jsonrpc: "2.0", id, result };
}

/** A JSON-RPC error response; `data` is omitted when undefined. */
export function rpcError(id: RpcIdType | null, code: number, message: string, data?: unknown): RpcFailure {
  const error: RpcErrorObject = data === undefined ? { code, message } : { code, message, data };
  return { jsonrpc: "2.0", id, error };
}

/** SPEC §7: an application error, code -32000 with data {code}. */
export function rpcAppError(id: RpcIdType | null, code: ErrorCode, message: string): RpcFailure {
  return rpcError(id, RPC_ERRORS.APPLICATION_ERROR, message, { code });
}

/** SPEC §7: the standard "unsupported" answer, -32601 with data {code: "DRIVER_UNSUPPORTED"}. */
export function rpcUnsupported(id: RpcIdType | null, method: string): RpcFailure {
  return rpcError(id, RPC_ERRORS.METHOD_NOT_FOUND, `Unsupported method ${quote(method)}`, {
    code: "DRIVER_UNSUPPORTED",
  });
}

/** A request line object for the suite to send. */
export function rpcRequest<M extends DriverMethod>(id: RpcIdType, method: M, params: DriverParamsMap[M]) {
  return { jsonrpc: "2.0" as const, id, method, params };
}

/** A notification for the adapter to send. */
export function rpcNotification<N extends DriverNotificationMethod>(method: N, params: DriverNotificationMap[N]) {
  return { jsonrpc: "2.0" as const, method, params };
}

/** `msg` as one protocol line: compact JSON and a newline. */
export function rpcLine(msg: unknown): string {
  return `${JSON.stringify(msg)}\n`;
}

/** The stable error code carried in `error.data.code`, or null when there is none. */
export function rpcErrorCode(error: RpcErrorObject): ErrorCode | null {
  const data = error.data;
  return isPlainObject(data) && isErrorCode(data.code) ? data.code : null;
}

/** Decodes one line after the size check, or returns the reason it is unreadable. */
function readLine(line: string | Uint8Array): { value: unknown } | { code: ErrorCode; message: string } {
  // SPEC §7: lines are at most 1 MiB; size first, so an oversized line is never parsed.
  let text: string | null;
  if (typeof line === "string") {
    if (utf8Length(line, MAX_RPC_LINE_BYTES) > MAX_RPC_LINE_BYTES) {
      return { code: "PROTO_TOO_LARGE", message: `Line is larger than ${MAX_RPC_LINE_BYTES} bytes` };
    }
    text = line;
  } else if (line instanceof Uint8Array) {
    if (line.byteLength > MAX_RPC_LINE_BYTES) {
      return { code: "PROTO_TOO_LARGE", message: `Line is larger than ${MAX_RPC_LINE_BYTES} bytes` };
    }
    text = decodeUtf8(line);
    if (text === null) return { code: "PROTO_PARSE", message: "Parse error: line is not valid UTF-8" };
  } else {
    return { code: "PROTO_PARSE", message: "Parse error: line is not text" };
  }
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { code: "PROTO_PARSE", message: "Parse error: line is not valid JSON" };
  }
}

/**
 * Parses one request line (adapter side, SPEC §7). Returns the typed request, or the error response to send:
 * -32700 (not JSON, id null), -32600 (not a request object, a batch, no id, over 1 MiB), -32601 (unknown method,
 * data {code: "DRIVER_UNSUPPORTED"}), -32602 (params do not match, message naming the path). Absent params are `{}`.
 */
export function parseRpcRequest(line: string | Uint8Array): RpcRequestResult {
  try {
    return parseRequestUnsafe(line);
  } catch {
    return { ok: false, response: rpcError(null, RPC_ERRORS.INTERNAL_ERROR, "Internal error", { code: "INTERNAL" }) };
  }
}

function parseRequestUnsafe(line: string | Uint8Array): RpcRequestResult {
  const bad = (id: RpcIdType | null, code: number, message: string, errorCode: ErrorCode) =>
    ({ ok: false, response: rpcError(id, code, message, { code: errorCode }) }) as const;
  const read = readLine(line);
  if (!("value" in read)) {
    const rpcCode = read.code === "PROTO_PARSE" ? RPC_ERRORS.PARSE_ERROR : RPC_ERRORS.INVALID_REQUEST;
    return bad(null, rpcCode, read.message, read.code);
  }
  const req = read.value;
  if (Array.isArray(req)) {
    return bad(null, RPC_ERRORS.INVALID_REQUEST, "Invalid request: batches are not supported", "PROTO_INVALID");
  }
  if (!isPlainObject(req)) {
    return bad(null, RPC_ERRORS.INVALID_REQUEST, "Invalid request: not a JSON object", "PROTO_INVALID");
  }
  if (!("id" in req)) {
    return bad(null, RPC_ERRORS.INVALID_REQUEST, 'Invalid request: "id" is required', "PROTO_INVALID");
  }
  if (!idCheck.Check(req.id)) {
    return bad(
      null,
      RPC_ERRORS.INVALID_REQUEST,
      'Invalid request: "id" must be a string of at most 128 characters or an integer',
      "PROTO_INVALID",
    );
  }
  const id = req.id as RpcIdType;
  if (req.jsonrpc !== "2.0") {
    return bad(id, RPC_ERRORS.INVALID_REQUEST, 'Invalid request: "jsonrpc" must be "2.0"', "PROTO_INVALID");
  }
  if (typeof req.method !== "string") {
    return bad(id, RPC_ERRORS.INVALID_REQUEST, 'Invalid request: "method" must be a string', "PROTO_INVALID");
  }
  const extra = Object.keys(req).find((k) => !REQUEST_MEMBERS.has(k));
  if (extra !== undefined) {
    return bad(id, RPC_ERRORS.INVALID_REQUEST, `Invalid request: unexpected member ${quote(extra)}`, "PROTO_INVALID");
  }
  const params = "params" in req ? req.params : {};
  if (typeof params !== "object" || params === null) {
    return bad(id, RPC_ERRORS.INVALID_REQUEST, 'Invalid request: "params" must be an object', "PROTO_INVALID");
  }
  const method = req.method;
  if (!isDriverMethod(method)) {
    return { ok: false, response: rpcUnsupported(id, method) };
  }
  if (Array.isArray(params)) {
    return bad(
      id,
      RPC_ERRORS.INVALID_PARAMS,
      `Invalid params for ${quote(method)}: / must be an object (by-name params only)`,
      "PROTO_INVALID",
    );
  }
  const err = firstError(paramChecks.get(method)!, params);
  if (err) {
    return bad(id, RPC_ERRORS.INVALID_PARAMS, `Invalid params for ${quote(method)}: ${err.text}`, "PROTO_INVALID");
  }
  return { ok: true, request: { id, method, params } as DriverRequest };
}

/**
 * Parses one line from the adapter (suite side, SPEC §7): a success response, an error response, or a notification.
 * A failure carries PROTO_TOO_LARGE, PROTO_PARSE, PROTO_INVALID or PROTO_UNKNOWN_TYPE (unknown notification).
 * Results are not checked here (the id→method map is the caller's): use validateRpcResult().
 */
export function parseRpcResponse(line: string | Uint8Array): RpcMessage {
  try {
    return parseResponseUnsafe(line);
  } catch {
    return { ok: false, error: { code: "PROTO_INVALID", message: "Line could not be validated" } };
  }
}

function parseResponseUnsafe(line: string | Uint8Array): RpcMessage {
  const read = readLine(line);
  if (!("value" in read)) return { ok: false, error: read };
  const msg = read.value;
  if (!isPlainObject(msg)) {
    return { ok: false, error: { code: "PROTO_INVALID", message: "Invalid message: not a JSON object" } };
  }
  if ("method" in msg) {
    if (typeof msg.method !== "string") {
      return {
        ok: false,
        error: { code: "PROTO_INVALID", message: 'Invalid notification: "method" must be a string' },
      };
    }
    const check = notificationChecks.get(msg.method);
    if (!check) {
      return { ok: false, error: { code: "PROTO_UNKNOWN_TYPE", message: `Unknown notification ${quote(msg.method)}` } };
    }
    const err = firstError(check, msg);
    if (err) {
      return {
        ok: false,
        error: { code: "PROTO_INVALID", message: `Invalid ${quote(msg.method)} notification: ${err.text}` },
      };
    }
    return { ok: true, kind: "notification", msg: msg as DriverNotification };
  }
  if ("error" in msg) {
    const err = firstError(failureCheck, msg);
    if (err) return { ok: false, error: { code: "PROTO_INVALID", message: `Invalid error response: ${err.text}` } };
    const failure = msg as RpcFailure;
    // SPEC §7: application errors (-32000) carry data {code: <ErrorCode>}.
    if (failure.error.code === RPC_ERRORS.APPLICATION_ERROR && rpcErrorCode(failure.error) === null) {
      return {
        ok: false,
        error: {
          code: "PROTO_INVALID",
          message: "Invalid error response: /error/data/code must be an error code for -32000",
        },
      };
    }
    return { ok: true, kind: "error", msg: failure };
  }
  const err = firstError(successCheck, msg);
  if (err) return { ok: false, error: { code: "PROTO_INVALID", message: `Invalid response: ${err.text}` } };
  return { ok: true, kind: "result", msg: msg as RpcSuccess };
}

/** Checks `result` against `method`'s result schema (SPEC §7); the error message names the first failing path. */
export function validateRpcResult<M extends DriverMethod>(
  method: M,
  result: unknown,
): { ok: true; result: DriverResultMap[M] } | { ok: false; error: { code: ErrorCode; message: string } } {
  const check = resultChecks.get(method);
  if (!check) {
    return { ok: false, error: { code: "PROTO_UNKNOWN_TYPE", message: `Unknown method ${quote(String(method))}` } };
  }
  const err = firstError(check, result);
  if (err) {
    return { ok: false, error: { code: "PROTO_INVALID", message: `Invalid result for ${quote(method)}: ${err.text}` } };
  }
  return { ok: true, result: result as DriverResultMap[M] };
}
