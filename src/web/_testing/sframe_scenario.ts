/**
 * Child-process scenario of src/web/sframe_demo_test.ts: the real service (with its forwarder) and `serve --demo` in
 * this process, two pages of a stock Chromium (only `--no-sandbox`). alice places an SFrame call to bob from the demo
 * page (SPEC §13.10), bob answers; both pages must show the shield with the profile "SFrame · E2EE", the same number
 * and the other's video; both CallStates report the forwarder topology, the sframe profile and frames sealed and
 * opened; the service's evidence shows the forwarder forwarding SFrame payloads both ways. Then a control call under
 * `sframe-strip` toward bob (SPEC §8): bob's indicator goes off, alice's stays. Saves docs/demo-sframe.png. Prints
 * one JSON line and exits explicitly.
 * argv[2]: directory for the screenshot.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Page } from "playwright-core";
import { AdminClient, startService } from "../../service/mod.ts";
import type { CallState } from "../../protocol/mod.ts";
import { findChromium } from "../host/chromium.ts";
import { startDemo } from "../host/demo.ts";
import { remoteVideoPlays } from "./pages.ts";

const out = process.argv[2] ?? "docs";
mkdirSync(out, { recursive: true });
const svc = await startService({ port: 0 });
const demo = await startDemo(svc);
const admin = new AdminClient(svc.adminUrl);
const result: Record<string, unknown> = {};
const browser = await chromium.launch({ executablePath: findChromium()!, headless: true, args: ["--no-sandbox"] });
const T = 25_000;

async function open(user: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 700 } });
  const page = await ctx.newPage();
  await page.goto(demo.url);
  await page.getByTestId(`signin-${user}`).click();
  await page.getByTestId("me").waitFor({ timeout: T });
  if (!(await page.getByTestId("e2ee-toggle").isChecked())) await page.locator("label.toggle").click();
  await page.waitForFunction(() => (document.querySelector("[data-testid=e2ee-toggle]") as HTMLInputElement).checked);
  return page;
}

/** The page's CallState of its current call (SPEC §7), through the automation surface the demo page also has. */
async function state(p: Page): Promise<CallState> {
  return await p.evaluate(async () => {
    const id = document.querySelector(".call")?.getAttribute("data-call") ?? "";
    const api = (globalThis as unknown as { shieldcall: { state(id: string): Promise<{ value: unknown }> } })
      .shieldcall;
    return (await api.state(id)).value as CallState;
  });
}

async function hangUp(a: Page, b: Page): Promise<void> {
  await a.getByTestId("hangup").click({ timeout: 5000 });
  for (const p of [a, b]) await p.getByTestId("status").filter({ hasText: "Call ended" }).waitFor({ timeout: T });
}

async function sframeCall(a: Page, b: Page): Promise<string> {
  await a.getByTestId("call-sframe-bob").click();
  await b.getByTestId("answer").click({ timeout: T });
  await Promise.all([a, b].map((p) => p.getByTestId("e2ee-badge").waitFor({ timeout: T })));
  return (await a.locator(".call").getAttribute("data-call"))!;
}

try {
  const [alice, bob] = await Promise.all([open("alice"), open("bob")]);
  const t0 = performance.now();
  const callId = await sframeCall(alice, bob);
  result.connectMs = Math.round(performance.now() - t0);
  for (const p of [alice, bob]) await remoteVideoPlays(p, T);
  result.profile = {
    a: await alice.getByTestId("profile").textContent(),
    b: await bob.getByTestId("profile").textContent(),
  };
  result.numbers = {
    a: await alice.getByTestId("number").textContent(),
    b: await bob.getByTestId("number").textContent(),
  };
  await alice.waitForTimeout(2000);
  result.states = { a: await state(alice), b: await state(bob) };
  await alice.screenshot({ path: join(out, "demo-sframe.png") });
  const ev = (await admin.call(callId)).evidence.forwarder;
  result.forwarder = ev && {
    forwarded: [ev.stats.callerToCallee.forwarded.packets, ev.stats.calleeToCaller.forwarded.packets],
    sframe: [ev.tap.callerToCallee.sframe, ev.tap.calleeToCaller.sframe],
    notSframe: [ev.tap.callerToCallee.notSframe, ev.tap.calleeToCaller.notSframe],
  };
  result.relay = (await admin.call(callId)).evidence.relay !== null;
  await hangUp(alice, bob);

  // Control (SPEC §8 sframe-strip, odd seed: toward the callee): bob drops the stripped frames and his shield goes
  // off; alice, still receiving sealed frames, keeps hers.
  await admin.adversary({ mode: "sframe-strip", seed: 1, caller: "alice" });
  const stripId = await sframeCall(alice, bob);
  const deadline = Date.now() + 15_000;
  let off: number | null = null;
  while (Date.now() < deadline && off === null) {
    if (!(await state(bob)).e2ee.indicator) off = Date.now();
    else await bob.waitForTimeout(50);
  }
  const rec = (await admin.call(stripId)) as { adversary?: { actions: { at: number; event: string }[] } | null };
  const at = rec.adversary?.actions.find((x) => x.event === "sframe-strip-started")?.at;
  result.strip = {
    offAfterMs: off !== null && at !== undefined ? off - at : null,
    bob: await state(bob),
    alice: await state(alice),
  };
  await hangUp(alice, bob);
} catch (e) {
  result.error = (e as Error).stack ?? String(e);
}
console.log(JSON.stringify(result));
await browser.close().catch(() => {});
await demo.close();
await svc.close();
process.exit(0);
