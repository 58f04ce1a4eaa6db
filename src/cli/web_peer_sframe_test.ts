/**
 * Two `web-peer --stdio` adapters (each a headless Chromium page) make an SFrame call through a real service, driven
 * over SPEC §7 the way the conformance suite drives them: `hello` declares sframe, `call.place {profile: "sframe"}`
 * gives a forwarder call (SPEC §13.10, §13.11) whose CallStates report the topology, the profile, equal numbers and
 * frames sealed and opened on both sides. Control: the same adapters without `profile` make a relay (dtls-srtp) call.
 * Skipped only when Chromium is not installed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Party } from "../driver/mod.ts";
import type { CallState } from "../protocol/mod.ts";
import { AdminClient, startService } from "../service/mod.ts";
import { findChromium } from "../web/host/chromium.ts";
import { implAlias } from "./web_peer.ts";

const skip = findChromium() ? false : "chromium is not installed (apt-get install chromium)";

test("web-peer adapters: call.place {profile: sframe} makes an SFrame call through the forwarder", {
  skip,
  timeout: 120_000,
}, async (t) => {
  const svc = await startService({ port: 0 });
  t.after(() => svc.close());
  const user = await new AdminClient(svc.adminUrl).demoTenant("t1");
  const parties: Party[] = [];
  t.after(async () => {
    await Promise.all(parties.map((p) => p.stop()));
  });
  const start = async (id: string) => {
    const p = new Party(id, implAlias("web")!, { timeoutMs: 45_000 });
    parties.push(p);
    await p.start({ serviceUrl: svc.signalUrl, user: id, token: await user(id, true) });
    return p;
  };
  const [alice, bob] = await Promise.all([start("alice"), start("bob")]);
  assert.deepEqual(alice.hello?.profiles, ["dtls-srtp", "sframe"], "SPEC §7: the web client declares sframe");

  const call = async (profile?: "sframe") => {
    const callId = await alice.place("bob", profile);
    await bob.client.request("call.answer", { callId: (await bob.incoming(20_000)).callId });
    const on = (s: CallState) => s.state === "connected" && s.e2ee.indicator;
    const a = await alice.until(callId, on, 30_000);
    const b = await bob.until(callId, on, 30_000);
    // frames keep flowing: both sides seal and open (counters never go down)
    const grown = (s: CallState) => (s.sframe?.sealed ?? 0) > 20 && (s.sframe?.opened ?? 0) > 20;
    const [a2, b2] = profile ? await Promise.all([alice.until(callId, grown), bob.until(callId, grown)]) : [a, b];
    await alice.client.request("call.hangup", { callId });
    return { a: a2, b: b2 };
  };
  const sf = await call("sframe");
  for (const s of [sf.a, sf.b]) {
    assert.equal(s.topology, "forwarder");
    assert.equal(s.profile, "sframe");
    assert.deepEqual(s.sframe!.dropped, { header: 0, kid: 0, replay: 0, auth: 0 });
  }
  assert.equal(sf.a.e2ee.number, sf.b.e2ee.number);
  // control: without a profile the same adapters make a relay call, with no SFrame counters
  const relay = await call();
  assert.equal(relay.a.topology, "relay");
  assert.equal(relay.a.profile, "dtls-srtp");
  assert.equal(relay.a.sframe, undefined);
  assert.equal(relay.a.e2ee.number, relay.b.e2ee.number);
});
