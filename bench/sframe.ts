/**
 * bench/sframe: SFrame (SPEC §13) seal+open throughput per core — one thread seals a frame and opens it at a
 * receiver, for a 1,200-byte video frame and a 100-byte audio frame (AES_128_GCM_SHA256_128, the profile's suite).
 * On Node and Deno (a child process) both implementations are measured: the reference (src/crypto/sframe, @noble)
 * and the web client's (src/web/sframe.ts, WebCrypto); in Chromium (headless, a page on 127.0.0.1) the same two,
 * bundled. Target (SPEC §13): at least 2,000 seal+open per second per core on Node; a call of 30 fps video and
 * 50 fps audio needs under 100 per second per direction.
 *
 * Run alone: node --import tsx bench/sframe.ts [--quick] [--rounds N] [--json] [--no-write]
 */
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { closeSharedBrowser, findChromium, sharedBrowser } from "../src/web/host/chromium.ts";
import { measureSFrame, type SFrameRow } from "./_sframe_ops.ts";
import { machine } from "./_machine.ts";
import { flags, intFlag, progress, writeResult } from "./_results.ts";

/** Result of bench/sframe. */
export interface SFrameResult {
  bench: "sframe";
  machine: ReturnType<typeof machine>;
  setup: string;
  rounds: number;
  roundMs: number;
  target: string;
  runtimes: { runtime: "node" | "deno" | "chromium"; rows: SFrameRow[] | null; note?: string }[];
}

const ROOT = fileURLToPath(new URL("../", import.meta.url));

function deno(rounds: number, roundMs: number): { rows: SFrameRow[] | null; note?: string } {
  const bin = `${ROOT}node_modules/deno/deno`;
  const r = spawnSync(bin, ["run", "-A", "--no-check", "bench/_sframe_deno.ts", String(rounds), String(roundMs)], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  const line = r.stdout?.trim().split("\n").at(-1);
  if (r.status !== 0 || !line) return { rows: null, note: `deno failed: ${(r.stderr ?? "").slice(0, 200)}` };
  return { rows: JSON.parse(line) as SFrameRow[] };
}

async function chromium(rounds: number, roundMs: number): Promise<{ rows: SFrameRow[] | null; note?: string }> {
  if (!findChromium()) return { rows: null, note: "chromium is not installed" };
  const out = await build({
    stdin: {
      contents: 'import { measureSFrame } from "./_sframe_ops.ts"; Object.assign(globalThis, { measureSFrame });',
      resolveDir: `${ROOT}bench`,
      loader: "ts",
    },
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const js = out.outputFiles[0]!.text;
  const server = createServer((req, res) => {
    if (req.url === "/b.js") return res.writeHead(200, { "content-type": "text/javascript" }).end(js);
    res.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><script src="/b.js"></script>');
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  try {
    const page = await (await sharedBrowser()).newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/`); // a secure context
    const rows = await page.evaluate(
      (o) => (globalThis as never as { measureSFrame: typeof measureSFrame }).measureSFrame(o),
      { rounds, roundMs },
    );
    await page.close();
    return { rows };
  } finally {
    await closeSharedBrowser();
    server.close();
  }
}

/** Runs the bench. */
export async function runSFrame(opts: { quick: boolean; rounds?: number }): Promise<SFrameResult> {
  const mach = machine();
  const rounds = opts.rounds ?? (opts.quick ? 3 : 7);
  const roundMs = opts.quick ? 200 : 500;
  progress("bench/sframe: node…");
  const node = await measureSFrame({ rounds, roundMs });
  progress("bench/sframe: deno…");
  const d = deno(rounds, roundMs);
  progress("bench/sframe: chromium…");
  const c = await chromium(rounds, roundMs);
  return {
    bench: "sframe",
    machine: mach,
    setup: "one thread; each op = seal one frame + open it at a receiver (suite 4, AES_128_GCM_SHA256_128, KID 0); " +
      "median of interleaved rounds; the machine is shared with other jobs, so figures are lower bounds",
    rounds,
    roundMs,
    target: "node reference: >= 2000 seal+open per second per core (read the /CPU-s figure on a loaded machine)",
    runtimes: [{ runtime: "node", rows: node }, { runtime: "deno", ...d }, { runtime: "chromium", ...c }],
  };
}

/** The result as lines of text. */
export function formatSFrame(r: SFrameResult): string[] {
  const m = r.machine;
  const lines = [
    `SFrame seal+open per second, one thread (median, [min–max] over ${r.rounds} rounds of ${r.roundMs} ms;` +
    " /CPU-s: per second of the process's CPU time)",
    `machine: ${m.cores} cores, ${m.cpuModel}, load average ${m.loadAvg1} at the start: shared and loaded, so the` +
    " figures are lower bounds",
  ];
  for (const rt of r.runtimes) {
    if (!rt.rows) {
      lines.push(`  ${rt.runtime.padEnd(9)} skipped: ${rt.note}`);
      continue;
    }
    for (const x of rt.rows) {
      const cpu = x.perCpuSecond === null ? "" : `  ${String(x.perCpuSecond).padStart(7)}/CPU-s`;
      const fig = `${String(x.perSecond).padStart(7)}/s [${x.min}–${x.max}]${cpu}`;
      lines.push(`  ${rt.runtime.padEnd(9)} ${x.impl.padEnd(10)} ${x.frame} ${String(x.bytes).padStart(5)} B ${fig}`);
    }
  }
  lines.push(`target: ${r.target}`);
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const f = flags(process.argv.slice(2), ["rounds"]);
  const r = await runSFrame({ quick: f.quick, rounds: intFlag(f, "rounds", f.quick ? 3 : 7) });
  if (f.write) progress(`wrote ${writeResult("sframe", r, f.quick)}`);
  if (f.json) console.log(JSON.stringify(r));
  else for (const l of formatSFrame(r)) console.log(l);
  process.exit(0);
}
