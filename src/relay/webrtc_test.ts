/**
 * End to end through the transport relay with real node-webrtc peers (SPEC §4.3): non-trickle SDP whose
 * candidates the test (acting as the call service) replaces by the relay's, a data channel and a tone each
 * way. The peers run in a child process (_testing/webrtc_pair.ts) because node-webrtc crashes its process on exit.
 * The one file with real WebRTC calls for the relay; sdp_test.ts reuses the same child for real SDPs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { extractCandidates, replaceCandidates, TransportRelay } from "./mod.ts";
import type { RelayAllocation, RelayEvent } from "./mod.ts";
import { runPeerPair } from "./_testing/pair_runner.ts";

const HOST = "127.0.0.1";

/** The `a=fingerprint:sha-256` value of an SDP. */
function sdpFingerprint(sdp: string): string {
  const m = /^a=fingerprint:sha-256 ([0-9A-Fa-f:]+)\r?$/m.exec(sdp);
  assert.ok(m, "SDP has a sha-256 fingerprint");
  return m[1].toUpperCase();
}

/** What the call service does with one side's complete SDP (SPEC §4.3 TR2–TR3). */
function serviceForward(alloc: RelayAllocation, from: "a" | "b", sdp: string, permit: boolean): string {
  const cands = extractCandidates(sdp).filter((c) => c.protocol === "udp");
  assert.ok(cands.some((c) => c.address === HOST), "the endpoint gathered a loopback candidate");
  alloc.permit(from, permit ? cands.map((c) => ({ address: c.address, port: c.port })) : []);
  const out = replaceCandidates(sdp, { address: HOST, port: from === "a" ? alloc.ports.b : alloc.ports.a });
  const relayed = extractCandidates(out);
  assert.equal(
    relayed.length > 0 &&
      relayed.every((c) => c.address === HOST && c.port === (from === "a" ? alloc.ports.b : alloc.ports.a)),
    true,
  );
  return out;
}

/** Runs the two peers in a child process, this test acting as the call service through `alloc`. */
function runPair(
  alloc: RelayAllocation,
  opts: { expect: "connect" | "blocked"; waitMs: number; permitA: boolean },
  killMs: number,
) {
  return runPeerPair(
    (side, sdp) => serviceForward(alloc, side, sdp, side === "b" || opts.permitA),
    { expect: opts.expect, waitMs: opts.waitMs },
    killMs,
  );
}

test(
  "TransportRelay carries a real WebRTC call: ICE, DTLS, SRTP, data and audio both ways",
  { timeout: 30000 },
  async () => {
    const events: RelayEvent[] = [];
    const relay = new TransportRelay({ host: HOST, log: (e) => events.push(e) });
    try {
      const alloc = await relay.allocate("webrtc-ok");
      const { result: r, exit } = await runPair(alloc, { expect: "connect", waitMs: 20000, permitA: true }, 25000);
      assert.deepEqual(exit, { code: 0, signal: null });
      assert.deepEqual(r.everConnected, { a: true, b: true });
      assert.deepEqual(r.messages, ["hello through the relay"]);
      assert.ok(
        r.energetic.a >= 20 && r.energetic.b >= 20,
        `audio with energy at both ends: ${JSON.stringify(r.energetic)}`,
      );

      const s = alloc.stats();
      for (const dir of ["a_to_b", "b_to_a"] as const) {
        assert.ok(s.forwarded[dir].stun > 0, `${dir} STUN`);
        assert.ok(s.forwarded[dir].dtls > 0, `${dir} DTLS`);
        assert.ok(s.forwarded[dir].srtp > 0, `${dir} SRTP`);
      }
      // SPEC §4.3 (TR8), M3: the certificate each side presented is the one its own SDP fingerprints.
      assert.equal(s.certificates.a[0], sdpFingerprint(r.sdpA));
      assert.equal(s.certificates.b[0], sdpFingerprint(r.sdpB));
      assert.notEqual(s.certificates.a[0], s.certificates.b[0]);
      assert.equal(s.dropped.noTarget + s.dropped.fault, 0);
      // b starts its checks as soon as it applied the offer, before its answer (and so its permit) reached the
      // service: those early checks are the only unknown-source drops a working call may show.
      const permittedB = new Set(extractCandidates(r.sdpB).map((c) => `${c.address}|${c.port}`));
      for (const e of events) {
        if (e.type !== "drop") continue;
        assert.equal(e.side, "b", `drop on the port facing ${e.side}`);
        assert.ok(permittedB.has(`${e.from.address}|${e.from.port}`), `drop from a later-permitted b address`);
      }
    } finally {
      await relay.close();
    }
  },
);

test(
  "TransportRelay blocks a real WebRTC call when side a's sources are not permitted (S1)",
  { timeout: 30000 },
  async () => {
    const relay = new TransportRelay({ host: HOST });
    try {
      const alloc = await relay.allocate("webrtc-blocked");
      // Bounded negative check: several times what a working call needs to connect on loopback.
      const { result: r } = await runPair(alloc, { expect: "blocked", waitMs: 5000, permitA: false }, 25000);
      assert.deepEqual(r.everConnected, { a: false, b: false });
      assert.equal(r.energetic.a + r.energetic.b, 0);
      const s = alloc.stats();
      assert.ok(s.dropped.unknownSource > 0, "a's packets were dropped as unknown");
      assert.equal(s.forwarded.a_to_b.packets, 0, "nothing of a's crossed");
      assert.equal(s.forwarded.a_to_b.dtls + s.forwarded.b_to_a.dtls, 0, "no DTLS either way");
      assert.deepEqual(s.certificates, { a: [], b: [] });
    } finally {
      await relay.close();
    }
  },
);
