/**
 * The signaling (SPEC §6) and driver (SPEC §7) schemas as standalone JSON Schema 2020-12 documents, for
 * implementations in other languages. fixtures/schemas/ holds exactly schemaFiles(); a test keeps them in sync.
 */
import type { TSchema } from "@sinclair/typebox";
import {
  CallState,
  DRIVER_METHODS,
  DRIVER_NOTIFICATION_METHODS,
  DRIVER_PARAMS,
  DRIVER_RESULTS,
  notificationSchema,
  requestSchema,
  RpcFailure,
  RpcSuccess,
} from "./driver.ts";
import { CLIENT_MESSAGES, MAX_FRAME_BYTES, SERVER_MESSAGES } from "./signaling.ts";

/** Base of every document's `$id`. */
export const SCHEMA_BASE_URL = "https://shieldcall.dev/schemas/";
/** The JSON Schema dialect of every document. */
export const SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

const KEY_ORDER = ["$schema", "$id", "title", "description", "type", "const", "enum"];

/** A TypeBox schema as plain JSON: symbols dropped, unions of string constants as `enum`, key order fixed. */
function plain(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(plain);
  if (typeof schema !== "object" || schema === null) return schema;
  const src = JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const members = src.anyOf as Record<string, unknown>[] | undefined;
  if (Array.isArray(members) && members.length > 0 && members.every(isStringConst)) {
    delete src.anyOf;
    src.type = "string";
    src.enum = members.map((m) => m.const);
  }
  const keys = [...KEY_ORDER.filter((k) => k in src), ...Object.keys(src).filter((k) => !KEY_ORDER.includes(k))];
  for (const k of keys) out[k] = k === "const" || k === "enum" ? src[k] : plain(src[k]);
  return out;
}

function isStringConst(m: Record<string, unknown>): boolean {
  const keys = Object.keys(m).sort().join(",");
  return typeof m.const === "string" && (keys === "const,type" || keys === "const");
}

function doc(name: string, title: string, description: string, body: Record<string, unknown>): Record<string, unknown> {
  const { title: _t, description: _d, ...rest } = body; // the document's own title and description win
  return { $schema: SCHEMA_DIALECT, $id: `${SCHEMA_BASE_URL}${name}`, title, description, ...rest };
}

function defs(schemas: Record<string, TSchema>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(schemas).map(([k, s]) => [k, plain({ title: k, ...s })]));
}

function oneOfDefs(schemas: Record<string, TSchema>): Record<string, unknown> {
  return {
    type: "object",
    oneOf: Object.keys(schemas).map((k) => ({ $ref: `#/$defs/${k}` })),
    $defs: defs(schemas),
  };
}

/** Every schema document by file name (SPEC §6, §7). */
export function jsonSchemas(): Record<string, Record<string, unknown>> {
  const methodDefs: Record<string, TSchema> = {};
  for (const m of DRIVER_METHODS) {
    methodDefs[`${m}.params`] = DRIVER_PARAMS[m];
    methodDefs[`${m}.result`] = DRIVER_RESULTS[m];
  }
  const requests = Object.fromEntries(DRIVER_METHODS.map((m) => [m, requestSchema(m)]));
  const notifications = Object.fromEntries(DRIVER_NOTIFICATION_METHODS.map((n) => [n, notificationSchema(n)]));
  return {
    "signaling-client.schema.json": doc(
      "signaling-client.schema.json",
      "ShieldCall signaling: endpoint to service",
      `SPEC §6. One WebSocket text frame (UTF-8, at most ${MAX_FRAME_BYTES} bytes) from an endpoint; ` +
        'discriminated by "type"; every object is closed.',
      oneOfDefs(CLIENT_MESSAGES),
    ),
    "signaling-server.schema.json": doc(
      "signaling-server.schema.json",
      "ShieldCall signaling: service to endpoint",
      `SPEC §6. One WebSocket text frame (UTF-8, at most ${MAX_FRAME_BYTES} bytes) from the service; ` +
        'discriminated by "type"; every object is closed.',
      oneOfDefs(SERVER_MESSAGES),
    ),
    "driver-request.schema.json": doc(
      "driver-request.schema.json",
      "ShieldCall driver protocol: request (suite to adapter)",
      'SPEC §7. One JSON-RPC 2.0 request line (at most 1 MiB) on the adapter\'s stdin; discriminated by "method"; ' +
        'an absent "params" means {}.',
      oneOfDefs(requests),
    ),
    "driver-response.schema.json": doc(
      "driver-response.schema.json",
      "ShieldCall driver protocol: response (adapter to suite)",
      "SPEC §7. One JSON-RPC 2.0 response line on the adapter's stdout. The result's shape depends on the request's " +
        "method (driver-methods.schema.json#/$defs/<method>.result); error code -32000 carries data {code: " +
        "<ErrorCode>}, " +
        '-32601 (unsupported) data {code: "DRIVER_UNSUPPORTED"}.',
      oneOfDefs({ success: RpcSuccess, error: RpcFailure }),
    ),
    "driver-notification.schema.json": doc(
      "driver-notification.schema.json",
      "ShieldCall driver protocol: notification (adapter to suite)",
      'SPEC §7. One JSON-RPC 2.0 notification line (no id) on the adapter\'s stdout; discriminated by "method".',
      oneOfDefs(notifications),
    ),
    "driver-methods.schema.json": doc(
      "driver-methods.schema.json",
      "ShieldCall driver protocol: params and result of every method",
      "SPEC §7. A container of definitions: validate a method's params against #/$defs/<method>.params and its " +
        "result against #/$defs/<method>.result. The document itself constrains nothing.",
      { $defs: defs(methodDefs) },
    ),
    "call-state.schema.json": doc(
      "call-state.schema.json",
      "ShieldCall driver protocol: CallState",
      "SPEC §7. The state of one call as an adapter reports it: the result of call.state and the params of " +
        "call.changed.",
      plain(CallState) as Record<string, unknown>,
    ),
  };
}

/** Every schema file's exact text by file name: 2-space JSON with a trailing newline. */
export function schemaFiles(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(jsonSchemas()).map(([name, d]) => [name, `${JSON.stringify(d, null, 2)}\n`]),
  );
}
