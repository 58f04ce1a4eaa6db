import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  DRIVER_METHODS,
  DRIVER_NOTIFICATION_METHODS,
  DRIVER_PARAMS,
  DRIVER_RESULTS,
  isDriverMethod,
  MAX_RPC_LINE_BYTES,
  parseRpcRequest,
  parseRpcResponse,
  PROTOCOL_VERSION,
  RPC_ERRORS,
  rpcAppError,
  rpcError,
  rpcErrorCode,
  rpcLine,
  rpcNotification,
  rpcRequest,
  rpcResult,
  rpcUnsupported,
  validateRpcResult,
} from "./mod.ts";
import {
  CALL_ID,
  CALL_STATE_EXAMPLE,
  DRIVER_NOTIFICATION_EXAMPLES,
  DRIVER_PARAM_EXAMPLES,
  DRIVER_RESULT_EXAMPLES,
} from "./_examples.ts";

const req = (method: string, params?: unknown, id: unknown = 7) =>
  JSON.stringify(params === undefined ? { jsonrpc: "2.0", id, method } : { jsonrpc: "2.0", id, method, params });

/** Expects parseRpcRequest(line) to answer `code`; returns the error response. */
function answers(line: string | Uint8Array, code: number, id: unknown) {
  const r = parseRpcRequest(line);
  assert.equal(r.ok, false, `expected ${code} for ${String(line).slice(0, 120)}`);
  if (r.ok) throw new Error("unreachable");
  assert.equal(r.response.jsonrpc, "2.0");
  assert.equal(r.response.error.code, code, r.response.error.message);
  assert.equal(r.response.id, id);
  return r.response;
}

describe("parseRpcRequest() (SPEC §7)", () => {
  test("has params, result and example for exactly the 12 methods of SPEC §7", () => {
    const spec = [
      "hello",
      "configure",
      "settings.get",
      "settings.set",
      "call.place",
      "call.answer",
      "call.decline",
      "call.hangup",
      "call.state",
      "feature.request",
      "reset",
      "shutdown",
    ];
    assert.deepEqual(DRIVER_METHODS, spec);
    assert.deepEqual(Object.keys(DRIVER_RESULTS), spec);
    assert.deepEqual(Object.keys(DRIVER_PARAM_EXAMPLES), spec);
    assert.deepEqual(DRIVER_NOTIFICATION_METHODS, ["call.incoming", "call.changed"]);
    assert.equal(PROTOCOL_VERSION, 1);
    assert.ok(!isDriverMethod("toString") && isDriverMethod("call.state"));
  });

  test("accepts the example params of every method, with string and integer ids", () => {
    for (const m of DRIVER_METHODS) {
      for (const id of [1, "a-1", 0]) {
        const r = parseRpcRequest(req(m, DRIVER_PARAM_EXAMPLES[m], id));
        assert.ok(r.ok, `${m}: ${!r.ok && r.response.error.message}`);
        assert.deepEqual(r.request, { id, method: m, params: DRIVER_PARAM_EXAMPLES[m] });
      }
    }
  });

  test("treats absent params as {}", () => {
    const r = parseRpcRequest(req("settings.get"));
    assert.ok(r.ok && r.request.method === "settings.get");
    assert.deepEqual(r.ok && r.request.params, {});
    const bad = answers(req("call.place"), RPC_ERRORS.INVALID_PARAMS, 7);
    assert.equal(bad.error.message, 'Invalid params for "call.place": /to is required');
  });

  test("answers -32700 with id null to a line that is not JSON", () => {
    for (const line of ["", "{", "hello", '{"jsonrpc":"2.0","id":1,"method":"hello",}', "\ud800"]) {
      const r = answers(line, RPC_ERRORS.PARSE_ERROR, null);
      assert.deepEqual(r.error.data, { code: "PROTO_PARSE" });
    }
    answers(Uint8Array.from([0x7b, 0xc3, 0x28, 0x7d]), RPC_ERRORS.PARSE_ERROR, null); // invalid UTF-8
  });

  test("answers -32600 with id null when the id cannot be read", () => {
    for (
      const line of [
        "[]",
        '[{"jsonrpc":"2.0","id":1,"method":"hello","params":{"protocol":1}}]',
        "null",
        "42",
        '"x"',
        '{"jsonrpc":"2.0","method":"hello"}',
        req("hello", {}, null),
        req("hello", {}, 1.5),
        req("hello", {}, { a: 1 }),
        req("hello", {}, "i".repeat(129)),
        req("hello", {}, 2 ** 60),
      ]
    ) {
      answers(line, RPC_ERRORS.INVALID_REQUEST, null);
    }
  });

  test("answers -32600 echoing the id to a malformed request object", () => {
    for (
      const line of [
        JSON.stringify({ jsonrpc: "1.0", id: 3, method: "hello", params: { protocol: 1 } }),
        JSON.stringify({ id: 3, method: "hello", params: { protocol: 1 } }),
        JSON.stringify({ jsonrpc: "2.0", id: 3, method: 5 }),
        JSON.stringify({ jsonrpc: "2.0", id: 3, params: {} }),
        JSON.stringify({ jsonrpc: "2.0", id: 3, method: "hello", params: { protocol: 1 }, extra: true }),
        JSON.stringify({ jsonrpc: "2.0", id: 3, method: "hello", params: "protocol" }),
        JSON.stringify({ jsonrpc: "2.0", id: 3, method: "hello", params: null }),
      ]
    ) {
      const r = answers(line, RPC_ERRORS.INVALID_REQUEST, 3);
      assert.deepEqual(r.error.data, { code: "PROTO_INVALID" });
    }
  });

  test("answers -32600 to a line over 1 MiB", () => {
    const big = req("feature.request", {
      callId: CALL_ID,
      feature: "recording",
      args: { pad: "x".repeat(MAX_RPC_LINE_BYTES) },
    });
    for (const line of [big, new TextEncoder().encode(big)]) {
      const r = answers(line, RPC_ERRORS.INVALID_REQUEST, null);
      assert.deepEqual(r.error.data, { code: "PROTO_TOO_LARGE" });
    }
    const fits = req("feature.request", {
      callId: CALL_ID,
      feature: "recording",
      args: { pad: "x".repeat(MAX_RPC_LINE_BYTES - 200) },
    });
    assert.ok(parseRpcRequest(fits).ok);
  });

  test("answers -32601 with data DRIVER_UNSUPPORTED to an unknown method", () => {
    for (const m of ["call.transfer", "toString", "__proto__", "", "HELLO"]) {
      const r = answers(req(m, {}), RPC_ERRORS.METHOD_NOT_FOUND, 7);
      assert.deepEqual(r.error.data, { code: "DRIVER_UNSUPPORTED" });
      assert.equal(r.error.message, `Unsupported method ${JSON.stringify(m)}`);
    }
  });

  test("answers -32602 naming the path to invalid params of every method", () => {
    for (const m of DRIVER_METHODS) {
      const extra = answers(req(m, { ...DRIVER_PARAM_EXAMPLES[m], bogus: 1 }), RPC_ERRORS.INVALID_PARAMS, 7);
      assert.equal(extra.error.message, `Invalid params for "${m}": /bogus is not allowed`);
      assert.deepEqual(extra.error.data, { code: "PROTO_INVALID" });
      answers(req(m, []), RPC_ERRORS.INVALID_PARAMS, 7);
      for (const k of Object.keys(DRIVER_PARAM_EXAMPLES[m])) {
        const wrong = answers(req(m, { ...DRIVER_PARAM_EXAMPLES[m], [k]: [k] }), RPC_ERRORS.INVALID_PARAMS, 7);
        assert.ok(wrong.error.message.startsWith(`Invalid params for "${m}": /${k} `), wrong.error.message);
      }
    }
    assert.match(
      answers(req("hello", { protocol: 2 }), RPC_ERRORS.INVALID_PARAMS, 7).error.message,
      /\/protocol must be 1/,
    );
    assert.match(
      answers(
        req("configure", { ...DRIVER_PARAM_EXAMPLES.configure, serviceUrl: "http://x" }),
        RPC_ERRORS.INVALID_PARAMS,
        7,
      ).error.message,
      /\/serviceUrl must match pattern/,
    );
  });
});

describe("parseRpcResponse() (SPEC §7)", () => {
  test("reads success responses, error responses and both notifications", () => {
    const ok = parseRpcResponse(rpcLine(rpcResult(1, { callId: CALL_ID })));
    assert.ok(ok.ok && ok.kind === "result" && ok.msg.id === 1);
    const err = parseRpcResponse(rpcLine(rpcAppError("x", "FEATURE_DISABLED_E2EE", "Refused")));
    assert.ok(err.ok && err.kind === "error" && rpcErrorCode(err.msg.error) === "FEATURE_DISABLED_E2EE");
    const uns = parseRpcResponse(rpcLine(rpcUnsupported(2, "call.transfer")));
    assert.ok(uns.ok && uns.kind === "error" && uns.msg.error.code === RPC_ERRORS.METHOD_NOT_FOUND);
    assert.equal(uns.ok && uns.kind === "error" && rpcErrorCode(uns.msg.error), "DRIVER_UNSUPPORTED");
    for (const n of DRIVER_NOTIFICATION_METHODS) {
      const r = parseRpcResponse(JSON.stringify(rpcNotification(n, DRIVER_NOTIFICATION_EXAMPLES[n] as never)));
      assert.ok(r.ok && r.kind === "notification" && r.msg.method === n, !r.ok ? r.error.message : "");
    }
    const nullId = parseRpcResponse(JSON.stringify(rpcError(null, RPC_ERRORS.PARSE_ERROR, "Parse error")));
    assert.ok(nullId.ok && nullId.kind === "error");
  });

  test("rejects malformed responses with a stable code", () => {
    const cases: [string, string][] = [
      ["nope", "PROTO_PARSE"],
      ["[]", "PROTO_INVALID"],
      [JSON.stringify({ jsonrpc: "2.0", id: 1, result: {}, error: { code: 1, message: "x" } }), "PROTO_INVALID"],
      [JSON.stringify({ jsonrpc: "2.0", id: null, result: {} }), "PROTO_INVALID"],
      [JSON.stringify({ jsonrpc: "2.0", id: 1 }), "PROTO_INVALID"],
      [JSON.stringify({ id: 1, result: {} }), "PROTO_INVALID"],
      [JSON.stringify({ jsonrpc: "2.0", id: 1, error: { code: -32000, message: "x" } }), "PROTO_INVALID"],
      [
        JSON.stringify({ jsonrpc: "2.0", id: 1, error: { code: -32000, message: "x", data: { code: "NOPE" } } }),
        "PROTO_INVALID",
      ],
      [JSON.stringify({ jsonrpc: "2.0", id: 1, error: { code: 1.5, message: "x" } }), "PROTO_INVALID"],
      [JSON.stringify({ jsonrpc: "2.0", method: "call.ended", params: {} }), "PROTO_UNKNOWN_TYPE"],
      [JSON.stringify({ jsonrpc: "2.0", method: "call.incoming", params: { callId: CALL_ID } }), "PROTO_INVALID"],
      [
        JSON.stringify({ jsonrpc: "2.0", id: 1, method: "call.incoming", params: { callId: CALL_ID, from: "a" } }),
        "PROTO_INVALID",
      ],
      ["x".repeat(MAX_RPC_LINE_BYTES + 1), "PROTO_TOO_LARGE"],
    ];
    for (const [line, code] of cases) {
      const r = parseRpcResponse(line);
      assert.ok(!r.ok, `accepted ${line.slice(0, 100)}`);
      assert.equal(!r.ok && r.error.code, code, line.slice(0, 100));
    }
  });

  test("validateRpcResult() accepts the example result of every method and rejects a changed one naming the path", () => {
    for (const m of DRIVER_METHODS) {
      const r = validateRpcResult(m, DRIVER_RESULT_EXAMPLES[m]);
      assert.ok(r.ok, `${m}: ${!r.ok && r.error.message}`);
      const bad = validateRpcResult(m, { ...DRIVER_RESULT_EXAMPLES[m], bogus: 1 });
      assert.equal(!bad.ok && bad.error.message, `Invalid result for "${m}": /bogus is not allowed`);
    }
  });

  test("validateRpcResult() checks CallState: 20-digit number, nullable fields, counters", () => {
    const state = (patch: (s: typeof CALL_STATE_EXAMPLE) => void) => {
      const s = structuredClone(CALL_STATE_EXAMPLE);
      patch(s);
      return validateRpcResult("call.state", s);
    };
    assert.ok(
      state((s) => {
        s.e2ee = { indicator: false, number: null as never };
        s.topology = null as never;
      }).ok,
    );
    assert.ok(
      state((s) => {
        s.endReason = "hangup" as never;
        s.endCode = "BAD_STATE" as never;
        s.media.video.latencyMs = null as never;
      }).ok,
    );
    const msg = (r: ReturnType<typeof state>) => (!r.ok ? r.error.message : "ok");
    assert.match(
      msg(state((s) => {
        s.e2ee.number = "0481722930551200938";
      })),
      /\/e2ee\/number must be a string matching "\^\[0-9\]\{20\}\$" or null/,
    );
    assert.match(
      msg(state((s) => {
        s.e2ee.number = "04817 22930 55120 09384";
      })),
      /\/e2ee\/number/,
    );
    assert.match(
      msg(state((s) => {
        s.state = "accepted";
      })),
      /\/state must be one of "inviting", "ringing", "connecting", "connected", "ended"/,
    );
    assert.match(
      msg(state((s) => {
        s.endCode = "NOPE" as never;
      })),
      /\/endCode must be one of \d+ values or null/,
    );
    assert.match(
      msg(state((s) => {
        s.media.video.gaps = -1;
      })),
      /\/media\/video\/gaps must be at least 0/,
    );
    assert.match(
      msg(state((s) => {
        s.media.audio.framesReceived = 1.5;
      })),
      /\/media\/audio\/framesReceived must be an integer/,
    );
    assert.match(
      msg(state((s) => {
        delete (s.media as Record<string, unknown>).audio;
      })),
      /\/media\/audio is required/,
    );
  });
});

describe("response builders (SPEC §7)", () => {
  test("rpcAppError() uses -32000 with data {code}", () => {
    assert.deepEqual(rpcAppError(4, "POLICY_DISALLOWS", "Refused"), {
      jsonrpc: "2.0",
      id: 4,
      error: { code: -32000, message: "Refused", data: { code: "POLICY_DISALLOWS" } },
    });
  });

  test("rpcError() omits undefined data; rpcErrorCode() reads only known codes", () => {
    const e = rpcError(1, RPC_ERRORS.INTERNAL_ERROR, "Boom");
    assert.equal("data" in e.error, false);
    assert.equal(rpcErrorCode(e.error), null);
    assert.equal(rpcErrorCode({ code: -32000, message: "x", data: { code: "NOPE" } }), null);
    assert.equal(rpcErrorCode({ code: -32000, message: "x", data: { code: "BAD_STATE" } }), "BAD_STATE");
  });

  test("rpcLine() writes one line even when strings contain newlines", () => {
    const line = rpcLine(rpcResult(1, { text: "a\nb\r\nc\u2028" }));
    assert.equal(line.indexOf("\n"), line.length - 1);
    assert.ok(!line.slice(0, -1).includes("\r"));
  });

  test("rpcRequest() builds a request that parseRpcRequest() accepts", () => {
    const r = parseRpcRequest(rpcLine(rpcRequest(9, "call.place", { to: "bob" })));
    assert.ok(r.ok && r.request.method === "call.place" && r.request.params.to === "bob");
  });

  test("every error response parseRpcRequest() builds reads back through parseRpcResponse()", () => {
    for (const line of ["{", "[]", req("nope", {}), req("call.place", { to: 1 }), "x".repeat(MAX_RPC_LINE_BYTES + 1)]) {
      const r = parseRpcRequest(line);
      assert.ok(!r.ok);
      const back = parseRpcResponse(rpcLine(!r.ok && r.response));
      assert.ok(back.ok && back.kind === "error", !back.ok ? back.error.message : "");
    }
  });

  test("DRIVER_PARAMS schemas are closed objects", () => {
    for (const m of DRIVER_METHODS) {
      assert.equal(DRIVER_PARAMS[m].additionalProperties, false, m);
      assert.equal(DRIVER_RESULTS[m].additionalProperties, false, m);
    }
  });
});
