/**
 * The forwarder end to end (SPEC §13.9): two werift endpoints, each on its own DTLS-SRTP leg over UDP, exchange
 * SFrame-sealed media through a Forwarder.
 *
 * Assert the following behaviors:
 * - media flows both ways, audio and video, and every frame opens at the receiver as the sender's plaintext (FW1);
 * - each payload leaves the forwarder byte for byte as the sender sealed it, with its sequence number, timestamp and
 *   marker, and the counters match the tap (FW2, FW3);
 * - a receiver's key-frame request (PLI) reaches the sender of that video (FW2);
 * - every payload the forwarder handled is an SFrame ciphertext it cannot open (FW1);
 * - a faulty endpoint's plaintext is forwarded (the forwarder judges nothing), dropped by the receiver, and caught by
 *   the ciphertext verdict (the control); the other direction goes on;
 * - closing the forwarder and the endpoints releases every UDP socket.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { profileContext } from "../crypto/sframe/mod.ts";
import { seenOnlyCiphertext } from "./mod.ts";
import { MEDIA_MARKER, rtpTimestamp, until } from "./_testing/sframe_endpoint.ts";
import { forwardedCall, FORWARDER_GUESSES, pump } from "./_testing/scenario.ts";

const udpSockets = () => process.getActiveResourcesInfo().filter((r) => r === "UDPWrap" || r === "UDPSocket").length;
const decode = (b: Uint8Array) => new TextDecoder().decode(b.subarray(0, 40));
const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

async function socketsBackTo(baseline: number): Promise<number> {
  const deadline = Date.now() + 5_000;
  while (udpSockets() > baseline && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return udpSockets();
}

test("Forwarder carries SFrame media both ways and sees only ciphertext", { timeout: 60_000 }, async () => {
  const baseline = udpSockets();
  const s = await forwardedCall();
  try {
    await pump([s.caller, s.callee], 1_000);
    await new Promise((r) => setTimeout(r, 300)); // the last frames in flight

    // Media both ways, both kinds, each frame the other side's plaintext (FW1)
    for (const [rx, from] of [[s.callee, "caller"], [s.caller, "callee"]] as const) {
      assert.ok(rx.count("audio") >= 35, `${rx.role} got ${rx.count("audio")} audio frames of ~50`);
      assert.ok(rx.count("video") >= 20, `${rx.role} got ${rx.count("video")} video frames of ~30`);
      for (const r of rx.received) {
        const m = new RegExp(`^SHIELDCALL-MEDIA\\|${from}\\|${r.kind}\\|(\\d+)\\|`).exec(decode(r.plaintext));
        assert.ok(m, `${rx.role} got a frame of ${from}'s ${r.kind}: ${decode(r.plaintext)}`);
        // FW2: sequence number, timestamp and marker pass unchanged (the sender set them from the frame number)
        const n = Number(m[1]);
        assert.deepEqual([r.sequenceNumber, r.timestamp, r.marker], [n & 0xffff, rtpTimestamp(r.kind, n), n % 2 === 0]);
      }
      // nothing fails to open; a duplicate (a NACK retransmission under load) may be refused by the window (§13.5)
      const bad = Object.keys(rx.drops).filter((code) => code !== "SFRAME_REPLAY");
      assert.deepEqual(bad, [], `${rx.role} dropped ${JSON.stringify(rx.drops)}`);
    }

    // Payloads unchanged (FW2); counters equal to what the tap saw (FW3)
    const st = s.call.stats();
    for (const [dir, tx] of [["callerToCallee", s.caller], ["calleeToCaller", s.callee]] as const) {
      const mine = s.seen.filter((p) => p.direction === dir && p.forwarded);
      assert.ok(mine.length > 0, `${dir}: packets forwarded`);
      for (const p of mine) assert.ok(tx.sent.some((x) => equal(x, p.payload)), `${dir}: a payload was changed`);
      assert.equal(st[dir].forwarded.packets, mine.length, `${dir}: packet counter`);
      assert.equal(st[dir].forwarded.bytes, mine.reduce((n, p) => n + p.payload.length, 0), `${dir}: byte counter`);
      assert.equal(st[dir].audio.packets + st[dir].video.packets, st[dir].forwarded.packets);
    }

    // A receiver's key-frame request reaches the sender of that video (FW2), counted (FW3)
    assert.equal(s.caller.keyFrameRequests, 0, "no key-frame request before the callee asks");
    await s.callee.requestKeyFrame();
    await until(() => s.caller.keyFrameRequests > 0, 5_000, "the PLI to reach the caller");
    assert.ok(s.call.stats().callerToCallee.keyFrameRequests >= 1);
    assert.equal(s.call.stats().calleeToCaller.keyFrameRequests, 0);

    // What the forwarder saw is ciphertext it cannot open (FW1) ...
    const payloads = s.seen.map((p) => p.payload);
    const verdict = seenOnlyCiphertext(payloads, { plaintextMarker: MEDIA_MARKER, forwarderKeys: FORWARDER_GUESSES });
    assert.ok(verdict.ok, `${verdict.expected}; got ${verdict.actual}`);
    assert.equal(verdict.checked, payloads.length);
    // ... and real SFrame: it opens under the call's keys, which the endpoints alone hold
    const first = s.seen.find((p) => p.direction === "callerToCallee")!;
    assert.ok(decode(profileContext("callee", s.keys).open(first.payload).plaintext).startsWith("SHIELDCALL-MEDIA|"));
  } finally {
    await s.close();
  }
  assert.equal(await socketsBackTo(baseline), baseline, "every UDP socket closed");
});

test("Forwarder control: a faulty endpoint's plaintext is dropped by the receiver and fails the ciphertext verdict", {
  timeout: 60_000,
}, async () => {
  const s = await forwardedCall({ callerSeal: false });
  try {
    await pump([s.caller, s.callee], 600);
    await new Promise((r) => setTimeout(r, 300));

    // The forwarder forwards what it gets (it holds no key and judges nothing) ...
    assert.ok(s.call.stats().callerToCallee.forwarded.packets > 0, "the plaintext was forwarded");
    // ... the receiver drops every plaintext frame (SPEC §13.6) and the call goes on the other way
    assert.equal(s.callee.received.length, 0, "the callee opened no plaintext frame");
    const dropped = Object.values(s.callee.drops).reduce((a, b) => a + b, 0);
    assert.ok(dropped > 0, `the callee dropped the caller's frames: ${JSON.stringify(s.callee.drops)}`);
    assert.ok(s.caller.count("audio") >= 20, "the honest direction still carries media");

    // The control: the verdict that passed on sealed media fails on this traffic
    const mine = s.seen.filter((p) => p.direction === "callerToCallee").map((p) => p.payload);
    const verdict = seenOnlyCiphertext(mine, { plaintextMarker: MEDIA_MARKER, forwarderKeys: FORWARDER_GUESSES });
    assert.equal(verdict.ok, false, `the verdict must fail on plaintext: ${verdict.actual}`);
    assert.equal(verdict.index, 0);
  } finally {
    await s.close();
  }
});
