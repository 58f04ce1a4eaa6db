import { test } from "node:test";
import assert from "node:assert/strict";
import { formatEvent, ServiceLog } from "./log.ts";

const at = new Date("2026-01-02T03:04:05.678Z");

test("formatEvent: one line per event, key=value, values with spaces quoted", () => {
  assert.equal(
    formatEvent({ type: "sign-in", user: "alice", endpoint: "ep-1", device: "web x" }, at),
    '2026-01-02T03:04:05.678Z sign-in user=alice endpoint=ep-1 device="web x"',
  );
  assert.equal(
    formatEvent({ type: "call-end", callId: "c1", reason: "hangup", code: null, seconds: 2.5, topology: "relay" }, at),
    "2026-01-02T03:04:05.678Z call-end call=c1 reason=hangup code=- topology=relay seconds=2.5",
  );
  const refused = formatEvent(
    { type: "refused", code: "AUTH_FAILED", message: "Authentication failed", request: "auth", user: null },
    at,
  );
  assert.equal(
    refused,
    '2026-01-02T03:04:05.678Z refused code=AUTH_FAILED request=auth user=- message="Authentication failed"',
  );
  assert.doesNotMatch(formatEvent({ type: "error", message: "a\nstack\nlines" }, at), /\n/);
});

test("ServiceLog: quiet keeps errors only, and a failing sink does not throw", () => {
  const lines: string[] = [];
  const quiet = new ServiceLog((l) => lines.push(l), { quiet: true });
  quiet.event({ type: "sign-in", user: "a", endpoint: "e", device: "d" });
  quiet.text("hub: internal error: boom");
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, / error message="hub: internal error: boom"$/);
  new ServiceLog(() => {
    throw new Error("disk full");
  }).event({ type: "error", message: "x" });
});
