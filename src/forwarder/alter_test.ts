/**
 * The forwarder's adversary hook (SPEC §8, the sframe-* modes): an alteration replaces, drops or adds payloads, and
 * the packets after an added one are renumbered so the receiver sees neither a gap nor a duplicate sequence number.
 * Real werift endpoints over DTLS-SRTP; without an alteration nothing changes (forwarder_test.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { until } from "./_testing/sframe_endpoint.ts";
import { forwardedCall } from "./_testing/scenario.ts";

test(
  "an alteration replaces, drops and adds payloads; later packets are renumbered (SPEC §8)",
  { timeout: 60_000 },
  async () => {
    const s = await forwardedCall();
    try {
      const views: { seq: number; kind: string }[] = [];
      s.call.alter((p) => {
        if (p.direction !== "callerToCallee" || p.kind !== "audio") return null;
        views.push({ seq: p.sequenceNumber, kind: p.kind });
        if (p.sequenceNumber === 2) return []; // dropped
        if (p.sequenceNumber === 3) return [p.payload, p.payload]; // sent twice: the copy is seq 4, later ones shift
        if (p.sequenceNumber === 5) return [Uint8Array.of(0xff)]; // replaced by a truncated SFrame header
        return null;
      });
      for (let i = 0; i < 8; i++) {
        s.caller.send("audio");
        s.callee.send("audio");
        await new Promise((r) => setTimeout(r, 20));
      }
      await until(
        () => s.callee.received.length + Object.values(s.callee.drops).reduce((a, b) => a + b, 0) >= 8,
        5_000,
        "the callee's frames",
      );
      await until(() => s.caller.received.length >= 8, 5_000, "the caller's frames");
      assert.deepEqual(
        views.map((v) => v.seq),
        [0, 1, 2, 3, 4, 5, 6, 7],
        "the alteration saw each packet once, as sent",
      );
      const seqs = s.callee.received.map((r) => r.sequenceNumber).sort((a, b) => a - b);
      // 0, 1 as sent; 2 dropped; 3 and its copy as 3 and 4 (the copy refused by the replay window, SPEC §13.5);
      // 4 → 5; 5 → 6 replaced (not SFrame: dropped); 6 → 7, 7 → 8
      assert.deepEqual(seqs, [0, 1, 3, 5, 7, 8]);
      assert.equal(s.callee.drops["SFRAME_REPLAY"], 1, `drops ${JSON.stringify(s.callee.drops)}`);
      assert.equal(
        Object.values(s.callee.drops).reduce((a, b) => a + b, 0),
        2,
        `drops ${JSON.stringify(s.callee.drops)}`,
      );
      // the other direction is untouched
      assert.deepEqual(s.caller.received.map((r) => r.sequenceNumber).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7]);
      assert.deepEqual(s.caller.drops, {});
    } finally {
      await s.close();
    }
  },
);
