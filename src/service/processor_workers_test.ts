/**
 * The service with its media processor in worker processes (SPEC §4.4): real standard calls through a worker's
 * bridge, and a worker killed mid-call. The WebRTC endpoints run in a child process (_testing/workers_scenario.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { childResult } from "../_testing/child.ts";

interface Side {
  heard: string;
  state: string;
  audioFramesIn: number;
  videoFramesIn: number;
}
interface CallView {
  callId: string;
  topology: string;
  heard: boolean;
  ep1: string;
  ep2: string;
  evidence: { caller: Side; callee: Side; bridged: boolean };
}
interface Result {
  first: CallView & { worker: number | null; sameWorker: boolean };
  totalsBefore: { legs: number; bridges: number; audioFramesIn: number; videoFramesIn: number };
  ended: { reason: string; code?: string }[];
  afterKill: { caller: Side; callee: Side };
  second: CallView;
  pidsBefore: number[];
  pidsAfter: number[];
  legsAfter: number;
}

test(
  "startService({ processorWorkers: 2 }): standard calls bridge in a worker; a killed worker ends its call with INTERNAL and the service goes on",
  { timeout: 120_000 },
  async () => {
    const r = await childResult<Result>(new URL("./_testing/workers_scenario.ts", import.meta.url), {
      timeoutMs: 110_000,
    });
    // Media both ways through the bridge in a worker, and the counters the worker pushed.
    for (const c of [r.first, r.second]) {
      assert.equal(c.topology, "processor");
      assert.ok(c.heard, `media did not arrive both ways: alice heard "${c.ep1}", bob heard "${c.ep2}"`);
      assert.ok(c.evidence.bridged);
      assert.ok(c.evidence.caller.heard.includes("8311#5D"), `caller leg heard "${c.evidence.caller.heard}"`);
      assert.ok(c.evidence.callee.heard.includes("42*A09"), `callee leg heard "${c.evidence.callee.heard}"`);
      assert.ok(c.evidence.caller.videoFramesIn > 0 && c.evidence.callee.videoFramesIn > 0);
    }
    assert.ok(r.first.sameWorker, "the two legs of one call are in different workers");
    assert.ok(
      r.totalsBefore.audioFramesIn > 0 && r.totalsBefore.legs === 2 && r.totalsBefore.bridges === 1,
      JSON.stringify(r.totalsBefore),
    );
    // The killed worker's call ended at both parties with a stable code; its legs read "failed".
    assert.deepEqual(r.ended, [{ reason: "media-failed", code: "INTERNAL" }, {
      reason: "media-failed",
      code: "INTERNAL",
    }]);
    assert.equal(r.afterKill.caller.state, "failed");
    assert.equal(r.afterKill.callee.state, "failed");
    // A new worker took the dead one's place; the other worker is untouched.
    const w = r.first.worker!;
    assert.notEqual(r.pidsAfter[w], r.pidsBefore[w]);
    assert.equal(r.pidsAfter[1 - w], r.pidsBefore[1 - w]);
    assert.equal(r.legsAfter, 2);
  },
);
