/**
 * Child-process scenario of the demo test (src/web/demo_test.ts): the service and `serve --demo` in this process,
 * two real Chromium pages signed in as alice and bob, an E2EE call, a `mitm` call and a standard call, and carol's
 * settings. Prints one JSON line and exits explicitly (node-webrtc in the processor crashes at natural exit).
 * argv[2]: directory for the screenshots.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { AdminClient, startService } from "../../service/mod.ts";
import { closeSharedBrowser, sharedBrowser } from "../host/chromium.ts";
import { startDemo } from "../host/demo.ts";
import { remoteVideoPlays } from "./pages.ts";

const out = process.argv[2] ?? "reports/web-demo";
mkdirSync(out, { recursive: true });
const svc = await startService({ port: 0 });
const demo = await startDemo(svc);
const admin = new AdminClient(svc.adminUrl);
const browser = await sharedBrowser();
const result: Record<string, unknown> = {};
const T = 20_000;

async function open(user: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1180, height: 760 } });
  const page = await ctx.newPage();
  await page.goto(demo.url);
  await page.getByTestId(`signin-${user}`).click();
  await page.getByTestId("me").waitFor({ timeout: T });
  return page;
}

async function setE2ee(page: Page, on: boolean): Promise<void> {
  const t = page.getByTestId("e2ee-toggle");
  if ((await t.isChecked()) !== on) await page.locator("label.toggle").click();
  await page.waitForFunction(
    (want) => (document.querySelector("[data-testid=e2ee-toggle]") as HTMLInputElement).checked === want,
    on,
  );
}

/** Places a call alice → bob, answers, waits for `ready` on both pages; returns what each shows. */
async function call(
  a: Page,
  b: Page,
  ready: string,
  shots?: string,
): Promise<{ a: string | null; b: string | null; features: string | null }> {
  await a.getByTestId("call-bob").click();
  await b.getByTestId("answer").click({ timeout: T });
  for (const p of [a, b]) {
    await p.getByTestId(ready).waitFor({ timeout: T });
    await remoteVideoPlays(p, T);
  }
  if (shots) {
    await a.screenshot({ path: join(out, `${shots}-alice.png`) });
    await b.screenshot({ path: join(out, `${shots}-bob.png`) });
  }
  // The call panel keeps its elements for the whole call and hides what does not apply (src/web/call_view.ts).
  const num = async (p: Page) =>
    (await p.getByTestId("number").isVisible()) ? await p.getByTestId("number").textContent() : null;
  const features = (await a.getByTestId("features").isVisible()) ? await a.getByTestId("features").textContent() : null;
  const r = { a: await num(a), b: await num(b), features };
  await a.getByTestId("hangup").click();
  await a.getByTestId("status").filter({ hasText: "Call ended" }).waitFor({ timeout: T });
  await b.getByTestId("status").filter({ hasText: "Call ended" }).waitFor({ timeout: T });
  return r;
}

try {
  const [alice, bob, carol] = await Promise.all([open("alice"), open("bob"), open("carol")]);
  result.carolToggle = await carol.getByTestId("e2ee-toggle").count();
  result.carolManaged = await carol.getByTestId("e2ee-managed").count();
  await setE2ee(alice, true);
  await setE2ee(bob, true);
  result.e2ee = await call(alice, bob, "e2ee-badge", "e2ee");
  await admin.adversary({ mode: "mitm", seed: 3, caller: "alice" });
  result.mitm = await call(alice, bob, "e2ee-badge", "mitm");
  await setE2ee(alice, false);
  result.standard = await call(alice, bob, "std-badge", "standard");
  result.standardBadge = true;
} catch (e) {
  result.error = (e as Error).stack ?? String(e);
}
console.log(JSON.stringify(result));
await closeSharedBrowser();
await demo.close();
await svc.close();
process.exit(0);
