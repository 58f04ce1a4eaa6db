/**
 * A web ↔ web SFrame call through the real service's forwarder, as a person places it in the demo (SPEC §13.10,
 * §13.11), in a stock Chromium. Assert the following behaviours:
 * - both pages show the shield with the profile "SFrame · E2EE", the same 20-digit number and the other's video;
 * - both CallStates: topology `forwarder`, profile `sframe`, frames sealed and opened, none dropped (honest call),
 *   video decoded and speech heard both ways;
 * - the service's evidence: no relay, the forwarder forwarded packets both ways and its tap saw only SFrame payloads
 *   under the sender's KID (SPEC §13.9 FW1);
 * - control (SPEC §8 `sframe-strip` toward bob): bob drops the unencrypted frames and his indicator goes off within
 *   1 s of the strip, alice's stays on.
 * The screenshot goes to a temporary directory, or to $SHIELDCALL_SHOTS (`SHIELDCALL_SHOTS=docs` refreshes the
 * README's docs/demo-sframe.png). Skipped only when Chromium is not installed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCommand, tsCommand } from "../_testing/child.ts";
import type { CallState } from "../protocol/mod.ts";
import { findChromium } from "./host/chromium.ts";

const chromium = findChromium();

test(
  "demo: a web-web SFrame call through the forwarder shows media both ways, the shield, the profile, equal numbers",
  {
    skip: chromium ? false : "chromium is not installed (apt-get install chromium, or set SHIELDCALL_CHROMIUM)",
    timeout: 150_000,
  },
  async () => {
    const script = fileURLToPath(new URL("./_testing/sframe_scenario.ts", import.meta.url));
    // A plain run writes its screenshot to a temporary directory (the checkout stays clean); SHIELDCALL_SHOTS=docs
    // refreshes the README's.
    const asked = process.env.SHIELDCALL_SHOTS;
    const shots = asked || mkdtempSync(join(tmpdir(), "shieldcall-shots-"));
    let r;
    try {
      r = await runCommand([...tsCommand(script), shots], { timeoutMs: 140_000 });
      assert.ok(existsSync(join(shots, "demo-sframe.png")), `the screenshot is saved in ${shots}`);
    } finally {
      if (!asked) rmSync(shots, { recursive: true, force: true });
    }
    const res = JSON.parse(r.stdout.trim().split("\n").pop() || "{}");
    assert.equal(res.error, undefined, `${res.error} ${r.failure ?? ""}\n${r.stderr.slice(-2000)}`);
    assert.deepEqual(res.profile, { a: "SFrame · E2EE", b: "SFrame · E2EE" });
    assert.match(res.numbers.a, /^\d{5} \d{5} \d{5} \d{5}$/);
    assert.equal(res.numbers.a, res.numbers.b, "both pages show the same number");
    const zero = { header: 0, kid: 0, replay: 0, auth: 0 };
    for (const [who, s] of Object.entries(res.states as Record<string, CallState>)) {
      assert.equal(s.topology, "forwarder", who);
      assert.equal(s.profile, "sframe", who);
      assert.equal(s.e2ee.indicator, true, who);
      assert.ok(
        s.sframe!.sealed > 50 && s.sframe!.opened > 50,
        `${who} sealed and opened: ${JSON.stringify(s.sframe)}`,
      );
      assert.deepEqual(s.sframe!.dropped, zero, `${who}: an honest call drops nothing`);
      assert.ok(s.media.video.decoded > 10, `${who} decodes the other's video`);
      assert.ok(s.media.audio.digits.length >= 3, `${who} hears the other's speech`);
    }
    const { a, b } = res.states as { a: CallState; b: CallState };
    // No frame opened twice. The two pages are read one after the other and each worker pushes its counters at most
    // every 100 ms, so the page read second may have opened frames the first one's snapshot had not yet counted as
    // sealed: half a second of media (~45 frames) at most. This catches counting every frame twice; a single replayed
    // frame opened again is the business of the replay window's tests (sframe.replay.*, sframe_calls_test).
    const lag = 45;
    assert.ok(
      b.sframe!.opened <= a.sframe!.sealed + lag && a.sframe!.opened <= b.sframe!.sealed + lag,
      `no frame opened twice: ${JSON.stringify({ a: a.sframe, b: b.sframe })}`,
    );
    assert.equal(res.relay, false, "no relay in a forwarder call");
    assert.ok(res.forwarder.forwarded.every((n: number) => n > 50), `forwarded: ${res.forwarder.forwarded}`);
    assert.ok(res.forwarder.sframe.every((n: number) => n > 50), `SFrame payloads: ${res.forwarder.sframe}`);
    assert.deepEqual(res.forwarder.notSframe, [0, 0], "the forwarder saw nothing but SFrame payloads");
    // control: the strip toward bob
    const dropped = Object.values(res.strip.bob.sframe.dropped as Record<string, number>).reduce((x, y) => x + y, 0);
    assert.ok(dropped > 0, "bob drops the stripped frames");
    assert.equal(res.strip.bob.e2ee.indicator, false, "bob's indicator goes off under the strip");
    assert.equal(res.strip.alice.e2ee.indicator, true, "alice keeps hers");
    assert.ok(res.strip.offAfterMs !== null && res.strip.offAfterMs <= 1000, `off after ${res.strip.offAfterMs} ms`);
    console.log(
      `SFrame demo call: connected in ${res.connectMs} ms; strip: bob's indicator off ${res.strip.offAfterMs} ms`,
    );
  },
);
