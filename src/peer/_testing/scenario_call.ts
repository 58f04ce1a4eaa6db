/**
 * Child-process scenario for call_test.ts: an in-process call service and two ReferencePeers (alice calls bob).
 * Argument: "e2ee" (both users turn E2EE on), "standard" (both off), or an adversary mode of SPEC §8 ("mitm",
 * "strip", "swap-commit", "anchor") played on an E2EE call. Reports (RESULT line) with what each side showed while
 * connected (or when the call ended) and after the hangup, then closes everything and exits explicitly
 * (docs/node-webrtc.md teardown rule).
 */
import process from "node:process";
import { exitChild, reportResult } from "../../_testing/child.ts";
import { isShieldCallError } from "../../errors.ts";
import { type AdversaryMode, startService } from "../../service/mod.ts";
import { policyFixture } from "../../service/_testing/fixtures.ts";
import type { CallState } from "../../protocol/mod.ts";
import { ReferencePeer } from "../peer.ts";

const arg = process.argv[2] ?? "e2ee";
const on = arg !== "standard";
const older = arg === "older-callee"; // SPEC §6: bob plays an endpoint of protocol 2 (not E2EE-capable)
const adversary = arg === "e2ee" || arg === "standard" || older ? null : (arg as AdversaryMode);
const logs: string[] = [];
const log = (who: string) => (line: string) => logs.push(`${who}: ${line}`);
const svc = await startService({ policy: policyFixture({ alice: on, bob: on }), log: log("service") });
const alice = new ReferencePeer({ serviceUrl: svc.signalUrl, token: "alice-token", device: "a1", log: log("alice") });
const bob = new ReferencePeer({
  serviceUrl: svc.signalUrl,
  token: "bob-token",
  device: "b1",
  log: log("bob"),
  ...(older ? { protocol: 2 as const } : {}),
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const result: Record<string, unknown> = { mode: arg };

try {
  await alice.connect();
  await bob.connect();
  result.settings = { alice: await alice.getSettings(), bob: await bob.getSettings() };
  const incoming: string[] = [];
  const changes: Record<"alice" | "bob", CallState[]> = { alice: [], bob: [] };
  alice.on("changed", (s) => changes.alice.push(s));
  bob.on("changed", (s) => changes.bob.push(s));
  bob.on("incoming", (e) => {
    incoming.push(e.from);
    void bob.answer(e.callId).catch((err) => logs.push(`bob: answer failed: ${err}`));
  });
  if (adversary) svc.adversary.arm({ mode: adversary, seed: 7 });
  const callId = await alice.place("bob");
  const deadline = Date.now() + 25000;
  const ready = () => {
    const a = alice.state(callId);
    const b = bob.calls().find((c) => c.callId === callId);
    if (!b) return false;
    if (a.state === "ended" && b.state === "ended") return true;
    if (a.state !== "connected" || b.state !== "connected") return false;
    if (on && !adversary && !older && !(a.e2ee.indicator && b.e2ee.indicator)) return false;
    return a.media.audio.digits.includes(bob.speech) && b.media.audio.digits.includes(alice.speech) &&
      a.media.video.decoded > 0 && b.media.video.decoded > 0;
  };
  while (!ready() && Date.now() < deadline) await sleep(100);
  result.speech = { alice: alice.speech, bob: bob.speech };
  result.incoming = incoming;
  result.during = { alice: alice.state(callId), bob: bob.state(callId) };
  result.offered = alice.offeredFeatures(callId);
  try {
    result.recording = await alice.requestFeature(callId, "recording");
  } catch (e) {
    result.recording = { error: isShieldCallError(e) ? e.code : String(e) };
  }
  await alice.hangup(callId);
  const endDeadline = Date.now() + 5000;
  while (bob.state(callId).state !== "ended" && Date.now() < endDeadline) await sleep(50);
  result.after = { alice: alice.state(callId), bob: bob.state(callId) };
  // V1: a number is never shown outside "connected" with the indicator on.
  result.numberShownWithoutIndicator = [...changes.alice, ...changes.bob].some(
    (s) => s.e2ee.number !== null && (!s.e2ee.indicator || s.state !== "connected"),
  );
  result.everIndicator = {
    alice: changes.alice.some((s) => s.e2ee.indicator),
    bob: changes.bob.some((s) => s.e2ee.indicator),
  };
} catch (e) {
  result.error = (e as Error)?.stack ?? String(e);
}
await alice.close();
await bob.close();
await svc.close();
if (process.env.SCENARIO_LOGS) result.logs = logs;
reportResult(result);
exitChild(0);
