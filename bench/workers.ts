/**
 * bench/workers: what the media processor's worker processes buy (SPEC §4.4 MP11). Standard calls (every one through
 * the processor) at K = 5, 10, 15 with the processor in the service process (0 workers) and with one worker per
 * core, alternating A B A B in one run so both see the same outside load. Per configuration: the worst video gap at
 * any receiver (median of the rounds), CPU % per call (all processes) and whether a step stayed under the 200 ms gap
 * limit. The ratio is workers / in-process; only ratios from the same run mean anything on a shared machine.
 *
 * Run: node --import tsx bench/workers.ts [--steps 5,10,15] [--window 10] [--rounds 2] [--json]
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { runLoad } from "./load.ts";
import { round } from "./_stats.ts";

const { values } = parseArgs({
  options: {
    steps: { type: "string", default: "5,10,15" },
    window: { type: "string", default: "10" },
    rounds: { type: "string", default: "2" },
    json: { type: "boolean", default: false },
  },
});
const steps = values.steps.split(",").map(Number);
const cores = os.availableParallelism();
const configs = [0, cores];
const rows: {
  workers: number;
  round: number;
  k: number;
  ok: boolean;
  worstVideoMs: number | null;
  cpuPerCall: number;
}[] = [];
for (let r = 1; r <= Number(values.rounds); r++) {
  for (const workers of configs) {
    console.error(`bench/workers: round ${r}, ${workers} processor workers, K ${steps.join(", ")}…`);
    const res = await runLoad({
      steps,
      windowS: Number(values.window),
      procs: 2,
      modes: ["standard"],
      settleMs: 1000,
      processorWorkers: workers,
    });
    for (const s of res.steps) {
      rows.push({
        workers,
        round: r,
        k: s.k,
        ok: s.ok,
        worstVideoMs: s.gaps.worstVideoMs,
        cpuPerCall: s.cpu.perCallPct,
      });
    }
  }
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? null : (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
};
const table = steps.map((k) => {
  const at = (w: number) => rows.filter((x) => x.k === k && x.workers === w);
  const gap = (w: number) => median(at(w).map((x) => x.worstVideoMs).filter((x): x is number => x !== null));
  const cpu = (w: number) => median(at(w).map((x) => x.cpuPerCall));
  const [g0, gN, c0, cN] = [gap(0), gap(cores), cpu(0), cpu(cores)];
  return {
    k,
    inProcess: { worstVideoMs: g0, cpuPerCallPct: c0, okRounds: at(0).filter((x) => x.ok).length },
    workers: { worstVideoMs: gN, cpuPerCallPct: cN, okRounds: at(cores).filter((x) => x.ok).length },
    gapRatio: g0 && gN !== null ? round(gN / g0, 2) : null,
    cpuRatio: c0 && cN !== null ? round(cN / c0, 2) : null,
  };
});
if (values.json) console.log(JSON.stringify({ cores, loadAvg: os.loadavg(), rows, table }));
else {
  console.log(`cores ${cores}; load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
  for (const t of table) console.log(JSON.stringify(t));
}
process.exit(0);
