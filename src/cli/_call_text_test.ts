/**
 * The text of `shieldcall call`: "1 action", never "1 actions"; "heard" marked as a rotation of the other side's
 * looped digits (SPEC §11.1 SM8), and unmarked when the other side's digits were not heard whole.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { SideReport } from "./call.ts";
import { sideLine, topologyLine } from "./_call_text.ts";

function sideOf(user: string, spoke: string, heard: string): SideReport {
  return {
    user,
    spoke,
    indicator: true,
    number: "04817229305512009384",
    state: "connected",
    endReason: null,
    endCode: null,
    features: [],
    media: {
      audio: { framesReceived: 100, digits: heard, carrier: true },
      video: { framesReceived: 40, decoded: 38, gaps: 0, maxGapMs: 40, latencyMs: 20 },
    },
  };
}

test("topologyLine() counts the adversary's actions: 1 action, 2 actions, none without an adversary", () => {
  const adversary = (n: number) => ({ mode: "mitm", seed: 1, actions: Array.from({ length: n }, () => ({})) });
  assert.equal(
    topologyLine({ topology: "relay", adversary: adversary(1) }),
    "topology: relay   adversary: mitm (1 action)",
  );
  assert.match(topologyLine({ topology: "relay", adversary: adversary(2) }), /\(2 actions\)$/);
  assert.equal(topologyLine({ topology: "processor", adversary: null }), "topology: processor");
});

test("sideLine() says heard digits are the other side's loop, a rotation, only when they were heard whole", () => {
  const alice = sideOf("alice", "421437", "734103734103");
  const bob = sideOf("bob", "037341", "437421437421");
  const line = sideLine("caller", alice, bob);
  assert.match(line, /^ {2}caller +alice +indicator ON +number 04817 22930 55120 09384 +spoke "421437"/);
  assert.match(line, /heard "734103734103" \(bob's digits, looped: a rotation\)/);
  assert.doesNotMatch(sideLine("caller", sideOf("alice", "421437", "7341"), bob), /rotation/);
  assert.match(sideLine("callee", { ...bob, endCode: "HANGUP" as never }, alice), /video 38 frames {2}ended: HANGUP$/);
});
