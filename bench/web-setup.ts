/**
 * bench/web-setup: call set-up of the web client (Chromium, WebCrypto, the browser's WebRTC) next to the reference
 * peer's, in the same run and through the same driver adapters (SPEC §7), interleaved:
 *   e2ee     — place → indicator on and number shown at both ends (ref→ref vs web→web);
 *   standard — place → a decoded video frame at both ends, through the media processor;
 *   sframe   — (web→web only) place with the SFrame profile → indicator and number at both ends, through the
 *              forwarder (SPEC §13.11), against the web client's E2EE call through the relay in the same rounds.
 * The adapters' JSON-RPC and state polling (Party.until wakes on call.changed, else every 200 ms) are the same for
 * both implementations, so the difference is the implementation. Median and p95 per kind, ratio web/ref.
 *
 * Run: node --import tsx bench/web-setup.ts [--n 10] [--warmup 1] [--json]
 * Needs Debian's chromium on PATH; the service runs in this process, which ends with process.exit().
 */
import type { CallState } from "../src/protocol/mod.ts";
import { CallSession, hangUp, ring } from "../conformance/session.ts";
import { startImpls } from "../src/cli/interop.ts";
import { findChromium } from "../src/web/host/chromium.ts";
import { summarize, type Summary } from "./_stats.ts";

const args = process.argv.slice(2);
const num = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const N = num("--n", 10), WARMUP = num("--warmup", 1), JSON_OUT = args.includes("--json");

type Impl = "ref" | "web";
type Kind = "e2ee" | "standard" | "sframe";

async function main(): Promise<number> {
  if (!findChromium()) {
    console.error("bench/web-setup: chromium is not installed");
    return 1;
  }
  const svc = await CallSession.open("inprocess");
  const admin = svc.admin;
  try {
    const roles = await startImpls(svc, "bench");
    const times: Record<`${Impl}:${Kind}`, number[]> = {
      "ref:e2ee": [],
      "web:e2ee": [],
      "ref:standard": [],
      "web:standard": [],
      "ref:sframe": [],
      "web:sframe": [],
    };
    const failures: string[] = [];
    for (let round = 0; round < WARMUP + N; round++) {
      for (const kind of ["e2ee", "standard", "sframe"] as const) {
        for (const impl of ["ref", "web"] as const) {
          if (kind === "sframe" && impl === "ref") continue; // SPEC §13.12: the reference makes no SFrame call
          const [a, b] = [roles.get(`${impl}-a`)!, roles.get(`${impl}-b`)!];
          const e2ee = kind !== "standard";
          await Promise.all([admin.setting(a.userId!, e2ee), admin.setting(b.userId!, e2ee)]);
          const t0 = performance.now();
          let call = { callId: "", calleeId: "" };
          try {
            // the callee answers as soon as it is rung, so both implementations pay the same answer latency
            const profile = kind === "sframe" ? "sframe" as const : undefined;
            call = await ring(a, b, b.userId!, { answer: true, timeoutMs: 15_000, profile });
            const done = kind !== "standard"
              ? (s: CallState) => s.e2ee.indicator && s.e2ee.number !== null
              : (s: CallState) => s.topology === "processor" && s.media.video.decoded > 0;
            await Promise.all([a.until(call.callId, done, 20_000, kind), b.until(call.calleeId, done, 20_000, kind)]);
            if (round >= WARMUP) times[`${impl}:${kind}`].push(performance.now() - t0);
          } catch (e) {
            failures.push(`${impl} ${kind} round ${round}: ${(e as Error).message}`);
          }
          if (call.calleeId) await hangUp(a, call.callId, b, call.calleeId);
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
    const forwardOverRelay = () => {
      const f = s["web:sframe"]!.median, r = s["web:e2ee"]!.median;
      return f !== null && r !== null && r > 0 ? Math.round((f / r) * 100) / 100 : null;
    };
    const result = {
      bench: "web-setup",
      n: N,
      warmup: WARMUP,
      summaries: s,
      ratios: { e2ee: ratio("e2ee"), standard: ratio("standard"), forwardOverRelay: forwardOverRelay() },
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
      console.log(row("web client SFrame (forwarder)", s["web:sframe"]!));
      console.log(
        `web/ref median: E2EE ${ratio("e2ee")}, standard ${ratio("standard")}; web SFrame/web E2EE (forwarder/relay) ` +
          `median ${forwardOverRelay()}${failures.length ? `; ${failures.length} failures` : ""}`,
      );
      for (const f of failures) console.log(`  failure: ${f}`);
    }
    return failures.length ? 1 : 0;
  } finally {
    await svc.close();
  }
}

process.exit(await main());
