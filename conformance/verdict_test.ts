/**
 * outcomeOf(), pendingRequests() and unsupportedMethod() (SPEC §12.2): what a case threw becomes the right verdict —
 * an ADAPTER_PROTOCOL error is `adapter-error` (the driver client's contract), an unanswered request `timeout` —
 * and the transcripts name the request that was pending and the method answered as unsupported.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ShieldCallError } from "../src/errors.ts";
import { CaseFailure, CaseInfo, CaseSkip } from "./case.ts";
import type { Evidence } from "./results.ts";
import {
  CaseInterrupted,
  CaseTimeout,
  describePending,
  outcomeOf,
  pendingRequests,
  unsupportedMethod,
} from "./verdict.ts";

test("outcomeOf() keeps timeout, adapter-error and not-run apart from fail", () => {
  assert.equal(outcomeOf(new CaseTimeout(), 9).verdict, "timeout");
  assert.equal(outcomeOf(new CaseTimeout(), 9).reason, "Timed out after 9 s");
  assert.equal(outcomeOf(new CaseInterrupted("stopped"), 9).verdict, "not-run");
  const protocol = new ShieldCallError(
    "ADAPTER_PROTOCOL",
    'Adapter answered "call.state" with an invalid result: /e2ee/number must match ^[0-9]{20}$',
  );
  assert.deepEqual(outcomeOf(protocol, 9), { verdict: "adapter-error", reason: protocol.message });
  const late = new ShieldCallError("INTERNAL", 'Adapter did not answer "call.place" within 30000 ms', {
    method: "call.place",
    pending: true,
  });
  assert.equal(outcomeOf(late, 9).verdict, "timeout");
  assert.equal(outcomeOf(new ShieldCallError("DRIVER_UNSUPPORTED", "no"), 9).verdict, "skip");
  assert.deepEqual(outcomeOf(new CaseFailure("differs", 1, 2), 9), {
    verdict: "fail",
    reason: "differs",
    expected: 1,
    actual: 2,
  });
  assert.equal(outcomeOf(new CaseSkip("pre"), 9).verdict, "skip");
  assert.equal(outcomeOf(new CaseInfo("seen"), 9).verdict, "info");
  assert.equal(outcomeOf(new Error("boom"), 9).verdict, "fail");
});

const ev = (lines: [string, "->" | "<-", string, number][]): Evidence => {
  const roles = [...new Set(lines.map((l) => l[0]))];
  return {
    drivers: roles.map((role) => ({
      role,
      command: "x",
      stderr: "",
      exit: null,
      transcript: lines.filter((l) => l[0] === role).map(([, dir, line, at]) => ({ dir, line, at })),
    })),
    calls: [],
    adversary: null,
    timings: {},
    notes: [],
  };
};

test("pendingRequests() names the requests without a response (not shutdown); describePending() says none when none", () => {
  const e = ev([
    ["impl:a", "->", '{"jsonrpc":"2.0","id":1,"method":"hello"}', 0],
    ["impl:a", "<-", '{"jsonrpc":"2.0","id":1,"result":{}}', 5],
    ["impl:a", "->", '{"jsonrpc":"2.0","id":2,"method":"call.state","params":{}}', 1000],
    ["ref:b", "->", '{"jsonrpc":"2.0","id":7,"method":"shutdown"}', 1500],
    ["ref:b", "<-", "not json", 1600],
  ]);
  const p = pendingRequests(e, 4000);
  assert.deepEqual(p, [{ role: "impl:a", method: "call.state", waitedMs: 3000 }]);
  assert.equal(describePending(p), 'pending: impl:a "call.state" (waiting 3.0 s)');
  assert.equal(describePending([]), "no driver request was pending");
});

test("unsupportedMethod() finds the method the implementation answered with -32601", () => {
  const e = ev([
    ["impl:a", "->", '{"jsonrpc":"2.0","id":1,"method":"hello"}', 0],
    ["impl:a", "<-", '{"jsonrpc":"2.0","id":1,"result":{}}', 1],
    ["impl:a", "->", '{"jsonrpc":"2.0","id":2,"method":"configure"}', 2],
    [
      "impl:a",
      "<-",
      '{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"x","data":{"code":"DRIVER_UNSUPPORTED"}}}',
      3,
    ],
    ["ref:b", "->", '{"jsonrpc":"2.0","id":3,"method":"call.place"}', 4],
    ["ref:b", "<-", '{"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"x"}}', 5],
  ]);
  assert.equal(unsupportedMethod(e), "configure");
  assert.equal(unsupportedMethod(e, "ref:"), "call.place");
  assert.equal(unsupportedMethod(ev([["impl:a", "->", '{"jsonrpc":"2.0","id":1,"method":"hello"}', 0]])), null);
});
