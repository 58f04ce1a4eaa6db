/**
 * bench/web-setup: call set-up of the web client (Chromium, WebCrypto, the browser's WebRTC) next to the reference
 * peer's, in the same run and through the same driver adapters (SPEC §7), interleaved:
 *   e2ee     — place → indicator on and number shown at both ends (ref→ref vs web→web);
 *   standard — place → a decoded video frame at both ends, through the media processor.
 * The adapters' JSON-RPC and state polling (Party.until wakes on call.changed, else every 200 ms) are the same for
 * both implementations, so the difference is the implementation. Median and p95 per kind, ratio web/ref.
 *
 * Run: node --import tsx bench/web-setup.ts [--n 10] [--warmup 1] [--json]
 * Needs Debian's chromium on PATH; the service runs in this process, which ends with process.exit().
 */
import { Party } from "../src/driver/mod.ts";
import type { CallState } from "../src/protocol/mod.ts";
import { AdminClient, startService } from "../src/service/mod.ts";
import { implAlias } from "../src/cli/web_peer.ts";
import { findChromium } from "../src/web/host/chromium.ts";
import { summarize, type Summary } from "./_stats.ts";

const args = process.argv.slice(2);
const num = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const N = num("--n", 10), WARMUP = num("--warmup", 1), JSON_OUT = args.includes("--json");

type Impl = "ref" | "web";
type Kind = "e2ee" | "standard";

async function main(): Promise<number> {
  if (!findChromium()) {
    console.error("bench/web-setup: chromium is not installed");
    return 1;
  }
  const svc = await startService({ port: 0 });
  const admin = new AdminClient(svc.adminUrl);
  const tag = Math.random().toString(36).slice(2, 8);
  const addUser = await admin.demoTenant(`bench-${tag}`);
  const pairs = new Map<Impl, { a: Party; b: Party; ua: string; ub: string }>();
  const parties: Party[] = [];
  try {
    for (const impl of ["ref", "web"] as const) {
      const ua = `a-${impl}-${tag}`, ub = `b-${impl}-${tag}`;
      const a = new Party(`${impl}-a`, implAlias(impl)!, { timeoutMs: 30_000 });
      const b = new Party(`${impl}-b`, implAlias(impl)!, { timeoutMs: 30_000 });
      parties.push(a, b);
      await a.start({ serviceUrl: svc.signalUrl, user: ua, token: await addUser(ua) });
      await b.start({ serviceUrl: svc.signalUrl, user: ub, token: await addUser(ub) });
      pairs.set(impl, { a, b, ua, ub });
    }
    const times: Record<`${Impl}:${Kind}`, number[]> = {
      "ref:e2ee": [],
      "web:e2ee": [],
      "ref:standard": [],
      "web:standard": [],
    };
    const failures: string[] = [];
    for (let round = 0; round < WARMUP + N; round++) {
      for (const kind of ["e2ee", "standard"] as const) {
        for (const impl of ["ref", "web"] as const) {
          const p = pairs.get(impl)!;
          await Promise.all([admin.setting(p.ua, kind === "e2ee"), admin.setting(p.ub, kind === "e2ee")]);
          // the callee answers as soon as it is rung, so both implementations pay the same answer latency
          const answered = p.b.incoming(15_000).then((i) => p.b.answer(i.callId).then(() => i.callId));
          const t0 = performance.now();
          let calleeId = "";
          try {
            const callId = await p.a.place(p.ub);
            calleeId = await answered;
            const done = kind === "e2ee"
              ? (s: CallState) => s.e2ee.indicator && s.e2ee.number !== null
              : (s: CallState) => s.topology === "processor" && s.media.video.decoded > 0;
            await Promise.all([p.a.until(callId, done, 20_000, kind), p.b.until(calleeId, done, 20_000, kind)]);
            const ms = performance.now() - t0;
            if (round >= WARMUP) times[`${impl}:${kind}`].push(ms);
            await p.a.hangup(callId);
          } catch (e) {
            failures.push(`${impl} ${kind} round ${round}: ${(e as Error).message}`);
          }
          if (calleeId) await p.b.until(calleeId, (s) => s.state === "ended", 5000, "ended").catch(() => {});
          await new Promise((r) => setTimeout(r, 150));
        }
      }
      if (!JSON_OUT) console.error(`round ${round + 1}/${WARMUP + N}${round < WARMUP ? " (warm-up)" : ""}`);
    }
    const s = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, summarize(v)])) as Record<string, Summary>;
    const ratio = (k: Kind) => {
      const w = s[`web:${k}`]!.median, r = s[`ref:${k}`]!.median;
      return w !== null && r !== null && r > 0 ? Math.round((w / r) * 100) / 100 : null;
    };
    const result = {
      bench: "web-setup",
      n: N,
      warmup: WARMUP,
      summaries: s,
      ratios: { e2ee: ratio("e2ee"), standard: ratio("standard") },
      failures,
    };
    if (JSON_OUT) {
      console.log(JSON.stringify(result, null, 2));
    } else {
      const row = (label: string, x: Summary) =>
        `${label.padEnd(40)}${String(x.median ?? "—").padStart(8)} ${String(x.p95 ?? "—").padStart(8)}`;
      console.log(`${`call set-up, ms (N = ${N})`.padEnd(40)}${"median".padStart(8)} ${"p95".padStart(8)}`);
      console.log(row("reference E2EE (indicator + number)", s["ref:e2ee"]!));
      console.log(row("web client E2EE", s["web:e2ee"]!));
      console.log(row("reference standard (video both ways)", s["ref:standard"]!));
      console.log(row("web client standard", s["web:standard"]!));
      console.log(
        `web/ref median: E2EE ${ratio("e2ee")}, standard ${ratio("standard")}${
          failures.length ? `; ${failures.length} failures` : ""
        }`,
      );
      for (const f of failures) console.log(`  failure: ${f}`);
    }
    return failures.length ? 1 : 0;
  } finally {
    await Promise.all(parties.map((p) => p.client.stop().catch(() => {})));
    await svc.close().catch(() => {});
  }
}

process.exit(await main());
