/**
 * The request seam (SPEC §6, §3.3): the reference answers no request itself; the request mutants answer settings
 * requests on the device (from sign-in, or from a change kept locally), which the policy cases catch at the service.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { findMutant } from "./mutants.ts";
import { ReferencePeer } from "./peer.ts";
import { sendEveryRequest, type Welcome } from "./request_seam.ts";
import { strategiesFor } from "./strategies.ts";

const welcome: Welcome = {
  type: "welcome",
  userId: "alice",
  tenantId: "t",
  endpointId: "e1",
  settings: { visible: true, enabled: true },
};
const requestsOf = (id: string) =>
  strategiesFor(new ReferencePeer({ serviceUrl: "ws://127.0.0.1:1/signal", token: "t" }), findMutant(id)!.variant)
    .requests;

test("the reference sends every request to the service", () => {
  for (const m of [{ type: "settings.get" }, { type: "settings.set", e2ee: true }, { type: "ping" }] as const) {
    assert.equal(sendEveryRequest(m, welcome), undefined);
  }
});

test("settings-kept-from-sign-in answers settings.get from the welcome and sends everything else", () => {
  const r = requestsOf("settings-kept-from-sign-in");
  assert.deepEqual(r({ type: "settings.get" }, welcome), {
    type: "settings",
    visible: true,
    enabled: true,
    policy: "userControlled",
  });
  assert.equal(r({ type: "settings.set", e2ee: false }, welcome), undefined);
  assert.equal(r({ type: "settings.get" }, undefined), undefined);
});

test("setting-kept-local keeps a change on the device and answers later reads with it", () => {
  const r = requestsOf("setting-kept-local");
  assert.equal(r({ type: "settings.get" }, welcome), undefined, "before a change: asked");
  assert.deepEqual(r({ type: "settings.set", e2ee: false }, welcome), {
    type: "settings",
    visible: true,
    enabled: false,
    policy: "userControlled",
  });
  assert.equal((r({ type: "settings.get" }, welcome) as { enabled: boolean }).enabled, false);
});
