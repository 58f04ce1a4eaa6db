// deno-lint-ignore-file no-explicit-any -- tests reach into untyped driver replies
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { runChild } from "../_testing/child.ts";
import { validateRpcResult } from "../protocol/mod.ts";
import { PeerCall } from "./call.ts";

const SCENARIO = fileURLToPath(new URL("./_testing/scenario_call.ts", import.meta.url));

/** Runs the two-peer scenario in a child process and returns its JSON result. */
async function scenario(
  mode: "e2ee" | "standard" | "older-callee" | "mitm" | "strip" | "swap-commit" | "anchor",
): Promise<any> {
  const r = await runChild(SCENARIO, { args: [mode], timeoutMs: 80000 });
  assert.equal(r.code, 0, `scenario exited ${r.code} (${r.signal}): ${r.stderr.slice(-3000)}`);
  assert.ok(r.result, `no RESULT line: ${r.stdout.slice(-1000)}`);
  assert.equal(r.result.error, undefined, String(r.result.error));
  return r.result;
}

describe("ReferencePeer calls through the service", () => {
  test("ReferencePeer.place() with E2EE on at both ends shows both indicators and equal 20-digit numbers", {
    timeout: 90000,
  }, async () => {
    const j = await scenario("e2ee");
    const { alice, bob } = j.during;
    assert.deepEqual(j.incoming, ["alice"]);
    assert.equal(alice.role, "caller");
    assert.equal(bob.role, "callee");
    assert.equal(alice.state, "connected");
    assert.equal(bob.state, "connected");
    assert.equal(alice.topology, "relay");
    assert.equal(bob.topology, "relay");
    assert.equal(alice.e2ee.indicator, true);
    assert.equal(bob.e2ee.indicator, true);
    assert.match(alice.e2ee.number, /^[0-9]{20}$/);
    assert.equal(alice.e2ee.number, bob.e2ee.number, "V2: same number at both ends");
    // SPEC §7: an E2EE call reports its media profile; the reference's is DTLS-SRTP, with no SFrame counters
    for (const s of [alice, bob]) assert.equal(s.profile, "dtls-srtp");
    for (const s of [alice, bob]) assert.equal("sframe" in s, false);
    // Media crossed end to end: each side heard the other's digits and decoded its frames.
    assert.ok(bob.media.audio.digits.includes(j.speech.alice), `bob heard "${bob.media.audio.digits}"`);
    assert.ok(alice.media.audio.digits.includes(j.speech.bob), `alice heard "${alice.media.audio.digits}"`);
    assert.ok(alice.media.video.decoded > 0 && bob.media.video.decoded > 0);
    // F1–F10: nothing offered, recording refused locally.
    assert.deepEqual(j.offered, []);
    assert.deepEqual(j.recording, { error: "FEATURE_DISABLED_E2EE" });
    // V1: after the hangup neither side shows the indicator or the number.
    for (const s of [j.after.alice, j.after.bob]) {
      assert.equal(s.state, "ended");
      assert.equal(s.e2ee.indicator, false);
      assert.equal(s.e2ee.number, null);
    }
    assert.equal(j.numberShownWithoutIndicator, false);
  });

  test("a protocol-3 caller meeting a protocol-2 callee runs a standard call: no indicator, media flows (SPEC §6.1)", {
    timeout: 90000,
  }, async () => {
    const j = await scenario("older-callee");
    const { alice, bob } = j.during;
    for (const s of [alice, bob]) {
      assert.equal(s.state, "connected");
      assert.equal(s.topology, "processor");
      assert.equal(s.e2ee.indicator, false);
      assert.equal(s.e2ee.number, null);
    }
    assert.ok(bob.media.audio.digits.includes(j.speech.alice), `bob heard "${bob.media.audio.digits}"`);
    assert.ok(alice.media.audio.digits.includes(j.speech.bob), `alice heard "${alice.media.audio.digits}"`);
  });

  test("ReferencePeer.place() with E2EE off makes a standard call through the processor with no indicator", {
    timeout: 90000,
  }, async () => {
    const j = await scenario("standard");
    const { alice, bob } = j.during;
    assert.equal(alice.state, "connected");
    assert.equal(bob.state, "connected");
    assert.equal(alice.topology, "processor");
    assert.equal(bob.topology, "processor");
    for (const s of [alice, bob]) {
      assert.equal(s.e2ee.indicator, false);
      assert.equal(s.e2ee.number, null);
      assert.equal("profile" in s, false, "SPEC §7: a standard call reports no media profile");
    }
    assert.ok(bob.media.audio.digits.includes(j.speech.alice), `bob heard "${bob.media.audio.digits}"`);
    assert.ok(alice.media.audio.digits.includes(j.speech.bob), `alice heard "${alice.media.audio.digits}"`);
    assert.ok(j.offered.includes("recording"), `offered: ${j.offered}`);
    assert.notDeepEqual(j.recording, { error: "FEATURE_DISABLED_E2EE" });
    assert.equal(j.after.bob.state, "ended");
  });

  test(
    "ReferencePeer under a mitm adversary keeps the call up but the two numbers differ (V2)",
    { timeout: 90000 },
    async () => {
      const j = await scenario("mitm");
      const { alice, bob } = j.during;
      assert.equal(alice.state, "connected");
      assert.equal(bob.state, "connected");
      assert.match(alice.e2ee.number, /^[0-9]{20}$/);
      assert.match(bob.e2ee.number, /^[0-9]{20}$/);
      assert.notEqual(alice.e2ee.number, bob.e2ee.number);
    },
  );

  test("ReferencePeer under a strip adversary falls back to a standard call and never shows the indicator", {
    timeout: 90000,
  }, async () => {
    const j = await scenario("strip");
    assert.equal(j.during.alice.topology, "processor");
    assert.equal(j.during.bob.state, "connected");
    assert.deepEqual(j.everIndicator, { alice: false, bob: false });
    assert.equal(j.numberShownWithoutIndicator, false);
  });

  for (const mode of ["swap-commit", "anchor"] as const) {
    test(
      `ReferencePeer callee ends the call with E2EE_COMMITMENT_MISMATCH under ${mode} and never shows the indicator (V4)`,
      {
        timeout: 90000,
      },
      async () => {
        const j = await scenario(mode);
        for (const who of ["alice", "bob"] as const) {
          const s = j.during[who];
          assert.equal(s.state, "ended", `${who} state`);
          // SPEC §8 anchor: the callee's commitment check fails, or the caller ends first because the processor's
          // answer is not the certificate bound in `accept` (a race between the two checks).
          const codes = mode === "anchor"
            ? ["E2EE_COMMITMENT_MISMATCH", "E2EE_FINGERPRINT_MISMATCH"]
            : ["E2EE_COMMITMENT_MISMATCH"];
          assert.ok(codes.includes(s.endCode ?? ""), `${who} endCode ${s.endCode}`);
          assert.ok(s.endReason.length > 0);
          assert.equal(s.e2ee.indicator, false);
          assert.equal(s.e2ee.number, null);
        }
        assert.equal(j.everIndicator.bob, false, "the callee never shows the indicator");
        // SPEC §5.9: the caller never gets the callee's confirmation, so it never shows the indicator either.
        assert.equal(j.everIndicator.alice, false, "the caller never shows the indicator");
        // SPEC §5.8: no fallback to a standard call on the same call id.
        assert.equal(j.during.bob.media.audio.framesReceived, 0);
      },
    );
  }
});

describe("PeerCall.snapshot() media profile (SPEC §7)", () => {
  test("reports dtls-srtp once the call is E2EE (relay topology), none before or in a standard call", () => {
    const c = new PeerCall({ callId: "c-1", role: "caller", peer: "bob", state: "inviting" });
    assert.equal("profile" in c.snapshot(), false, "before the topology is known");
    c.topology = "processor";
    assert.equal("profile" in c.snapshot(), false, "a standard call");
    c.topology = "relay";
    const s = c.snapshot();
    assert.equal(s.profile, "dtls-srtp");
    assert.equal("sframe" in s, false, "no SFrame counters outside the sframe profile");
    assert.ok(validateRpcResult("call.state", s).ok);
    c.end("hangup", null);
    assert.equal(c.snapshot().profile, "dtls-srtp", "an ended E2EE call keeps its profile");
  });
});
