import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { TObject } from "@sinclair/typebox";
import {
  CLIENT_MESSAGE_TYPES,
  CLIENT_MESSAGES,
  errorMsg,
  MAX_FRAME_BYTES,
  MAX_REASON_CHARS,
  MAX_SDP_CHARS,
  type MessageResult,
  parseClientMessage,
  parseServerMessage,
  SERVER_MESSAGE_TYPES,
  SERVER_MESSAGES,
  validateClientMessage,
  validateServerMessage,
} from "./mod.ts";
import { CALL_ID, CLIENT_EXAMPLES, COMMIT, PK_B, SERVER_EXAMPLES } from "./_examples.ts";
import { base64urlEncode } from "../crypto/mod.ts";

type Parse = (text: string | Uint8Array) => MessageResult<unknown>;

const enc = new TextEncoder();
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/** Expects `text` to be rejected with `code`; returns the error. */
function rejects(parse: Parse, value: unknown, code: string) {
  const r = parse(typeof value === "string" ? value : JSON.stringify(value));
  assert.equal(r.ok, false, `expected ${code} for ${JSON.stringify(value)?.slice(0, 200)}`);
  if (r.ok) throw new Error("unreachable");
  assert.equal(r.error.code, code, r.error.message);
  return r.error;
}

/** A value of another JSON type than `v`. */
function wrongType(v: unknown): unknown {
  if (typeof v === "string") return 42;
  if (typeof v === "number") return "42";
  if (typeof v === "boolean") return "true";
  if (Array.isArray(v)) return "[]";
  if (v === null) return false;
  return "{}";
}

// The same checks run against both directions (STYLE: suites take the implementation as a parameter).
const sides = [
  {
    name: "parseClientMessage()",
    parse: parseClientMessage as Parse,
    types: CLIENT_MESSAGE_TYPES as string[],
    schemas: CLIENT_MESSAGES as Record<string, TObject>,
    examples: CLIENT_EXAMPLES as Record<string, Record<string, unknown>>,
  },
  {
    name: "parseServerMessage()",
    parse: parseServerMessage as Parse,
    types: SERVER_MESSAGE_TYPES as string[],
    schemas: SERVER_MESSAGES as Record<string, TObject>,
    examples: SERVER_EXAMPLES as Record<string, Record<string, unknown>>,
  },
];

for (const side of sides) {
  describe(side.name, () => {
    test("has one example for every message type and no other", () => {
      assert.deepEqual(Object.keys(side.examples).sort(), [...side.types].sort());
    });

    test("accepts the example of every type, as a string and as UTF-8 bytes", () => {
      for (const t of side.types) {
        const text = JSON.stringify(side.examples[t]);
        for (const input of [text, enc.encode(text)]) {
          const r = side.parse(input);
          assert.ok(r.ok, `${t}: ${!r.ok && r.error.message}`);
          assert.deepEqual(r.msg, side.examples[t]);
        }
      }
    });

    test("accepts every type with only its required fields", () => {
      for (const t of side.types) {
        const required = new Set(side.schemas[t].required ?? []);
        const minimal = Object.fromEntries(Object.entries(side.examples[t]).filter(([k]) => required.has(k)));
        const r = side.parse(JSON.stringify(minimal));
        assert.ok(r.ok, `${t}: ${!r.ok && r.error.message}`);
      }
    });

    test("rejects an extra property on every type with PROTO_INVALID naming it", () => {
      for (const t of side.types) {
        const e = rejects(side.parse, { ...side.examples[t], extra: 1 }, "PROTO_INVALID");
        assert.equal(e.message, `Invalid "${t}" message: /extra is not allowed`);
      }
    });

    test("rejects every missing required field of every type with PROTO_INVALID naming it", () => {
      for (const t of side.types) {
        for (const k of side.schemas[t].required ?? []) {
          if (k === "type") continue;
          const m = clone(side.examples[t]);
          delete m[k];
          const e = rejects(side.parse, m, "PROTO_INVALID");
          assert.equal(e.message, `Invalid "${t}" message: /${k} is required`);
        }
      }
    });

    test("rejects a wrong JSON type in every field of every type with PROTO_INVALID naming the field", () => {
      for (const t of side.types) {
        for (const [k, v] of Object.entries(side.examples[t])) {
          if (k === "type") continue;
          const e = rejects(side.parse, { ...side.examples[t], [k]: wrongType(v) }, "PROTO_INVALID");
          assert.ok(e.message.startsWith(`Invalid "${t}" message: /${k} `), e.message);
        }
      }
    });

    test("rejects an extra property inside every nested object (schemas are closed)", () => {
      let nested = 0;
      for (const t of side.types) {
        for (const [k, v] of Object.entries(side.examples[t])) {
          const free = ["args", "result", "data"].includes(k); // free-form objects by design
          if (typeof v !== "object" || v === null || Array.isArray(v) || free) continue;
          nested++;
          const e = rejects(side.parse, { ...side.examples[t], [k]: { ...v, extra: true } }, "PROTO_INVALID");
          assert.equal(e.message, `Invalid "${t}" message: /${k}/extra is not allowed`);
        }
      }
      assert.ok(nested >= 3, "the examples contain nested objects");
    });

    test("rejects text that is not JSON with PROTO_PARSE", () => {
      for (const s of ["", "{", "nope", "{'type':'ping'}", '{"type":"ping",}', "\u0000"]) {
        rejects(side.parse, s, "PROTO_PARSE");
      }
    });

    test("rejects bytes that are not UTF-8 with PROTO_PARSE", () => {
      const r = side.parse(Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
      assert.ok(!r.ok && r.error.code === "PROTO_PARSE");
    });

    test("rejects JSON that is not an object with a string type with PROTO_INVALID", () => {
      for (
        const v of ["null", "[]", "42", '"ping"', "true", '[{"type":"ping"}]', "{}", '{"type":5}', '{"type":null}']
      ) {
        rejects(side.parse, v, "PROTO_INVALID");
      }
    });

    test("rejects unknown types with PROTO_UNKNOWN_TYPE, including Object.prototype names", () => {
      for (const t of ["", "nope", "toString", "constructor", "__proto__", "hasOwnProperty", "PING", "ping "]) {
        const e = rejects(side.parse, { type: t }, "PROTO_UNKNOWN_TYPE");
        assert.equal(e.message, `Unknown message type ${JSON.stringify(t)}`);
      }
    });

    test("rejects a __proto__ key without polluting Object.prototype", () => {
      const t = side.types[0];
      const text = JSON.stringify(side.examples[t]).replace(/^\{/, '{"__proto__":{"polluted":1},');
      const e = rejects(side.parse, text, "PROTO_INVALID");
      assert.match(e.message, /\/__proto__ is not allowed/);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });
  });
}

/** Failures of `parse` on frames over the limit (STYLE: a security check comes with the broken variant it catches). */
function sizeLimitViolations(parse: Parse): string[] {
  const out: string[] = [];
  // Schema-valid but 100 KB: only the size check can stop these.
  const bigArgs = JSON.stringify({
    type: "feature",
    rid: "r1",
    callId: CALL_ID,
    feature: "recording",
    args: { pad: "x".repeat(100_000) },
  });
  const padded = `${JSON.stringify({ type: "ping", rid: "r1" })}${" ".repeat(100_000)}`;
  const oneOver = `${JSON.stringify({ type: "ping", rid: "r1" })}`.padEnd(MAX_FRAME_BYTES + 1, " ");
  // 40000 chars, 80000 UTF-8 bytes: a limit counted in UTF-16 units would let it through.
  const multiByte = JSON.stringify({
    type: "feature",
    rid: "r1",
    callId: CALL_ID,
    feature: "recording",
    args: { pad: "é".repeat(40_000) },
  });
  for (const [name, text] of Object.entries({ bigArgs, padded, oneOver, multiByte })) {
    for (const input of [text, enc.encode(text)]) {
      const r = parse(input);
      const kind = typeof input === "string" ? "string" : "bytes";
      if (r.ok) out.push(`${name} (${kind}) was accepted`);
      else if (r.error.code !== "PROTO_TOO_LARGE") out.push(`${name} (${kind}) got ${r.error.code}`);
    }
  }
  return out;
}

describe("frame size limit (SPEC §6, S2)", () => {
  test("parseClientMessage() rejects frames over 65536 bytes with PROTO_TOO_LARGE", () => {
    assert.deepEqual(sizeLimitViolations(parseClientMessage), []);
  });

  test("parseServerMessage() rejects frames over 65536 bytes with PROTO_TOO_LARGE", () => {
    assert.deepEqual(sizeLimitViolations(parseServerMessage), []);
  });

  test("a parser that skips the size check lets a 100 KB message through, and the size test catches it", () => {
    const broken: Parse = (t) =>
      validateClientMessage(JSON.parse(typeof t === "string" ? t : new TextDecoder().decode(t)));
    const violations = sizeLimitViolations(broken);
    assert.ok(violations.includes("bigArgs (string) was accepted"), violations.join("; "));
    assert.ok(violations.includes("multiByte (string) was accepted"), violations.join("; "));
  });

  test("parseClientMessage() accepts a frame of exactly 65536 bytes", () => {
    const text = JSON.stringify({ type: "ping", rid: "r1" }).padEnd(MAX_FRAME_BYTES, " ");
    assert.equal(enc.encode(text).length, MAX_FRAME_BYTES);
    assert.ok(parseClientMessage(text).ok);
    assert.ok(parseClientMessage(enc.encode(text)).ok);
  });

  test("parseClientMessage() counts a surrogate pair as 4 bytes", () => {
    const code = (t: string) => {
      const r = parseClientMessage(t);
      return r.ok ? "ok" : r.error.code;
    };
    const frame = (n: number) => `{"type":"ping","rid":"r1","x":"${"\u{1F600}".repeat(n)}"}`;
    const n = Math.floor((MAX_FRAME_BYTES - frame(0).length) / 4);
    assert.ok(enc.encode(frame(n)).length <= MAX_FRAME_BYTES && enc.encode(frame(n + 1)).length > MAX_FRAME_BYTES);
    assert.ok(frame(n + 1).length < MAX_FRAME_BYTES, "fits when counted in UTF-16 units");
    assert.equal(code(frame(n)), "PROTO_INVALID"); // within the limit: reaches the schema (extra "x")
    assert.equal(code(frame(n + 1)), "PROTO_TOO_LARGE");
  });
});

describe("field rules (SPEC §6)", () => {
  const client = (t: keyof typeof CLIENT_EXAMPLES, patch: Record<string, unknown>) => ({
    ...CLIENT_EXAMPLES[t],
    ...patch,
  });

  test("parseClientMessage() bounds ids to 1-128 chars of [A-Za-z0-9._:@-]", () => {
    assert.ok(parseClientMessage(JSON.stringify(client("ping", { rid: "a".repeat(128) }))).ok);
    assert.ok(parseClientMessage(JSON.stringify(client("ping", { rid: "A-z_0.9:@" }))).ok);
    assert.match(
      rejects(parseClientMessage, client("ping", { rid: "a".repeat(129) }), "PROTO_INVALID").message,
      /\/rid must be 1 to 128 characters/,
    );
    assert.match(
      rejects(parseClientMessage, client("ping", { rid: "" }), "PROTO_INVALID").message,
      /\/rid must be 1 to 128 characters/,
    );
    for (const bad of ["r 1", "r/1", "r\n", "ré", "r#1"]) {
      assert.match(
        rejects(parseClientMessage, client("ping", { rid: bad }), "PROTO_INVALID").message,
        /\/rid must match pattern/,
      );
    }
  });

  test("parseClientMessage() requires invite.callId to be 22 base64url chars", () => {
    assert.equal(
      rejects(parseClientMessage, client("invite", { to: "bob smith" }), "PROTO_INVALID").message,
      'Invalid "invite" message: /to must match pattern "^[A-Za-z0-9._:@-]+$"',
    );
    for (const bad of ["c-1", CALL_ID.slice(1), `${CALL_ID}A`, `${CALL_ID.slice(1)}+`, `${CALL_ID.slice(1)}.`]) {
      rejects(parseClientMessage, client("invite", { callId: bad }), "PROTO_INVALID");
    }
  });

  test("parseClientMessage() accepts only canonical 43-char base64url for commit and pk", () => {
    // Every 32-byte value encodes to an accepted string.
    for (let i = 0; i < 64; i++) {
      const bytes = Uint8Array.from({ length: 32 }, (_, j) => (i * 131 + j * 17 + (i ^ j)) & 0xff);
      assert.ok(parseClientMessage(JSON.stringify(client("reveal", { pk: base64urlEncode(bytes) }))).ok);
    }
    const body = COMMIT.slice(0, 42);
    for (
      const bad of [
        COMMIT.slice(0, 42), // 31.5 bytes
        `${COMMIT}A`, // 44 chars
        `${body}B`, // non-zero padding bits: not canonical
        `${body}A=`, // padded
        `${body.slice(0, 41)}+A`, // standard alphabet
        `${body.slice(0, 41)}/A`,
      ]
    ) {
      rejects(parseClientMessage, client("invite", { e2ee: { commit: bad } }), "PROTO_INVALID");
      rejects(parseClientMessage, client("reveal", { pk: bad }), "PROTO_INVALID");
      rejects(parseClientMessage, client("accept", { e2ee: { pk: bad } }), "PROTO_INVALID");
    }
  });

  test("parseClientMessage() bounds SDP to 32768 chars and its type to offer/answer", () => {
    const sdp = (s: string, type = "offer") => client("sdp", { description: { type, sdp: s } });
    assert.ok(parseClientMessage(JSON.stringify(sdp("v".repeat(MAX_SDP_CHARS)))).ok);
    assert.match(
      rejects(parseClientMessage, sdp("v".repeat(MAX_SDP_CHARS + 1)), "PROTO_INVALID").message,
      /\/description\/sdp must be 1 to 32768 characters/,
    );
    assert.match(
      rejects(parseClientMessage, sdp("v=0", "pranswer"), "PROTO_INVALID").message,
      /\/description\/type must be one of "offer", "answer"/,
    );
    rejects(parseClientMessage, sdp(""), "PROTO_INVALID");
  });

  test("parseClientMessage() bounds hangup.reason and requires a known error code", () => {
    assert.ok(parseClientMessage(JSON.stringify(client("hangup", { reason: "r".repeat(MAX_REASON_CHARS) }))).ok);
    rejects(parseClientMessage, client("hangup", { reason: "r".repeat(MAX_REASON_CHARS + 1) }), "PROTO_INVALID");
    assert.match(
      rejects(parseClientMessage, client("hangup", { code: "NOPE" }), "PROTO_INVALID").message,
      /\/code must be one of the \d+ allowed values/,
    );
  });

  test("parseClientMessage() checks protocol, capabilities and media state literals", () => {
    rejects(parseClientMessage, client("auth", { protocol: 4 }), "PROTO_INVALID");
    for (const p of [1, 2, 3]) {
      assert.ok(parseClientMessage(JSON.stringify(client("auth", { protocol: p }))).ok, `protocol ${p} is accepted`);
    }
    // SPEC §6: confirm.tag is 32 bytes canonical base64url from an endpoint; 16 bytes (v2) or non-zero bits refused
    rejects(parseClientMessage, client("confirm", { tag: "B9PA7Xw14hfc2hqHeV5PHQ" }), "PROTO_INVALID");
    rejects(parseClientMessage, client("confirm", { tag: `${"A".repeat(42)}B` }), "PROTO_INVALID");
    // SPEC §6: versions are 1..8 distinct integers 1..255
    for (const versions of [[], [0], [256], [3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9], ["3"]]) {
      const inv = client("invite", {});
      rejects(parseClientMessage, { ...inv, e2ee: { ...(inv.e2ee as object), versions } }, "PROTO_INVALID");
    }
    rejects(parseClientMessage, client("accept", { e2ee: { pk: PK_B, version: 3 } }), "PROTO_INVALID");
    rejects(parseClientMessage, client("auth", { capabilities: {} }), "PROTO_INVALID");
    rejects(parseClientMessage, client("media", { state: "disconnected" }), "PROTO_INVALID");
  });

  test("parseClientMessage() accepts any well-formed feature name so the service can answer FEATURE_UNKNOWN", () => {
    assert.ok(parseClientMessage(JSON.stringify(client("feature", { feature: "teleport" }))).ok);
    for (const bad of ["Recording", "", "-x", "rec ording", "x".repeat(65)]) {
      rejects(parseClientMessage, client("feature", { feature: bad }), "PROTO_INVALID");
    }
    rejects(parseClientMessage, client("feature", { args: [] }), "PROTO_INVALID");
  });

  test("parseServerMessage() rejects duplicate offered features, ok:false results and bad caption times", () => {
    const server = (t: keyof typeof SERVER_EXAMPLES, patch: Record<string, unknown>) => ({
      ...SERVER_EXAMPLES[t],
      ...patch,
    });
    assert.match(
      rejects(parseServerMessage, server("accepted", { features: ["park", "park"] }), "PROTO_INVALID").message,
      /\/features must not repeat items/,
    );
    rejects(parseServerMessage, server("feature.result", { ok: false }), "PROTO_INVALID");
    rejects(parseServerMessage, server("caption", { at: -1 }), "PROTO_INVALID");
    rejects(parseServerMessage, server("caption", { at: 1.5 }), "PROTO_INVALID");
    rejects(parseServerMessage, server("settings", { policy: "DisabledUserOverride" }), "PROTO_INVALID");
    rejects(parseServerMessage, server("error", { message: "" }), "PROTO_INVALID");
  });
});

describe("error correlation (SPEC §6)", () => {
  test("parseClientMessage() echoes rid and callId when they are valid ids", () => {
    const e = rejects(parseClientMessage, { type: "feature", rid: "r7", callId: CALL_ID, feature: 5 }, "PROTO_INVALID");
    assert.equal(e.rid, "r7");
    assert.equal(e.callId, CALL_ID);
    const u = rejects(parseClientMessage, { type: "nope", rid: "r8" }, "PROTO_UNKNOWN_TYPE");
    assert.equal(u.rid, "r8");
    assert.equal(u.callId, undefined);
  });

  test("parseClientMessage() does not echo rid or callId that are not valid ids", () => {
    const e = rejects(parseClientMessage, { type: "ping", rid: "bad rid", callId: 42 }, "PROTO_INVALID");
    assert.equal("rid" in e, false);
    assert.equal("callId" in e, false);
    const long = rejects(parseClientMessage, { type: "ping", rid: "r".repeat(500) }, "PROTO_INVALID");
    assert.equal("rid" in long, false);
  });

  test("errorMsg() turns every parse failure into a valid `error` message", () => {
    const failures = [
      parseClientMessage("x".repeat(MAX_FRAME_BYTES + 1)),
      parseClientMessage("{"),
      parseClientMessage("[]"),
      parseClientMessage(JSON.stringify({ type: "t".repeat(10_000), rid: "r1" })),
      parseClientMessage(JSON.stringify({ type: "ping", rid: "r1", ["k".repeat(20_000)]: 1 })),
      parseClientMessage(JSON.stringify({ ...CLIENT_EXAMPLES.invite, callId: "c" })),
    ];
    for (const f of failures) {
      assert.ok(!f.ok);
      if (f.ok) continue;
      const v = validateServerMessage(errorMsg(f.error));
      assert.ok(v.ok, !v.ok ? v.error.message : "");
      assert.ok(f.error.message.length <= 300, f.error.message);
    }
  });

  test("validateClientMessage() and validateServerMessage() never throw on hostile JS values", () => {
    const hostile = new Proxy({}, {
      get() {
        throw new Error("boom");
      },
      ownKeys() {
        throw new Error("boom");
      },
    });
    for (const v of [hostile, undefined, Symbol("s"), () => 1, new Map(), Object.create(null)]) {
      assert.equal(validateClientMessage(v).ok, false);
      assert.equal(validateServerMessage(v).ok, false);
    }
  });
});
