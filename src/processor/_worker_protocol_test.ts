import { test } from "node:test";
import assert from "node:assert/strict";
import { eventCheck, replyCheck, requestCheck } from "./_worker_protocol.ts";

test("requestCheck accepts the host's requests and refuses an unknown op, a missing field or a wrong type", () => {
  for (
    const ok of [
      { op: "init", outDir: "/tmp/x", log: true },
      { id: 1, op: "leg.answer", leg: "l1", sdp: "v=0" },
      { op: "bridge", h: 3, callId: "c", a: { leg: "l1" }, b: { link: 2, id: "l2" } },
      { id: 2, op: "bridge.do", h: 3, m: "startRecording" },
      { op: "in", link: 2, a: "AAAA", d: "12" },
      { op: "group", h: 4, callId: "c", members: [{ port: { leg: "l1" }, key: "alice", speaks: true }], opts: {} },
      { id: 3, op: "sync" },
    ]
  ) assert.ok(requestCheck.Check(ok), JSON.stringify(ok));
  for (
    const bad of [
      { op: "leg.teleport", leg: "l1" },
      { op: "leg.answer", leg: "l1" },
      { op: "bridge.do", h: 3, m: "startDancing" },
      { op: "bridge", h: -1, callId: "c", a: { leg: "l1" }, b: { leg: "l2" } },
      { op: "leg.create", leg: "", label: "x" },
    ]
  ) assert.ok(!requestCheck.Check(bad), JSON.stringify(bad));
});

test("replyCheck and eventCheck tell replies from events", () => {
  assert.ok(replyCheck.Check({ re: 1, ok: true, value: "v=0" }));
  assert.ok(replyCheck.Check({ re: 2, ok: false, error: { name: "TypeError", message: "x", code: "BAD_STATE" } }));
  assert.ok(!replyCheck.Check({ ev: "log", e: {} }));
  assert.ok(eventCheck.Check({ ev: "caption", h: 1, c: { text: "hi" } }));
  assert.ok(
    eventCheck.Check({ ev: "stats", legs: {}, groups: {}, vms: {}, totals: { audioFramesIn: 1, videoFramesIn: 0 } }),
  );
  assert.ok(!eventCheck.Check({ ev: "stats", legs: {}, groups: {}, vms: {} }), "totals missing");
  assert.ok(!eventCheck.Check({ ev: "gossip" }));
});
