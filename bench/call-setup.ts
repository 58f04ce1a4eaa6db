/**
 * bench/call-setup: call set-up time, interleaved in one process, N rounds of three kinds:
 *   (a) bare   — two @roamhq/wrtc PeerConnections, offer → both "connected", no service, complete SDP after the UDP
 *       candidates like a reference peer (bench/_bare_pair.ts): the fair baseline;
 *   (f) floor  — the same bare pair with trickle ICE (SDP at once, candidates as found): the physical floor;
 *   (b) e2ee   — a ShieldCall E2EE call, place() → indicator on and number shown at both ends;
 *   (u) ungated — as (b), but both peers run a bench-only variant without the SPEC §5.9 media gate (outgoing media
 *       from connect, not from the peer's verified tag): (b) against (u) measures what the gate costs;
 *   (c) standard — a ShieldCall standard call through the media processor, place() → media both ways (both ends
 *       decoded a video frame the other end sent, through the processor).
 * Median and p95 of each, ratios b/a and c/a (target b/a ≤ 1.5; below 1 would mean a handicapped baseline), a/f,
 * b/f and like-for-like ratios. The service, the four
 * reference peers and the bare pairs all run in this one process; it ends with process.exit() (docs/node-webrtc.md).
 *
 * Run alone: node --import tsx bench/call-setup.ts [--quick] [--n 30] [--warmup 2] [--json] [--no-write]
 */
import { ReferencePeer } from "../src/peer/mod.ts";
import type { PeerVariant } from "../src/peer/strategies.ts";
import { CallSession } from "../conformance/session.ts";
import { bareCall, type BareTimes } from "./_bare_pair.ts";
import { formatCallSetup } from "./_format.ts";
import { machine } from "./_machine.ts";
import { flags, intFlag, progress, writeResult } from "./_results.ts";
import { autoAnswer, type CallTimes, shieldcallCall } from "./_shieldcall_call.ts";
import { quantile, ratio, round, summarize, type Summary } from "./_stats.ts";

type Kind = "bare" | "floor" | "e2ee" | "ungated" | "standard";
const KINDS: Kind[] = ["bare", "floor", "e2ee", "ungated", "standard"];
/** SPEC §5.9: the reference without its media gate (media flows once connected), for the (u) kind only. */
const UNGATED: PeerVariant = () => ({ mediaAllowed: () => true });
const SETTLE_MS = 150;
const MILESTONES = ["placed", "connected", "indicator", "audio", "video", "digits", "cpuMs", "relayDrops"] as const;

/** Result of bench/call-setup. */
export interface CallSetupResult {
  bench: "call-setup";
  machine: ReturnType<typeof machine>;
  setup: string;
  n: number;
  warmup: number;
  /** Where the service ran: in this process, or in its own process (`shieldcall serve`). */
  service: "inprocess" | "process";
  definitions: Record<string, string>;
  kinds: Record<Kind, { failures: number; errors: string[]; milestones: Record<string, Summary> }>;
  primary: Record<"a" | "b" | "c" | "f" | "u", Summary>;
  ratios: {
    "b/a": Ratio;
    "c/a": Ratio;
    "a/f": Ratio;
    "b/f": Ratio;
    /** SPEC §5.9: the reference (media gate) against the variant without it; ~1 means the gate adds no round trip. */
    "b/u": Ratio;
    likeForLike: Record<string, number | null>;
  };
  target: { "b/a": number; met: boolean | null };
  /** Median offset (ms from place()) of each service call-log event. */
  phases: { e2ee: Record<string, number>; ungated: Record<string, number>; standard: Record<string, number> };
  raw: Record<Kind, Record<string, (number | null)[]>>;
}

/** One kind's set-up time over another's: medians, p95s, and the median of the per-round ratios. */
type Ratio = { median: number | null; p95: number | null; pairedMedian: number | null };

const pick = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null);

/** Runs the bench. */
export async function runCallSetup(
  opts: { n: number; warmup: number; service: "inprocess" | "process" },
): Promise<CallSetupResult> {
  const mach = machine(); // at the start: the load average before this bench added its own
  const svc = await CallSession.open(opts.service, { ringTimeoutS: 30 });
  const admin = svc.admin;
  const tag = Math.random().toString(36).slice(2, 8);
  const addUser = await admin.demoTenant(`bench-${tag}`);
  const ids = { ea: `ea-${tag}`, eb: `eb-${tag}`, ua: `ua-${tag}`, ub: `ub-${tag}`, sa: `sa-${tag}`, sb: `sb-${tag}` };
  const peers: Record<string, ReferencePeer> = {};
  for (const [k, id] of Object.entries(ids)) {
    const token = await addUser(id, k.startsWith("e") || k.startsWith("u") ? true : undefined);
    const variant = k.startsWith("u") ? { variant: UNGATED } : {};
    peers[k] = new ReferencePeer({ serviceUrl: svc.signalUrl, token, ...variant });
    await peers[k]!.connect();
  }
  const offs = [autoAnswer(peers.eb!), autoAnswer(peers.ub!), autoAnswer(peers.sb!)];

  const raw: CallSetupResult["raw"] = { bare: {}, floor: {}, e2ee: {}, ungated: {}, standard: {} };
  const errors: Record<Kind, string[]> = { bare: [], floor: [], e2ee: [], ungated: [], standard: [] };
  const phaseSamples: Record<"e2ee" | "ungated" | "standard", Record<string, number[]>> = {
    e2ee: {},
    ungated: {},
    standard: {},
  };
  const push = (k: Kind, m: string, v: number | null) => ((raw[k][m] ??= []).push(v));
  const last: Record<Kind, number | null> = { bare: null, floor: null, e2ee: null, ungated: null, standard: null };

  try {
    for (let r = 0; r < opts.warmup + opts.n; r++) {
      const measured = r >= opts.warmup;
      // Interleaved: the order rotates every round so slow periods of a noisy machine hit every kind alike.
      const order = KINDS.map((_, i) => KINDS[(i + r) % KINDS.length]!);
      for (const kind of order) {
        let t: BareTimes | CallTimes;
        if (kind === "bare" || kind === "floor") {
          t = await bareCall(kind === "bare" ? "complete" : "trickle");
          if (t.connected === null || t.video === null) {
            errors[kind].push("bare pair did not connect and exchange video");
          }
        } else {
          const [a, b, bId] = kind === "e2ee"
            ? [peers.ea!, peers.eb!, ids.eb]
            : kind === "ungated"
            ? [peers.ua!, peers.ub!, ids.ub]
            : [peers.sa!, peers.sb!, ids.sb];
          const e2ee = kind !== "standard";
          const ct = await shieldcallCall(
            a,
            b,
            bId,
            admin,
            (x) =>
              x.connected !== null && x.video !== null && x.digits !== null &&
              (!e2ee || x.indicator !== null),
          );
          if (ct.error) errors[kind].push(ct.error);
          if (e2ee && ct.numbersMatch === false) errors[kind].push("numbers differed");
          if (measured) { for (const [l, v] of Object.entries(ct.phases)) (phaseSamples[kind][l] ??= []).push(v); }
          t = ct;
        }
        last[kind] = kind === "bare" || kind === "floor"
          ? t.connected
          : kind === "e2ee" || kind === "ungated"
          ? (t as CallTimes).indicator
          : t.video;
        if (measured) {
          for (const m of MILESTONES) if (m in t) push(kind, m, (t as unknown as Record<string, number | null>)[m]!);
        }
        await new Promise((res) => setTimeout(res, SETTLE_MS));
      }
      progress(
        `  round ${r + 1}/${opts.warmup + opts.n}${measured ? "" : " (warm-up)"}: ${
          order.map((k) => `${k} ${last[k] === null ? "—" : `${Math.round(last[k]!)} ms`}`).join(", ")
        }`,
      );
    }
  } finally {
    for (const off of offs) off();
    await Promise.all(Object.values(peers).map((p) => p.close()));
    await svc.close();
  }

  const milestones = (k: Kind) => Object.fromEntries(Object.entries(raw[k]).map(([m, xs]) => [m, summarize(pick(xs))]));
  const kinds = Object.fromEntries(KINDS.map((k) => [k, {
    failures: errors[k].length,
    errors: [...new Set(errors[k])].slice(0, 5),
    milestones: milestones(k),
  }])) as CallSetupResult["kinds"];
  // The primary series (definitions below), per round.
  const series = {
    a: raw.bare.connected ?? [],
    b: raw.e2ee.indicator ?? [],
    c: raw.standard.video ?? [],
    f: raw.floor.connected ?? [],
    u: raw.ungated.indicator ?? [],
  };
  const paired = (xs: (number | null)[], ys: (number | null)[]) => {
    const rs: number[] = [];
    for (let i = 0; i < Math.min(xs.length, ys.length); i++) if (xs[i] != null && ys[i]) rs.push(xs[i]! / ys[i]!);
    const q = quantile(rs, 0.5);
    return q === null ? null : round(q, 2);
  };
  const med = (k: Kind, m: string) => kinds[k].milestones[m]?.median ?? null;
  const vs = (x: keyof typeof series, y: keyof typeof series): Ratio => ({
    median: ratio(quantile(pick(series[x]), 0.5), quantile(pick(series[y]), 0.5)),
    p95: ratio(quantile(pick(series[x]), 0.95), quantile(pick(series[y]), 0.95)),
    pairedMedian: paired(series[x], series[y]),
  });
  const ba = vs("b", "a").median;
  const phases = (k: "e2ee" | "ungated" | "standard") =>
    Object.fromEntries(
      Object.entries(phaseSamples[k]).map(([l, xs]) => [l, round(quantile(xs, 0.5) ?? 0, 0)] as const).sort((x, y) =>
        x[1] - y[1]
      ),
    );
  return {
    bench: "call-setup",
    machine: mach,
    service: opts.service,
    setup:
      (opts.service === "inprocess"
        ? "One Node process: the service (startService, in-process: signaling, relay, media processor), four connected "
        : "The service in its own process (`shieldcall serve`: signaling, relay, media processor); in this " +
          "process four connected ") +
      "ReferencePeers (two E2EE users, two standard users; the callee answers on `incoming`) and the bare " +
      "wrtc pairs. " +
      `Rounds of bare/e2ee/standard in rotating order, ${opts.warmup} warm-up round(s) discarded, ` +
      `${SETTLE_MS} ms pause after each call's teardown. ` +
      "Loopback, no ICE servers; every side but the floor's sends complete SDP once its UDP " +
      "candidates are gathered (SPEC §4.3 TR2); the floor's bare pair trickles its candidates.",
    n: opts.n,
    warmup: opts.warmup,
    definitions: {
      a: 'bare: createOffer → both PeerConnections connectionState "connected" (same tracks and synthetic ' +
        "media as a peer, same gathering wait: complete SDP once the UDP candidates are gathered)",
      f: "floor: as bare, but with trickle ICE (SDP at once, candidates as found): the physical floor",
      b: "e2ee: place() → both ends state connected, indicator on and the 20-digit number shown",
      c: "standard: place() → both ends decoded a video frame sent by the other end (through the processor)",
      audio: "both ends' audio sinks delivered a frame (sinks fire on silence too)",
      video: "both ends decoded a synthetic video frame from the other end",
      digits: "both ends decoded a DTMF digit of the other end's synthetic speech",
      relayDrops: "datagrams the relay dropped as from an unknown source (TR4) in the call (E2EE calls)",
      cpuMs: "CPU time of the whole bench process (user + system, all threads) from the start until every " +
        "milestone was reached",
    },
    kinds,
    primary: Object.fromEntries(
      Object.entries(series).map(([k, xs]) => [k, summarize(pick(xs))]),
    ) as CallSetupResult["primary"],
    ratios: {
      "b/a": vs("b", "a"),
      "c/a": vs("c", "a"),
      "a/f": vs("a", "f"),
      "b/f": vs("b", "f"),
      "b/u": vs("b", "u"),
      likeForLike: {
        "e2ee.video/ungated.video": ratio(med("e2ee", "video"), med("ungated", "video")),
        "e2ee.digits/ungated.digits": ratio(med("e2ee", "digits"), med("ungated", "digits")),
        "e2ee.connected/bare.connected": ratio(med("e2ee", "connected"), med("bare", "connected")),
        "standard.connected/bare.connected": ratio(med("standard", "connected"), med("bare", "connected")),
        "e2ee.video/bare.video": ratio(med("e2ee", "video"), med("bare", "video")),
        "standard.video/bare.video": ratio(med("standard", "video"), med("bare", "video")),
        "standard.video/e2ee.video": ratio(med("standard", "video"), med("e2ee", "video")),
      },
    },
    target: { "b/a": 1.5, met: ba === null ? null : ba <= 1.5 },
    phases: { e2ee: phases("e2ee"), ungated: phases("ungated"), standard: phases("standard") },
    raw,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const fl = flags(process.argv.slice(2), ["n", "warmup", "service"]);
  const service = (fl.values.service ?? "inprocess") as "inprocess" | "process";
  if (service !== "inprocess" && service !== "process") {
    throw new RangeError(`--service must be "inprocess" or "process": got "${String(service)}"`);
  }
  const n = intFlag(fl, "n", fl.quick ? 5 : 30);
  const warmup = fl.values.warmup === undefined ? (fl.quick ? 1 : 2) : Number(fl.values.warmup);
  progress(`bench/call-setup: ${n} rounds of bare/floor/e2ee/ungated/standard (+${warmup} warm-up)…`);
  let code = 0;
  try {
    const r = await runCallSetup({ n, warmup, service });
    const name = ["call-setup", service === "process" ? "service-process" : ""].filter(Boolean).join("-");
    if (fl.write) progress(`wrote ${writeResult(name, r, fl.quick)}`);
    if (fl.json) console.log(JSON.stringify(r));
    else for (const l of formatCallSetup(r)) console.log(l);
  } catch (e) {
    console.error(`bench/call-setup: ${(e as Error).stack ?? e}`);
    code = 1;
  }
  process.exit(code); // docs/node-webrtc.md: a process that used wrtc tracks must exit explicitly
}
