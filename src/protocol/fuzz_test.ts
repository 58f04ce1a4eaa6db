import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  errorMsg,
  MAX_ERROR_MESSAGE_CHARS,
  type MessageResult,
  parseClientMessage,
  parseRpcRequest,
  parseRpcResponse,
  parseServerMessage,
  RPC_ERRORS,
  validateClientMessage,
  validateServerMessage,
} from "./mod.ts";
import {
  CLIENT_EXAMPLES,
  DRIVER_NOTIFICATION_EXAMPLES,
  DRIVER_PARAM_EXAMPLES,
  DRIVER_RESULT_EXAMPLES,
  SERVER_EXAMPLES,
} from "./_examples.ts";
import { seededRandom } from "../seeded.ts";

/** mulberry32 (src/seeded.ts), so a failing input can be reproduced from its seed and index. */
const rng = seededRandom;

const KEYS = [
  "type",
  "rid",
  "callId",
  "to",
  "e2ee",
  "commit",
  "pk",
  "sdp",
  "description",
  "features",
  "token",
  "protocol",
  "capabilities",
  "jsonrpc",
  "id",
  "method",
  "params",
  "result",
  "error",
  "code",
  "message",
  "data",
  "__proto__",
  "constructor",
  "toString",
  "extra",
  "",
];
const STRINGS = [
  "auth",
  "invite",
  "ping",
  "error",
  "sdp",
  "feature",
  "hello",
  "call.state",
  "call.changed",
  "2.0",
  "toString",
  "__proto__",
  "r1",
  "Qm9iQ2FsbHNBbGljZTAx_-",
  "recording",
  "PROTO_INVALID",
  "",
  " ",
  "\u0000",
  "\ud800",
  "é",
];

/** A fuzz input generator over one seeded stream. */
class Gen {
  constructor(readonly r: () => number) {}
  int(n: number): number {
    return Math.floor(this.r() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  /** Any UTF-16 string, lone surrogates and control characters included. */
  rawString(max = 80): string {
    let s = "";
    const n = this.int(max);
    for (let i = 0; i < n; i++) {
      const k = this.int(10);
      s += k < 5
        ? this.pick(["{", "}", "[", "]", '"', ":", ",", "\\", " ", "a", "1", "e", "-", ".", "n", "t"])
        : k < 8
        ? String.fromCharCode(this.int(128))
        : String.fromCharCode(this.int(0x10000));
    }
    return s;
  }
  bytes(max = 120): Uint8Array {
    return Uint8Array.from({ length: this.int(max) }, () => this.int(256));
  }
  /** A random JSON value, biased towards protocol-looking keys and strings. */
  json(depth = 0): unknown {
    const k = this.int(depth > 3 ? 6 : 9);
    switch (k) {
      case 0:
        return null;
      case 1:
        return this.r() < 0.5;
      case 2:
        return this.pick([0, -0, 1, -1, 1.5, 2 ** 53, -(2 ** 60), 1e308, 65536, 32768, -32000]);
      case 3:
      case 4:
        return this.r() < 0.6 ? this.pick(STRINGS) : this.rawString(40);
      case 5:
        return this.pick(STRINGS).repeat(this.int(3) + 1);
      case 6:
        return Array.from({ length: this.int(4) }, () => this.json(depth + 1));
      default: {
        const o: Record<string, unknown> = {};
        const n = this.int(6);
        for (let i = 0; i < n; i++) o[this.r() < 0.8 ? this.pick(KEYS) : this.rawString(10)] = this.json(depth + 1);
        return o;
      }
    }
  }
  /** A valid example with one random change: a field replaced, deleted or added, at any depth. */
  mutate(example: unknown): unknown {
    const v = structuredClone(example) as Record<string, unknown>;
    let node: Record<string, unknown> = v;
    for (let d = 0; d < 3; d++) {
      const objs = Object.entries(node).filter(([, x]) => typeof x === "object" && x !== null && !Array.isArray(x));
      if (objs.length === 0 || this.r() < 0.5) break;
      node = this.pick(objs)[1] as Record<string, unknown>;
    }
    const keys = Object.keys(node);
    const op = this.int(3);
    if (op === 0 && keys.length > 0) delete node[this.pick(keys)];
    else if (op === 1 && keys.length > 0) node[this.pick(keys)] = this.json(2);
    else node[this.pick(KEYS)] = this.json(2);
    return v;
  }
  /** Text of a mutated example, sometimes cut or with one character changed. */
  mutatedText(examples: unknown[]): string {
    let s = JSON.stringify(this.r() < 0.2 ? this.pick(examples) : this.mutate(this.pick(examples)));
    const k = this.int(10);
    if (k === 0) s = s.slice(0, this.int(s.length));
    else if (k === 1) {
      const i = this.int(s.length);
      s = s.slice(0, i) + this.rawString(2) + s.slice(i + 1);
    }
    return s;
  }
  /** One fuzz input of any kind. */
  input(examples: unknown[]): string | Uint8Array {
    const k = this.int(10);
    if (k === 0) return this.rawString();
    if (k === 1) return this.bytes();
    if (k === 2) return new TextEncoder().encode(this.mutatedText(examples));
    if (k <= 4) return JSON.stringify(this.json());
    return this.mutatedText(examples);
  }
}

const PROTO = new Set(["PROTO_TOO_LARGE", "PROTO_PARSE", "PROTO_INVALID", "PROTO_UNKNOWN_TYPE"]);
const N = 3000;

const signalingSides = [
  {
    name: "parseClientMessage()",
    parse: parseClientMessage as (t: string | Uint8Array) => MessageResult<unknown>,
    revalidate: validateClientMessage,
    examples: Object.values(CLIENT_EXAMPLES),
    seed: 0x5eed01,
  },
  {
    name: "parseServerMessage()",
    parse: parseServerMessage as (t: string | Uint8Array) => MessageResult<unknown>,
    revalidate: validateServerMessage,
    examples: Object.values(SERVER_EXAMPLES),
    seed: 0x5eed02,
  },
];

describe("fuzz (seeded)", () => {
  for (const side of signalingSides) {
    test(`${side.name} never throws and always answers a valid error or a valid message (${N} inputs)`, {
      timeout: 60000,
    }, () => {
      const g = new Gen(rng(side.seed));
      const seen = new Map<string, number>();
      const inputs = Array.from({ length: N }, () => g.input(side.examples));
      inputs.push("x".repeat(70000), new Uint8Array(70000)); // oversized
      for (const [i, input] of inputs.entries()) {
        let r: MessageResult<unknown>;
        try {
          r = side.parse(input);
        } catch (e) {
          assert.fail(`input #${i} (seed ${side.seed}) threw: ${String(e)}`);
        }
        const key = r.ok ? "ok" : r.error.code;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        if (r.ok) {
          assert.ok(side.revalidate(r.msg).ok, `input #${i}: accepted message does not revalidate`);
        } else {
          assert.ok(PROTO.has(r.error.code), `input #${i}: code ${r.error.code}`);
          assert.ok(r.error.message.length > 0 && r.error.message.length <= MAX_ERROR_MESSAGE_CHARS);
          const reply = validateServerMessage(errorMsg(r.error));
          assert.ok(
            reply.ok,
            `input #${i}: the error reply is not a valid "error" message: ${!reply.ok && reply.error.message}`,
          );
        }
      }
      // The generator must reach every outcome, or the fuzz proves little.
      for (const k of ["ok", ...PROTO]) {
        assert.ok((seen.get(k) ?? 0) > 0, `no input produced ${k}: ${JSON.stringify([...seen])}`);
      }
    });
  }

  test(`parseRpcRequest() never throws and answers only the JSON-RPC error codes of SPEC §7 (${N} inputs)`, {
    timeout: 60000,
  }, () => {
    const g = new Gen(rng(0x5eed03));
    const examples = Object.entries(DRIVER_PARAM_EXAMPLES).map(([method, params], id) => ({
      jsonrpc: "2.0",
      id,
      method,
      params,
    }));
    const allowed = new Set<number>([
      RPC_ERRORS.PARSE_ERROR,
      RPC_ERRORS.INVALID_REQUEST,
      RPC_ERRORS.METHOD_NOT_FOUND,
      RPC_ERRORS.INVALID_PARAMS,
    ]);
    const seen = new Map<string, number>();
    for (let i = 0; i < N; i++) {
      const input = g.input(examples);
      let r: ReturnType<typeof parseRpcRequest>;
      try {
        r = parseRpcRequest(input);
      } catch (e) {
        assert.fail(`input #${i} threw: ${String(e)}`);
      }
      const key = r.ok ? "ok" : String(r.response.error.code);
      seen.set(key, (seen.get(key) ?? 0) + 1);
      if (!r.ok) {
        assert.ok(allowed.has(r.response.error.code), `input #${i}: code ${r.response.error.code}`);
        const back = parseRpcResponse(JSON.stringify(r.response));
        assert.ok(back.ok && back.kind === "error", `input #${i}: the error response does not parse back`);
      }
    }
    for (const k of ["ok", ...[...allowed].map(String)]) {
      assert.ok((seen.get(k) ?? 0) > 0, `no input produced ${k}: ${JSON.stringify([...seen])}`);
    }
  });

  test(`parseRpcResponse() never throws (${N} inputs)`, { timeout: 60000 }, () => {
    const g = new Gen(rng(0x5eed04));
    const examples = [
      ...Object.values(DRIVER_RESULT_EXAMPLES).map((result, id) => ({ jsonrpc: "2.0", id, result })),
      ...Object.entries(DRIVER_NOTIFICATION_EXAMPLES).map(([method, params]) => ({ jsonrpc: "2.0", method, params })),
      { jsonrpc: "2.0", id: 1, error: { code: -32000, message: "Refused", data: { code: "FEATURE_DISABLED_E2EE" } } },
    ];
    const seen = new Set<string>();
    for (let i = 0; i < N; i++) {
      const input = g.input(examples);
      let r: ReturnType<typeof parseRpcResponse>;
      try {
        r = parseRpcResponse(input);
      } catch (e) {
        assert.fail(`input #${i} threw: ${String(e)}`);
      }
      seen.add(r.ok ? r.kind : r.error.code);
      if (!r.ok) assert.ok(PROTO.has(r.error.code), `input #${i}: code ${r.error.code}`);
    }
    for (const k of ["result", "error", "notification", "PROTO_PARSE", "PROTO_INVALID", "PROTO_UNKNOWN_TYPE"]) {
      assert.ok(seen.has(k), `no input produced ${k}: ${[...seen].join(", ")}`);
    }
  });
});
