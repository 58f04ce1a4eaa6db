// deno-lint-ignore-file no-explicit-any -- tests read the scenario's untyped RESULT
/**
 * The reference peer and the media-profile negotiation (SPEC §13.10), against a scripted service on a real WebSocket
 * (scenario_profile.ts, in a child process: the callee side builds real PeerConnections). Assert the following
 * behaviours, each with the broken variant of the peer it catches:
 * - offered ["sframe","dtls-srtp"], the callee (dtls-srtp only) sends no accept and hangs up with E2EE_BAD_PROFILE;
 * - offered ["dtls-srtp","sframe"], it accepts with `profile: "dtls-srtp"`, and its confirm tag verifies under the
 *   caller's transcript, which binds the profiles (so it bound them too);
 * - as caller it offers no `profiles`, and an accept choosing "sframe" ends the call with E2EE_BAD_PROFILE before
 *   `reveal`; one choosing "dtls-srtp" goes on to `reveal`.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { runChild } from "../_testing/child.ts";

const SCENARIO = fileURLToPath(new URL("./_testing/scenario_profile.ts", import.meta.url));

async function scenario(mode: string, broken?: string): Promise<any> {
  const r = await runChild(SCENARIO, { args: broken ? [mode, broken] : [mode], timeoutMs: 40000 });
  assert.equal(r.code, 0, `scenario exited ${r.code} (${r.signal}): ${r.stderr.slice(-3000)}`);
  assert.ok(r.result, `no RESULT line: ${r.stdout.slice(-1000)}`);
  assert.equal((r.result as any).error, undefined, String((r.result as any).error));
  return r.result;
}

/** SPEC §13.10: a dtls-srtp-only callee offered an sframe-first list ends the call, never accepting. */
function refusedSframeFirst(j: any): void {
  assert.equal(j.accept, null, "no accept is sent");
  assert.equal(j.hangup?.code, "E2EE_BAD_PROFILE", "hangup with the code (SPEC §5.8)");
  assert.equal(j.answerError, "E2EE_BAD_PROFILE");
  assert.deepEqual(j.states, [{ state: "ended", endCode: "E2EE_BAD_PROFILE", indicator: false }]);
}

/** SPEC §13.10: offered dtls-srtp first, it chooses dtls-srtp, says so, and binds the profiles. */
function boundDtlsSrtpFirst(j: any): void {
  assert.equal(j.accept?.e2ee?.profile, "dtls-srtp", "accept.e2ee.profile");
  assert.equal(j.tagVerified, true, "the callee's tag verifies under a transcript binding the profiles");
  assert.equal(j.hangup, null, "the call goes on");
}

/** SPEC §13.10: the caller offers nothing and refuses an sframe choice before the reveal. */
function callerRefusesSframe(j: any): void {
  assert.equal("profiles" in j.invite.e2ee, false, "the reference never offers profiles");
  assert.equal(j.reveal, "hangup", "no reveal: the call ends first");
  assert.equal(j.hangup?.code, "E2EE_BAD_PROFILE");
  assert.deepEqual(j.states, [{ state: "ended", endCode: "E2EE_BAD_PROFILE", indicator: false }]);
  assert.equal(j.sent.includes("reveal"), false);
}

describe("ReferencePeer and the media profile (SPEC §13.10)", { timeout: 120000 }, () => {
  test("as callee offered an sframe-first list it ends the call with E2EE_BAD_PROFILE and sends no accept", {
    timeout: 60000,
  }, async () => {
    refusedSframeFirst(await scenario("callee-sframe-first"));
    // broken variant: a callee that ignores `profiles` accepts the call as dtls-srtp
    const broken = await scenario("callee-sframe-first", "callee-drops-profiles");
    assert.throws(() => refusedSframeFirst(broken));
    assert.equal(broken.accept?.type, "accept");
  });

  test("as callee offered dtls-srtp first it accepts with profile dtls-srtp and binds the offered profiles", {
    timeout: 60000,
  }, async () => {
    boundDtlsSrtpFirst(await scenario("callee-dtls-srtp-first"));
    // broken variant: without the profiles in its commitment check the reveal is a commitment mismatch
    const broken = await scenario("callee-dtls-srtp-first", "callee-drops-profiles");
    assert.throws(() => boundDtlsSrtpFirst(broken));
    assert.equal(broken.hangup?.code, "E2EE_COMMITMENT_MISMATCH");
  });

  test("as caller it offers no profiles and ends an sframe choice with E2EE_BAD_PROFILE before reveal", {
    timeout: 60000,
  }, async () => {
    callerRefusesSframe(await scenario("caller-sframe"));
    // control: a dtls-srtp choice is taken, and the caller reveals
    const ok = await scenario("caller-dtls-srtp");
    assert.equal(ok.reveal, "reveal");
    assert.equal(ok.sent.includes("hangup"), false);
    // broken variant: a caller that ignores accepted.e2ee.profile reveals into an sframe choice
    const broken = await scenario("caller-sframe", "caller-ignores-profile");
    assert.throws(() => callerRefusesSframe(broken));
    assert.equal(broken.reveal, "reveal");
  });
});
