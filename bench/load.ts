/**
 * bench/load: K concurrent calls (E2EE and standard separately) with audio and video flowing, K stepping 5, 10, 20,
 * 30 … until a limit (a media gap over 200 ms at any receiver, a failed call, or the cap). The service runs in its
 * own process (`shieldcall serve`); the 2K reference peers are spread over P worker processes (bench/_load_peer.ts),
 * each call's caller and callee in different workers. Every step starts fresh processes. For each K: the worst
 * video and audio gap at any receiver during the window, CPU (% of one core) and RSS of every process, RSS per call.
 *
 * Run alone: node --import tsx bench/load.ts [--quick] [--steps 5,10,20] [--window 20] [--procs 4] [--cap 60]
 *   [--modes e2ee,standard] [--profile DIR] [--processor-workers N] [--json] [--no-write]
 * --processor-workers N: the service's media processor worker processes (default: cores; 0 = in the service).
 * --max-calls N: the service admits N calls of the mode and refuses the rest with SERVICE_BUSY (SPEC §2.5 S3); the
 * step then measures the admitted calls only. Default 0: no admission limit, so the steps find the machine's capacity.
 * --profile DIR runs the service and the workers with --cpu-prof (summarise with bench/profile-summary.mjs).
 */
import os from "node:os";
import type { CallState } from "../src/protocol/mod.ts";
import { formatLoad } from "./_format.ts";
import { machine } from "./_machine.ts";
import { childPids, CpuMeter, rssMiB, threads } from "./_proc.ts";
import { flags, intFlag, progress, writeResult } from "./_results.ts";
import { round, summarize } from "./_stats.ts";
import { type SideWindow } from "./_load_protocol.ts";
import { setupText } from "./_load_result.ts";
import { startServiceProcess } from "../conformance/service_proc.ts";
import { Worker } from "./_workers.ts";
import type { LoadResult, LoadStep, Mode } from "./_load_result.ts";

export type { LoadResult, LoadStep };

const GAP_LIMIT_MS = 200;
const SETTLE_MS = 2000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** --max-calls: the service's admission limit for the mode under test (0: none). */
let admission = 0;

const sum = (xs: (number | null)[]) => xs.reduce<number>((s, x) => s + (x ?? 0), 0);

/** Runs one step: fresh service and workers, K calls, a window of `windowS` seconds. */
async function runStep(
  mode: Mode,
  k: number,
  windowS: number,
  procs: number,
  settleMs: number,
  nodeFlags: string[],
  processorWorkers: number,
): Promise<LoadStep> {
  const errors: string[] = [];
  // The service as `shieldcall serve` runs it: the media processor in one worker process per core (SPEC §4.4), and
  // (SPEC §2.5 S3) the admission limit of --max-calls for this mode only.
  const svc = await startServiceProcess({
    capacity: mode === "e2ee" ? { standard: 0, e2ee: admission } : { standard: admission, e2ee: 0 },
    runtimeFlags: nodeFlags,
    ringTimeoutS: 120,
    timeoutMs: 30_000,
    processorWorkers,
  });
  const p = Math.min(procs, 2 * k);
  const workers = Array.from({ length: p }, (_, i) => new Worker(i, nodeFlags));
  try {
    const tag = Math.random().toString(36).slice(2, 8);
    const addUser = await svc.admin.demoTenant(`load-${tag}`);
    const users: { user: string; token: string; answer: boolean; worker: number }[] = [];
    const pairs: { from: string; to: string; worker: number }[] = [];
    for (let i = 0; i < k; i++) {
      const a = `c${i}-${tag}`;
      const b = `d${i}-${tag}`;
      for (const [u, answer, w] of [[a, false, (2 * i) % p], [b, true, (2 * i + 1) % p]] as const) {
        users.push({ user: u, token: await addUser(u, mode === "e2ee" ? true : undefined), answer, worker: w });
      }
      pairs.push({ from: a, to: b, worker: (2 * i) % p });
    }
    await Promise.all(
      workers.map((w) =>
        w.request("setup", { serviceUrl: svc.signalUrl, users: users.filter((u) => u.worker === w.index) })
      ),
    );
    await sleep(1000);
    const pids = [svc.pid!, ...workers.map((w) => w.pid)];
    const idle = pids.map(rssMiB);

    const t0 = performance.now();
    const placed = (await Promise.all(workers.map((w) =>
      w.request<{ callId: string | null; error: string | null }[]>("place", {
        calls: pairs.filter((c) =>
          c.worker === w.index
        ),
      })
    ))).flat();
    for (const pl of placed) {
      if (admission && pl.error?.startsWith("SERVICE_BUSY")) continue; // SPEC §2.5 (S3): refused, as --max-calls asks
      if (pl.error) {
        errors.push(`place: ${pl.error}`);
      }
    }
    // Wait until every call is up at both ends: connected, the expected topology, media decoded both ways.
    const deadline = Date.now() + 30_000 + 500 * k;
    let setupS: number | null = null;
    let lastDown = "";
    const busy = new Set<string>();
    while (Date.now() < deadline && errors.length === 0) {
      const states = (await Promise.all(workers.map((w) => w.request<CallState[]>("status")))).flat();
      const byCall = new Map<string, CallState[]>();
      for (const s of states) byCall.set(s.callId, [...(byCall.get(s.callId) ?? []), s]);
      const up = (s: CallState) =>
        s.state === "connected" && s.topology === (mode === "e2ee" ? "relay" : "processor") &&
        (mode !== "e2ee" || s.e2ee.indicator) && s.media.video.decoded > 0 && s.media.audio.framesReceived > 0;
      // SPEC §2.5 (S3): under --max-calls a refused call (ended SERVICE_BUSY) is the service protecting the others.
      for (const s of states) if (admission && s.state === "ended" && s.endCode === "SERVICE_BUSY") busy.add(s.callId);
      for (const id of busy) byCall.delete(id);
      const admitted = admission ? placed.filter((pl) => pl.callId !== null && !busy.has(pl.callId)).length : k;
      const ended = states.filter((s) => s.state === "ended" && !busy.has(s.callId));
      if (ended.length) errors.push(`call ended during set-up: ${ended[0]!.endReason} ${ended[0]!.endCode ?? ""}`);
      const down = [...byCall.values()].filter((ss) => ss.length < 2 || !ss.every(up));
      lastDown = `${down.length + (admitted - byCall.size)} of ${admitted} calls not up`;
      if (byCall.size === admitted && down.length === 0) {
        setupS = round((performance.now() - t0) / 1000, 1);
        break;
      }
      await sleep(500);
    }
    if (setupS === null && errors.length === 0) errors.push(`set-up timed out: ${lastDown}`);

    let windows: {
      sides: SideWindow[];
      loopDelayMs: { max: number };
      pollCpuMs: number;
      memoryMiB: Record<string, number>;
    }[] = [];
    const meter = new CpuMeter();
    // The service's media processor worker processes (SPEC §4.4): their CPU is the service's too.
    let procPids: number[] = [];
    const rssMax = pids.map(() => 0);
    if (errors.length === 0) {
      await sleep(settleMs);
      await Promise.all(workers.map((w) => w.request("window-start")));
      procPids = childPids(svc.pid!);
      meter.start([...pids, ...procPids, process.pid]);
      const end = Date.now() + windowS * 1000;
      while (Date.now() < end) {
        await sleep(Math.min(2000, end - Date.now()));
        pids.forEach((pid, i) => (rssMax[i] = Math.max(rssMax[i]!, rssMiB(pid) ?? 0)));
      }
      windows = await Promise.all(workers.map((w) => w.request<typeof windows[number]>("window-stop")));
    }
    const cpu = meter.read();
    const endRss = pids.map((pid, i) => Math.max(rssMax[i]!, rssMiB(pid) ?? 0) || null);
    const sides = windows.flatMap((w) => w.sides).filter((s) => !busy.has(s.callId));
    const refused = k - placed.filter((pl) => pl.callId !== null && !busy.has(pl.callId)).length;
    // SPEC §2.5 (S3): a limit the service did not apply would measure K calls under a --max-calls label.
    if (admission && k - refused > admission) {
      errors.push(`admission limit not applied: ${k - refused} of ${k} calls admitted under --max-calls ${admission}`);
    }
    for (const s of sides) {
      if (s.state !== "connected") errors.push(`call ${s.callId} ${s.role} is ${s.state} at the end of the window`);
    }
    const expectedVideo = Math.round(windowS * 1000 / 70);
    const starving = sides.filter((s) => s.videoFrames === 0 || s.newDigits === 0);
    if (starving.length) errors.push(`${starving.length} receiver(s) got no video or no digits in the window`);
    const worstV = sides.length ? Math.max(...sides.map((s) => s.videoGapMs)) : null;
    const worstA = sides.length ? Math.max(...sides.map((s) => s.audioGapMs)) : null;
    const limit = errors.length
      ? `failure: ${errors[0]}`
      : (worstV ?? 0) > GAP_LIMIT_MS
      ? `video gap ${worstV} ms > ${GAP_LIMIT_MS} ms`
      : (worstA ?? 0) > GAP_LIMIT_MS
      ? `audio gap ${worstA} ms > ${GAP_LIMIT_MS} ms`
      : null;
    const wPct = workers.map((w) => cpu.get(w.pid) ?? null);
    const pPct = procPids.map((p) => cpu.get(p) ?? null);
    const total = (cpu.get(svc.pid!) ?? 0) + sum(pPct) + sum(wPct);
    const [svcIdle, ...wIdle] = idle;
    const [svcEnd, ...wEnd] = endRss;
    const totalIdle = sum(idle);
    const totalEnd = sum(endRss);
    return {
      mode,
      k,
      refused,
      attempt: 1,
      ok: limit === null,
      limit,
      setupS,
      windowS,
      gaps: {
        worstVideoMs: worstV,
        worstVideoRxMs: sides.length ? Math.max(...sides.map((s) => s.videoRxGapMs)) : null,
        worstAudioMs: worstA,
        videoMs: summarize(sides.map((s) => s.videoGapMs), 0),
        worstLifetimeVideoMs: sides.length ? Math.max(...sides.map((s) => s.lifetimeMaxGapMs)) : null,
        worstReceivers: [...sides].sort((a, b) =>
          Math.max(b.videoGapMs, b.audioGapMs) - Math.max(a.videoGapMs, a.audioGapMs)
        ).slice(0, 3)
          .map((s) => ({
            callId: s.callId,
            role: s.role,
            videoGapMs: s.videoGapMs,
            videoRxGapMs: s.videoRxGapMs,
            audioGapMs: s.audioGapMs,
            videoFrames: s.videoFrames,
            videoRxFrames: s.videoRxFrames,
          })),
      },
      media: {
        minVideoFrames: sides.length ? Math.min(...sides.map((s) => s.videoFrames)) : null,
        minVideoRxFrames: sides.length ? Math.min(...sides.map((s) => s.videoRxFrames)) : null,
        expectedVideoFrames: expectedVideo,
        minNewDigits: sides.length ? Math.min(...sides.map((s) => s.newDigits)) : null,
        latencyMs: summarize(sides.map((s) => s.latencyMs).filter((x): x is number => x !== null), 0),
      },
      loopDelayMaxMs: windows.map((w) => round(w.loopDelayMs.max, 0)),
      cpu: {
        servicePct: cpu.get(svc.pid!) ?? null,
        processorWorkersPct: pPct,
        workersPct: wPct,
        benchPct: cpu.get(process.pid) ?? null,
        totalPct: round(total, 1),
        perCallPct: round(total / k, 1),
      },
      rss: {
        idle: { serviceMiB: svcIdle ?? null, workersMiB: wIdle },
        end: { serviceMiB: svcEnd ?? null, workersMiB: wEnd },
        totalIdleMiB: round(totalIdle, 1),
        totalEndMiB: round(totalEnd, 1),
        perCallMiB: round((totalEnd - totalIdle) / k, 1),
        servicePerCallMiB: svcIdle != null && svcEnd != null ? round((svcEnd - svcIdle) / k, 1) : null,
      },
      threads: { service: threads(svc.pid!), workers: workers.map((w) => threads(w.pid)) },
      workerMemoryMiB: windows.map((w) => w.memoryMiB),
      loadAvg1: round(os.loadavg()[0]!, 2),
      busyMachine: os.loadavg()[0]! > os.availableParallelism(),
      pollCpuMs: round(sum(windows.map((w) => w.pollCpuMs)), 0),
      errors: [...new Set(errors)].slice(0, 5),
    };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await svc.stop();
  }
}

/** The K steps: 5, 10, 20, 30, … up to `cap`. */
export function defaultSteps(cap: number): number[] {
  const out = [5, 10];
  for (let k = 20; k <= cap; k += 10) out.push(k);
  return out.filter((k) => k <= cap);
}

/** Runs the bench. */
export async function runLoad(
  opts: {
    steps: number[];
    windowS: number;
    procs: number;
    modes: Mode[];
    settleMs?: number;
    confirm?: boolean;
    profileDir?: string;
    processorWorkers?: number;
  },
): Promise<LoadResult> {
  const nodeFlags = opts.profileDir ? ["--cpu-prof", "--cpu-prof-dir", opts.profileDir] : [];
  const settleMs = opts.settleMs ?? SETTLE_MS;
  const mach = machine(); // at the start: the load average before this bench added its own
  const steps: LoadStep[] = [];
  const maxK: Record<Mode, number | null> = { e2ee: null, standard: null };
  const capped: Record<Mode, boolean> = { e2ee: false, standard: false };
  for (const mode of opts.modes) {
    let limited = false;
    for (const k of opts.steps) {
      let s: LoadStep | null = null;
      // A limit counts only when it repeats: one retry absorbs a burst of outside load on a shared machine.
      for (let attempt = 1; attempt <= (opts.confirm ? 2 : 1) && !s?.ok; attempt++) {
        progress(`  ${mode} K=${k}: starting${attempt > 1 ? " (confirming the limit)" : ""}…`);
        s = {
          ...(await runStep(
            mode,
            k,
            opts.windowS,
            opts.procs,
            settleMs,
            nodeFlags,
            opts.processorWorkers ?? os.availableParallelism(),
          )),
          attempt,
        };
        steps.push(s);
        progress(
          `  ${mode} K=${k}: ${s.ok ? "ok" : `LIMIT (${s.limit})`}; ` +
            `${admission ? `${k - s.refused} admitted, ${s.refused} refused SERVICE_BUSY; ` : ""}` +
            `worst gap video ${s.gaps.worstVideoMs} ms, ` +
            `audio ${s.gaps.worstAudioMs} ms; CPU ${s.cpu.totalPct}%; RSS ${s.rss.totalEndMiB} MiB ` +
            `(${s.rss.perCallMiB}/call); load ${s.loadAvg1}`,
        );
      }
      if (!s!.ok) {
        limited = true;
        break;
      }
      maxK[mode] = k;
    }
    capped[mode] = !limited;
  }
  return {
    bench: "load",
    machine: mach,
    setup: setupText(opts.procs, settleMs, opts.windowS, opts.confirm === true),
    gapLimitMs: GAP_LIMIT_MS,
    steps,
    maxK,
    capped,
    cpuCeilingK: Object.fromEntries((["e2ee", "standard"] as Mode[]).map((m) => {
      const first = steps.find((s) => s.mode === m && s.cpu.perCallPct > 0);
      return [m, first ? Math.floor((100 * os.availableParallelism()) / first.cpu.perCallPct) : null];
    })) as Record<Mode, number | null>,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const f = flags(process.argv.slice(2), [
    "steps",
    "window",
    "procs",
    "cap",
    "modes",
    "profile",
    "processor-workers",
    "max-calls",
  ]);
  const pw = f.values["processor-workers"] === undefined
    ? os.availableParallelism()
    : Number(f.values["processor-workers"]);
  if (!Number.isInteger(pw) || pw < 0) {
    throw new RangeError(
      `--processor-workers must be a whole number ≥ 0: got "${String(f.values["processor-workers"])}"`,
    );
  }
  const cap = intFlag(f, "cap", 60);
  const steps = typeof f.values.steps === "string"
    ? f.values.steps.split(",").map(Number)
    : f.quick
    ? [5]
    : defaultSteps(cap);
  if (steps.some((k) => !Number.isInteger(k) || k < 1)) {
    throw new RangeError(`--steps must be positive integers: got "${String(f.values.steps)}"`);
  }
  const modes = (typeof f.values.modes === "string" ? f.values.modes.split(",") : ["e2ee", "standard"]) as Mode[];
  if (modes.some((m) => m !== "e2ee" && m !== "standard")) throw new RangeError(`--modes must be e2ee and/or standard`);
  const windowS = intFlag(f, "window", f.quick ? 5 : 20);
  const procs = intFlag(f, "procs", 4);
  admission = f.values["max-calls"] === undefined ? 0 : intFlag(f, "max-calls", 0);
  progress(`bench/load: steps ${steps.join(", ")}; ${windowS} s window; peers in ${procs} worker processes…`);
  let code = 0;
  try {
    const r = await runLoad({
      steps,
      windowS,
      procs,
      modes,
      settleMs: f.quick ? 1000 : SETTLE_MS,
      confirm: !f.quick,
      processorWorkers: pw,
      ...(typeof f.values.profile === "string" ? { profileDir: f.values.profile } : {}),
    });
    if (f.write) progress(`wrote ${writeResult("load", r, f.quick)}`);
    if (f.json) console.log(JSON.stringify(r));
    else for (const l of formatLoad(r)) console.log(l);
  } catch (e) {
    console.error(`bench/load: ${(e as Error).stack ?? e}`);
    code = 1;
  }
  process.exit(code);
}
