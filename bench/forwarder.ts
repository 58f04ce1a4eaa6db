/**
 * The forwarder's cost (SPEC §13.9): CPU time of the process that hosts a Forwarder while K calls each carry 50 audio
 * frames (100 B) and 30 video frames (1,200 B) per second both ways, all SFrame-sealed, over real DTLS-SRTP on UDP.
 * The endpoints run in a child process (bench/_forwarder_endpoints.ts), so this process's CPU is the forwarder's:
 * SRTP decrypt, routing, SRTP encrypt, RTCP. Also its CPU with the calls connected and no media (idle). A discarded
 * 1-call run comes first, so that no row pays for warming the code.
 *
 * Run alone: node --import tsx bench/forwarder.ts [--quick] [--calls 1,4,8] [--seconds 10] [--json] [--no-write]
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Forwarder } from "../src/forwarder/mod.ts";
import { LOOPBACK_RTC } from "../src/forwarder/_testing/sframe_endpoint.ts";
import type { FromChild, ToChild } from "./_forwarder_endpoints.ts";
import { type Machine, machine } from "./_machine.ts";
import { flags, intFlag, progress, writeResult } from "./_results.ts";

/** One measured run of K calls. */
export interface ForwarderRow {
  calls: number;
  seconds: number;
  /** Packets forwarded per second of media, both directions of all calls (expected: 160 per call). */
  packetsPerSecond: number;
  /** Forwarder CPU (user + system) as % of one core, per call: with media, and connected without media. */
  cpuPercentPerCall: number;
  idleCpuPercentPerCall: number;
  /** CPU microseconds per forwarded packet. */
  cpuUsPerPacket: number;
  /** Frames the endpoints sent and received (opened), and payloads they dropped by SFrame code (SPEC §13.6). */
  sent: number;
  received: number;
  dropped: Record<string, number>;
}

/** The bench's result. */
export interface ForwarderResult {
  bench: "forwarder";
  machine: Machine;
  setup: string;
  rows: ForwarderRow[];
}

const CHILD = fileURLToPath(new URL("./_forwarder_endpoints.ts", import.meta.url));

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

async function measure(calls: number, seconds: number): Promise<ForwarderRow> {
  const fwd = new Forwarder({ rtcConfig: LOOPBACK_RTC });
  const child = fork(CHILD, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const inbox: FromChild[] = [];
  let wake: (() => void) | null = null;
  child.on("message", (m: FromChild) => (inbox.push(m), wake?.()));
  const next = async <T extends FromChild["type"]>(type: T): Promise<Extract<FromChild, { type: T }>> => {
    const deadline = Date.now() + 90_000;
    while (inbox.length === 0) {
      if (Date.now() > deadline) throw new Error(`endpoints: no "${type}" within 90 s`);
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 1_000);
      });
    }
    const m = inbox.shift()!;
    if (m.type === "error") throw new Error(`endpoints: ${m.message}`);
    if (m.type !== type) throw new Error(`endpoints: expected "${type}", got "${m.type}"`);
    return m as Extract<FromChild, { type: T }>;
  };
  const tell = (m: ToChild) => child.send(m);
  try {
    const fcalls = Array.from({ length: calls }, () => fwd.createCall());
    tell({ type: "offers", calls });
    const { offers } = await next("offers");
    const answers = await Promise.all(
      offers.map(async (o) => ({ ...o, sdp: await fcalls[o.call]!.leg(o.role).answer(o.sdp) })),
    );
    tell({ type: "answers", answers });
    await next("connected");
    const legsUp = () => fcalls.every((c) => Object.values(c.stats().legs).every((l) => l.connection === "connected"));
    const deadline = Date.now() + 20_000;
    while (!legsUp()) {
      if (Date.now() > deadline) {
        const states = fcalls.map((c) => Object.values(c.stats().legs).map((l) => l.connection).join("/"));
        throw new Error(`forwarder legs not connected after 20 s: ${states.join(", ")}`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    progress(`bench/forwarder: ${calls} call(s) connected`);

    const idleMs = Math.min(3_000, seconds * 1000);
    let cpu0 = process.cpuUsage(), t0 = performance.now();
    await new Promise((r) => setTimeout(r, idleMs));
    const idle = cpuMs(cpu0) / (performance.now() - t0);

    const packets = () =>
      fcalls.reduce((n, c) => {
        const s = c.stats();
        return n + s.callerToCallee.forwarded.packets + s.calleeToCaller.forwarded.packets;
      }, 0);
    const p0 = packets();
    cpu0 = process.cpuUsage();
    t0 = performance.now();
    tell({ type: "pump", ms: seconds * 1000 });
    const pumped = await next("pumped");
    const wallMs = performance.now() - t0, used = cpuMs(cpu0), forwarded = packets() - p0;
    return {
      calls,
      seconds,
      packetsPerSecond: Math.round(forwarded / seconds), // over the media's seconds; CPU over the whole window
      cpuPercentPerCall: Math.round((1000 * used) / wallMs / calls) / 10,
      idleCpuPercentPerCall: Math.round(1000 * idle / calls) / 10,
      cpuUsPerPacket: Math.round((used * 1000) / Math.max(1, forwarded)),
      sent: pumped.sent,
      received: pumped.received,
      dropped: pumped.dropped,
    };
  } finally {
    tell({ type: "close" });
    await new Promise((r) => child.once("exit", r));
    await fwd.close();
  }
}

/** Runs the bench. */
export async function runForwarder(opts: { quick: boolean; calls?: number[]; seconds?: number }) {
  const mach = machine();
  const calls = opts.calls ?? (opts.quick ? [1] : [1, 4, 8]);
  const seconds = opts.seconds ?? (opts.quick ? 3 : 10);
  const rows: ForwarderRow[] = [];
  // a discarded run first: the first call in a process pays for compiling and warming werift's code
  progress("bench/forwarder: warm-up, 1 call, 2 s (discarded)…");
  await measure(1, 2);
  for (const k of calls) {
    progress(`bench/forwarder: ${k} call(s), ${seconds} s of media…`);
    rows.push(await measure(k, seconds));
  }
  return {
    bench: "forwarder",
    machine: mach,
    setup: "werift forwarder in this process, werift endpoints in a child; per call both ways 50 audio frames of " +
      "100 B and 30 video frames of 1,200 B per second, SFrame-sealed, one frame per RTP packet, loopback UDP",
    rows,
  } satisfies ForwarderResult;
}

/** The result as lines of text. */
export function formatForwarder(r: ForwarderResult): string[] {
  const m = r.machine;
  const lines = [
    `Forwarder CPU per call (${r.setup})`,
    `machine: ${m.cores} cores, ${m.cpuModel}, load average ${m.loadAvg1} at the start`,
  ];
  for (const x of r.rows) {
    const loss = x.sent === 0 ? 0 : Math.round(1000 * (1 - x.received / x.sent)) / 10;
    lines.push(
      `  ${x.calls} call(s), ${x.seconds} s: ${x.packetsPerSecond} packets/s forwarded; CPU ${x.cpuPercentPerCall}% ` +
        `of a core per call (idle, connected: ${x.idleCpuPercentPerCall}%), ${x.cpuUsPerPacket} µs per packet; ` +
        `frames sent ${x.sent}, opened ${x.received} (${loss}% not opened), dropped ${JSON.stringify(x.dropped)}`,
    );
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const f = flags(process.argv.slice(2), ["calls", "seconds"]);
  const callsFlag = f.values.calls;
  const calls = typeof callsFlag === "string" ? callsFlag.split(",").map(Number) : undefined;
  if (calls?.some((n) => !Number.isInteger(n) || n < 1)) throw new RangeError(`--calls: "${String(callsFlag)}"`);
  const r = await runForwarder({
    quick: f.quick,
    ...(calls ? { calls } : {}),
    ...(f.values.seconds !== undefined ? { seconds: intFlag(f, "seconds", 10) } : {}),
  });
  if (f.write) progress(`bench/forwarder: wrote ${writeResult("forwarder", r, f.quick)}`);
  if (f.json) console.log(JSON.stringify(r));
  else for (const l of formatForwarder(r)) console.log(l);
  process.exit(0);
}
