import { test } from "node:test";
import assert from "node:assert/strict";
import { CONNECT_HINT_MS, connectStep } from "./call_view.ts";
import type { CallState } from "../protocol/mod.ts";

const relay = { topology: "relay" } as CallState;

test("connectStep names the step a connecting call is at, and only explains it once it is late or failed", () => {
  assert.deepEqual(connectStep(relay, undefined, 0), {
    step: "Exchanging call setup with the service…",
    problem: null,
  });
  assert.match(connectStep(relay, undefined, CONNECT_HINT_MS).problem ?? "", /^Step 1 of 3 \(call setup\)/);
  const checking = { iceConnectionState: "checking", connectionState: "connecting" };
  assert.equal(connectStep(relay, checking, 1000).problem, null);
  assert.match(connectStep(relay, checking, 1000).step, /through the relay/);
  assert.match(connectStep(relay, checking, CONNECT_HINT_MS).problem ?? "", /Step 2 of 3.*allow UDP/);
  assert.match(connectStep(relay, { iceConnectionState: "failed" }, 0).problem ?? "", /Step 2 of 3/);
  const dtls = { iceConnectionState: "connected", connectionState: "connecting" };
  assert.equal(connectStep(relay, dtls, 0).problem, null);
  assert.match(connectStep(relay, { ...dtls, connectionState: "failed" }, 0).problem ?? "", /Step 3 of 3/);
  assert.equal(
    connectStep(relay, { iceConnectionState: "connected", connectionState: "connected" }, 1e6).problem,
    null,
  );
});
