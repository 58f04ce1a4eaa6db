import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { runChild } from "../_testing/child.ts";

const SCENARIO = fileURLToPath(new URL("./_testing/scenario_media.ts", import.meta.url));

describe("MediaEngine", () => {
  test("MediaEngine exchanges DTMF speech and coded video between two directly connected engines, then closes", {
    timeout: 60000,
  }, async () => {
    const r = await runChild(SCENARIO, { args: [], timeoutMs: 50000 });
    assert.equal(r.code, 0, `scenario exited ${r.code} (${r.signal}): ${r.stderr.slice(-2000)}`);
    assert.ok(r.result, `no RESULT line line: ${r.stdout.slice(-500)}`);
    const j = r.result as any;
    assert.equal(j.offerHasCandidates, true, "the offer carries its gathered candidates (no trickle)");
    assert.equal(j.answerType, "answer");
    assert.deepEqual(j.connected, ["connected", "connected"]);
    // Each side heard the other's digits (not its own) and decoded the other's frames.
    assert.match(j.a.audio.digits, /2468/);
    assert.match(j.b.audio.digits, /1357/);
    assert.doesNotMatch(j.a.audio.digits, /[1357]/);
    assert.doesNotMatch(j.b.audio.digits, /[2468]/);
    assert.equal(j.a.audio.carrier, true);
    assert.ok(j.a.audio.framesReceived > 0 && j.b.audio.framesReceived > 0);
    assert.ok(j.a.video.decoded >= 5 && j.b.video.decoded >= 5);
    assert.ok(j.a.video.framesReceived >= j.a.video.decoded);
    assert.equal(typeof j.a.video.latencyMs, "number");
    assert.ok(j.states.a.includes("connected") && j.states.b.includes("connected"));
    // close(): PeerConnections closed, ticker released, further use refused.
    assert.deepEqual(j.closed, ["closed", "closed", "closed", "closed"]);
    assert.equal(j.subscribersWhileOpen, 2);
    assert.equal(j.subscribersAfterClose, 0);
    assert.equal(j.tickerRunning, false);
    assert.equal(j.afterCloseThrows, true);
  });
});
