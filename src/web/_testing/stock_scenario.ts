/**
 * Child-process scenario of src/web/stock_demo_test.ts: `serve --demo` in this process and two pages of a stock
 * Chromium (playwright's automation defaults plus `--no-sandbox`, which a root container needs; no fake-UI, no fake
 * device and no mDNS flag), granted no permission. alice calls bob with E2EE on; both must show the shield and the same
 * number; the "Hang up" button must stay the same element and in view at 1100×700; a real click on it must end the
 * call on both pages. Saves the screenshots the README shows. Prints one JSON line and exits explicitly.
 * argv[2]: directory for the screenshots.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Page } from "playwright-core";
import { startService } from "../../service/mod.ts";
import { findChromium } from "../host/chromium.ts";
import { startDemo } from "../host/demo.ts";
import { remoteVideoPlays } from "./pages.ts";

const out = process.argv[2] ?? "docs";
mkdirSync(out, { recursive: true });
const svc = await startService({ port: 0 });
const demo = await startDemo(svc);
const result: Record<string, unknown> = { notFound: [] as string[] };
const browser = await chromium.launch({ executablePath: findChromium()!, headless: true, args: ["--no-sandbox"] });
const T = 20_000;

async function open(user: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 700 } });
  const page = await ctx.newPage();
  page.on("response", (r) => r.status() === 404 && (result.notFound as string[]).push(r.url()));
  await page.goto(demo.url);
  await page.getByTestId(`signin-${user}`).click();
  await page.getByTestId("me").waitFor({ timeout: T });
  if (!(await page.getByTestId("e2ee-toggle").isChecked())) await page.locator("label.toggle").click();
  await page.waitForFunction(() => (document.querySelector("[data-testid=e2ee-toggle]") as HTMLInputElement).checked);
  return page;
}

try {
  const [alice, bob] = await Promise.all([open("alice"), open("bob")]);
  const t0 = performance.now();
  await alice.getByTestId("call-bob").click();
  await bob.getByTestId("answer").click({ timeout: T });
  await Promise.all([alice, bob].map((p) => p.getByTestId("e2ee-badge").waitFor({ timeout: T })));
  result.connectMs = Math.round(performance.now() - t0);
  for (const p of [alice, bob]) {
    await remoteVideoPlays(p, T);
  }
  // A person hears the other side: the received audio plays, unmuted, through the page's audio element.
  result.audioPlaying = await Promise.all([alice, bob].map((p) =>
    p.waitForFunction(
      () => {
        const a = document.querySelector("[data-testid=remote-audio]") as HTMLAudioElement | null;
        const t = (a?.srcObject as MediaStream | null)?.getAudioTracks()[0];
        return !!a && !a.muted && !a.paused && t?.readyState === "live";
      },
      undefined,
      { timeout: T },
    ).then(() => true, () => false)
  ));
  result.numbers = {
    a: await alice.getByTestId("number").textContent(),
    b: await bob.getByTestId("number").textContent(),
  };
  // The button must survive the panel's refreshes (twice a second) and sit inside the 1100×700 viewport.
  const hang = await alice.getByTestId("hangup").elementHandle();
  await alice.waitForTimeout(1500);
  result.hangupSameNode = await hang!.evaluate((el) =>
    el.isConnected && el === document.querySelector("[data-testid=hangup]")
  );
  const box = await hang!.boundingBox();
  result.hangupInView = !!box && box.y >= 0 && box.y + box.height <= 700 && box.x + box.width <= 1100;
  await alice.screenshot({ path: join(out, "demo-alice.png") });
  await bob.screenshot({ path: join(out, "demo-bob.png") });
  await hang!.click({ timeout: 5000 }); // a real click: playwright fails it if the element is detached or covered
  for (const p of [alice, bob]) {
    await p.getByTestId("status").filter({ hasText: "Call ended" }).waitFor({ timeout: T });
  }
  result.ended = true;
  // A call whose media cannot pass (the relay admits nobody, as when UDP is blocked): the page must say which step
  // failed and what to do while the call is still connecting, within the 15 s the service gives media.
  const relay = svc.media.relay;
  const allocate = relay.allocate.bind(relay);
  relay.allocate = async (id, o) => {
    const alloc = await allocate(id, o);
    alloc.permit = () => {}; // permits nothing and learns nothing: every datagram is dropped
    return alloc;
  };
  const t1 = performance.now();
  await alice.getByTestId("call-bob").click();
  await bob.getByTestId("answer").click({ timeout: T });
  await alice.getByTestId("problem").filter({ hasText: "Step 2 of 3" }).waitFor({ timeout: 15_000 });
  result.problemMs = Math.round(performance.now() - t1);
  result.problem = await alice.getByTestId("problem").textContent();
  await alice.screenshot({ path: join(out, "demo-failed-step.png") });
  await alice.getByTestId("hangup").click({ timeout: 5000 });
} catch (e) {
  result.error = (e as Error).stack ?? String(e);
}
console.log(JSON.stringify(result));
await browser.close().catch(() => {});
await demo.close();
await svc.close();
process.exit(0);
