/**
 * Bad input to the forwarder (SPEC §13.9 FW4): each gets a stable code and changes no state.
 *
 * Assert the following behaviors:
 * - an offer or answer that is not a usable SDP is refused with PROTO_INVALID, a non-string with TypeError, and the
 *   leg can still make its exchange afterwards;
 * - a leg has one exchange: a second answer or offer, or an answer with no offer pending, is BAD_STATE;
 * - a closed call refuses its legs, and a leg taken before the close refuses its exchange, with BAD_STATE;
 * - a closed forwarder refuses new calls, an open call id cannot be reused (BAD_STATE), an unknown one is
 *   CALL_NOT_FOUND.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { RTCPeerConnection } from "werift";
import { isShieldCallError } from "../errors.ts";
import { Forwarder } from "./mod.ts";
import { gathered, LOOPBACK_RTC, SFrameEndpoint } from "./_testing/sframe_endpoint.ts";
import { sframeSenderKeys } from "../crypto/sframe/mod.ts";

const KEYS = sframeSenderKeys(new Uint8Array(32).fill(7));

async function rejectsWith(p: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isShieldCallError(e), `a ShieldCallError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    return true;
  });
}

/** A real offer from a werift endpoint, and that endpoint. */
async function endpointOffer(): Promise<{ ep: SFrameEndpoint; sdp: string }> {
  const ep = new SFrameEndpoint("caller", KEYS);
  return { ep, sdp: await ep.offer() };
}

test("ForwarderLeg.answer() refuses a non-SDP with PROTO_INVALID and stays usable", { timeout: 30_000 }, async (t) => {
  const fwd = new Forwarder({ rtcConfig: LOOPBACK_RTC });
  t.after(() => fwd.close());
  const { ep, sdp } = await endpointOffer();
  t.after(() => ep.close());
  const leg = fwd.createCall().leg("caller");
  await rejectsWith(leg.answer("not an SDP"), "PROTO_INVALID");
  await rejectsWith(leg.answer(sdp.replace(/a=fingerprint:sha-256/g, "a=fingerprint:sha-1")), "PROTO_INVALID");
  await rejectsWith(
    leg.answer(sdp.replace(/^m=.*$/gm, "m=application 9 UDP/DTLS/SCTP webrtc-datachannel")),
    "PROTO_INVALID",
  );
  await assert.rejects(leg.answer(42 as unknown as string), TypeError);
  assert.equal(leg.state, "new", "no state changed");
  assert.equal(leg.localFingerprint(), null);
  // the leg makes its one exchange after all that
  const answer = await leg.answer(sdp);
  assert.match(answer, /^v=0/);
  assert.match(answer, /^a=ice-lite\r?$/m, "SPEC §13.9 FW4: the leg is an ICE-lite agent");
  assert.equal(leg.state, "exchanged");
  assert.match(leg.localFingerprint()!, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
});

test("ForwarderLeg: a leg used twice is BAD_STATE", { timeout: 30_000 }, async (t) => {
  const fwd = new Forwarder({ rtcConfig: LOOPBACK_RTC });
  t.after(() => fwd.close());
  const { ep, sdp } = await endpointOffer();
  t.after(() => ep.close());
  const call = fwd.createCall();
  const caller = call.leg("caller"), callee = call.leg("callee");
  await rejectsWith(caller.applyAnswer(sdp), "BAD_STATE"); // no offer pending
  const first = caller.answer(sdp);
  await rejectsWith(caller.answer(sdp), "BAD_STATE"); // while the first exchange runs
  await first;
  await rejectsWith(caller.answer(sdp), "BAD_STATE");
  await rejectsWith(caller.offer(), "BAD_STATE");
  // the other leg as offerer: a bad answer leaves its offer pending, a second offer is refused
  await callee.offer();
  assert.equal(callee.state, "offered");
  await rejectsWith(callee.applyAnswer("v=0\r\n"), "PROTO_INVALID");
  assert.equal(callee.state, "offered");
  await rejectsWith(callee.offer(), "BAD_STATE");
});

test("ForwardedCall: a closed call refuses its legs with BAD_STATE", { timeout: 30_000 }, async (t) => {
  const fwd = new Forwarder({ rtcConfig: LOOPBACK_RTC });
  t.after(() => fwd.close());
  const { ep, sdp } = await endpointOffer();
  t.after(() => ep.close());
  const call = fwd.createCall("c-1");
  const leg = call.leg("caller");
  await call.close();
  assert.equal(call.closed, true);
  assert.throws(() => call.leg("caller"), (e: unknown) => isShieldCallError(e, "BAD_STATE"));
  assert.throws(() => call.tap(() => {}), (e: unknown) => isShieldCallError(e, "BAD_STATE"));
  await rejectsWith(leg.answer(sdp), "BAD_STATE");
  await rejectsWith(leg.offer(), "BAD_STATE");
  assert.equal(leg.state, "closed");
  assert.equal(call.stats().state, "closed");
  assert.throws(() => fwd.call("c-1"), (e: unknown) => isShieldCallError(e, "CALL_NOT_FOUND"));
  // a call closed while its leg answers: the exchange ends in BAD_STATE, not in a half-open leg
  const call2 = fwd.createCall("c-2");
  const pending = call2.leg("caller").answer(sdp);
  await call2.close();
  await rejectsWith(pending, "BAD_STATE");
});

test("Forwarder: call ids, unknown calls and a closed forwarder", async () => {
  const fwd = new Forwarder({ rtcConfig: LOOPBACK_RTC });
  const call = fwd.createCall("same");
  assert.equal(fwd.call("same"), call);
  assert.throws(() => fwd.createCall("same"), (e: unknown) => isShieldCallError(e, "BAD_STATE"));
  assert.throws(() => fwd.createCall(""), (e: unknown) => isShieldCallError(e, "PROTO_INVALID"));
  assert.throws(() => fwd.call("other"), (e: unknown) => isShieldCallError(e, "CALL_NOT_FOUND"));
  assert.throws(() => call.leg("middle" as "caller"), (e: unknown) => isShieldCallError(e, "PROTO_INVALID"));
  assert.throws(() => new Forwarder({ gatherTimeoutMs: 0 }), RangeError);
  await fwd.close();
  assert.deepEqual(fwd.callIds, []);
  assert.equal(call.closed, true);
  assert.throws(() => fwd.createCall(), (e: unknown) => isShieldCallError(e, "BAD_STATE"));
});

test("gathered() is the helper the tests rely on: a werift offer carries a loopback candidate", async (t) => {
  const pc = new RTCPeerConnection({ ...LOOPBACK_RTC, bundlePolicy: "max-bundle" });
  t.after(() => pc.close());
  pc.addTransceiver("audio", { direction: "sendrecv" });
  await pc.setLocalDescription(await pc.createOffer());
  assert.match(await gathered(pc), /a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 \d+ typ host/);
});
