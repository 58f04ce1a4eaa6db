/**
 * The human-readable tables of every bench, from their JSON results. Type-only imports, so `npm run bench`
 * (bench/run.mjs) can print results without loading node-webrtc or the service.
 */
import type { CallSetupResult } from "./call-setup.ts";
import type { HandshakeResult } from "./handshake.ts";
import type { LoadResult } from "./load.ts";
import { round, type Summary } from "./_stats.ts";
import type { SuiteResult } from "./suite.ts";

const KINDS = ["bare", "floor", "e2ee", "standard"] as const;

const sum = (xs: (number | null)[]) => xs.reduce<number>((s, x) => s + (x ?? 0), 0);

/** Human-readable lines. */
export function formatHandshake(r: HandshakeResult): string[] {
  return r.ops.map((o) =>
    `  ${o.name.padEnd(20)} ${
      String(o.perSecond.median).padStart(8)
    } /s  (median of ${o.perSecond.n} rounds; min ${o.perSecond.min}, max ${o.perSecond.max})  ${o.usEach} µs each`
  );
}

/** Human-readable lines. */
export function formatCallSetup(r: CallSetupResult): string[] {
  const row = (name: string, s: Summary) =>
    `  ${name.padEnd(38)} median ${String(s.median).padStart(7)} ms   p95 ${String(s.p95).padStart(7)} ms   (n=${s.n})`;
  return [
    row("(f) floor: bare wrtc, trickle ICE", r.primary.f),
    row("(a) bare wrtc: offer → connected", r.primary.a),
    row("(b) E2EE: place → indicator + number", r.primary.b),
    row("(c) standard: place → media both ways", r.primary.c),
    `  b/a median ${r.ratios["b/a"].median}  p95 ${r.ratios["b/a"].p95}  paired ${
      r.ratios["b/a"].pairedMedian
    }   (target ≤ ${r.target["b/a"]}: ${r.target.met ? "met" : "MISSED"})`,
    `  b/u median ${r.ratios["b/u"].median}  p95 ${r.ratios["b/u"].p95}  paired ${r.ratios["b/u"].pairedMedian} ` +
    `(media gate of SPEC §5.9 against a variant without it; ~1: no added round trip)`,
    `  a/f median ${r.ratios["a/f"].median}  b/f median ${r.ratios["b/f"].median} (against the trickle floor)`,
    `  c/a median ${r.ratios["c/a"].median}  p95 ${r.ratios["c/a"].p95}  paired ${r.ratios["c/a"].pairedMedian}`,
    `  like for like: ${Object.entries(r.ratios.likeForLike).map(([k, v]) => `${k} ${v}`).join(", ")}`,
    `  CPU per set-up (whole process, to the last milestone): ${
      KINDS.map((k) => `${k} ${r.kinds[k].milestones.cpuMs?.median} ms`).join(", ")
    }`,
    `  failures: ${KINDS.map((k) => `${k} ${r.kinds[k].failures}`).join(", ")}`,
  ];
}

/** Human-readable lines. */
export function formatSuite(r: SuiteResult): string[] {
  const out: string[] = [];
  for (const run of r.runs) {
    out.push(
      `  jobs ${run.jobs}${
        run.variant && run.variant !== "default" ? ` [${run.variant}]` : ""
      }: ${run.cases} cases in ${run.wallS} s wall (load ${run.loadAvg1End} at the end), ` +
        `${run.cpuS} CPU-s (≥ ${run.cpuBoundS} s on these cores), exit ${run.exitCode} (${
          Object.entries(run.verdicts).map(([k, v]) => `${v} ${k}`).join(", ")
        }); slot use ${run.slotUse}`,
    );
    for (const c of run.notPassed ?? []) {
      out.push(`    not passed: ${c.id} ${c.verdict}${c.reason ? `: ${c.reason.slice(0, 200)}` : ""}`);
    }
    out.push(
      `    adapter start-up: ${run.time.adapterStarts} adapters, ${run.time.adapterStartS} s of ${run.time.caseS} s ` +
        `case time (ratio ${run.time.adapterStartShare}), median ${run.time.adapterStartMs.median} ms each; ${
          run.time.adapterReuses ?? 0
        } reused adapters, median ${run.time.adapterReuseMs?.median ?? "—"} ms each; calls ${run.time.callS} s`,
    );
    out.push(`    areas: ${run.areas.map((a) => `${a.area} ${a.cases}×/${a.totalS} s`).join(", ")}`);
    out.push(
      `    slowest: ${run.slowest.slice(0, 5).map((c) => `${c.id} ${(c.durationMs / 1000).toFixed(1)} s`).join(", ")}`,
    );
  }
  out.push(
    `  target ≤ ${r.target.seconds} s (default jobs, full suite): ${
      r.target.met === null ? "n/a (subset)" : r.target.met ? "met" : "MISSED"
    }`,
  );
  return out;
}

/** Human-readable lines. */
export function formatLoad(r: LoadResult): string[] {
  const out = [
    `  ${"mode".padEnd(9)} ${"K".padStart(3)}  ${"video gap".padStart(9)} ${"audio gap".padStart(9)}  ${
      "CPU %".padStart(6)
    } ${"/call".padStart(5)}  ${"svc MiB".padStart(7)} ${"peers MiB".padStart(9)} ${"MiB/call".padStart(8)}  result`,
  ];
  for (const s of r.steps) {
    out.push(
      `  ${s.mode.padEnd(9)} ${(String(s.k) + (s.attempt > 1 ? "'" : "")).padStart(3)}  ${
        String(s.gaps.worstVideoMs ?? "—").padStart(9)
      } ${String(s.gaps.worstAudioMs ?? "—").padStart(9)}  ${String(s.cpu.totalPct).padStart(6)} ${
        String(s.cpu.perCallPct).padStart(5)
      }  ${String(s.rss.end.serviceMiB ?? "—").padStart(7)} ${
        String(round(sum(s.rss.end.workersMiB), 0)).padStart(9)
      } ${String(s.rss.perCallMiB).padStart(8)}  ${s.ok ? "ok" : s.limit}`,
    );
  }
  for (const m of ["e2ee", "standard"] as const) {
    if (r.steps.some((s) => s.mode === m)) {
      out.push(
        `  largest K ${
          r.steps.some((s) => s.mode === m && s.refused > 0) ? "placed (admitted calls judged) " : ""
        }with no gap over ${r.gapLimitMs} ms (${m}): ${r.maxK[m] ?? "none"}; CPU ceiling ${r.cpuCeilingK[m]} calls${
          r.capped[m]
            ? ` (no limit up to the last step, K=${
              Math.max(
                ...r.steps.filter((s) => s.mode === m).map((s) =>
                  s.k
                ),
              )
            }: a lower bound)`
            : ""
        }`,
      );
    }
  }
  return out;
}
