// deno-lint-ignore-file no-explicit-any -- tests reach into untyped driver replies
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

test("splitRelayCandidates() defers only the relay's candidates (SPEC §4.3 TR2) and keeps every other line", async () => {
  const { splitRelayCandidates } = await import("./media_engine.ts");
  const relayed = [
    "v=0",
    "a=group:BUNDLE 0 1",
    "m=audio 40000 UDP/TLS/RTP/SAVPF 111",
    "a=mid:0",
    "a=candidate:relay 1 udp 2130706431 192.0.2.9 40000 typ host generation 0",
    "a=fingerprint:sha-256 AB",
    "m=video 40000 UDP/TLS/RTP/SAVPF 96",
    "a=mid:1",
    "a=candidate:relay 1 udp 2130706431 192.0.2.9 40000 typ host generation 0",
    "",
  ].join("\r\n");
  const r = splitRelayCandidates(relayed);
  assert.equal(r.deferred.length, 2);
  assert.deepEqual(r.deferred.map((c) => [c.sdpMid, c.sdpMLineIndex]), [["0", 0], ["1", 1]]);
  assert.equal(r.deferred[0]!.candidate, "candidate:relay 1 udp 2130706431 192.0.2.9 40000 typ host generation 0");
  assert.equal(r.sdp, relayed.split("\r\n").filter((l) => !l.startsWith("a=candidate:")).join("\r\n"));
  // A processor leg's or a peer's own candidates: nothing deferred, the SDP untouched.
  const direct = relayed.replaceAll("a=candidate:relay ", "a=candidate:1234 ");
  assert.deepEqual(splitRelayCandidates(direct), { sdp: direct, deferred: [] });
  const mixed = relayed.replace(
    "a=candidate:relay 1 udp 2130706431 192.0.2.9 40000 typ host generation 0\r\na=fingerprint",
    "a=candidate:9 1 udp 1 10.0.0.1 5 typ host\r\na=fingerprint",
  );
  assert.equal(splitRelayCandidates(mixed).deferred.length, 0);
});
