/**
 * `shieldcall call`: a demo call between two reference peers (each a driver adapter in its own process) through a
 * service started in-process (or `--service`). Prints what each side shows, the topology, media counters and the
 * adversary's actions (SPEC §2.2, §4.2, §8). With `--feature` a call-control feature (SPEC §4.5) is exercised with
 * a third user (`--to`, default carol) or a second device of the caller as it needs, and the report says who hears whom
 * afterwards (from the digits each party decoded, SPEC §11.1).
 */
import { speechFor } from "../media/mod.ts";
import { randomCallId } from "../peer/mod.ts";
import { type Party, referenceAdapterCommand, settled } from "../driver/mod.ts";
import type { CallEvidence } from "../service/mod.ts";
import { CallSession, ring, watch } from "../../conformance/session.ts";
import type { CallState } from "../protocol/mod.ts";
import { judgeCall, requiresEnd, wireMedia } from "./call_verdict.ts";
import { CONTROL, controlReport, requestFeature } from "./call_control.ts";
import type { ControlReport } from "./call_control.ts";
import { callUsers, startAs, viaAdmin } from "./call_users.ts";
import { sideLine, topologyLine } from "./_call_text.ts";
import type { UsersArgs } from "./call_users.ts";
import type { CallVerdict } from "./call_verdict.ts";

/** Options of `shieldcall call` (help text: src/cli/commands.ts); the users' options are UsersArgs. */
export interface CallArgs extends UsersArgs {
  adversary?: string;
  seed: number;
  duration: number;
  json: boolean;
  $given?: ReadonlySet<string>;
}

/** The combinations of options `call` refuses before it starts anything; null when they fit together. */
export function callUsageProblem(a: CallArgs): string | null {
  const given = a.$given ?? new Set<string>();
  if ((a.as === undefined) !== (a.to === undefined)) {
    return "--as and --to go together: the calling and the called user";
  }
  if (a.as !== undefined && !a.service) {
    return "--as and --to name existing users of a running service: give --service URL";
  }
  if (a.as !== undefined && a.as === a.to) return `--as and --to name the same user "${a.as}"`;
  if (a.asToken !== undefined && a.as === undefined) return "--as-token needs --as";
  if (a.toToken !== undefined && a.to === undefined) return "--to-token needs --to";
  if (a.as !== undefined && given.has("e2ee")) {
    return "--e2ee/--no-e2ee set the demo users' setting; with --as/--to the users' own settings apply " +
      "(shieldcall admin setting set USER on|off)";
  }
  if (a.adminToken !== undefined && !a.service) return "--admin-token is for the admin API of --service";
  if (a.third !== undefined && !a.feature) return "--third needs --feature";
  if (a.adversary?.startsWith("sframe-")) {
    // SPEC §13.12: the reference peer cannot seal encoded frames, so its calls are never of the SFrame profile
    return `--adversary ${a.adversary} alters SFrame calls, which the reference peers of \`call\` cannot make ` +
      "(SPEC §13.12); the conformance suite runs it against an implementation that declares the sframe profile";
  }
  return null;
}

/** The JSON `shieldcall call --json` prints. */
export interface CallReport {
  callId: string;
  caller: SideReport;
  callee: SideReport;
  topology: string | null;
  numbersMatch: boolean | null;
  /**
   * SPEC §8 / §2.4: whether the outcome is the one required for the mode (and the feature); the exit code follows it.
   */
  verdicts: CallVerdict[];
  media: { relay: unknown; processor: unknown };
  adversary: { mode: string; seed: number; actions: unknown[] } | null;
  feature: { name: string; ok: boolean; code: string | null; result: unknown } | null;
  /** SPEC §4.5: after a call-control feature, every party's calls and whom it hears since the feature ran. */
  control: ControlReport | null;
  log: { at: number; event: string; detail?: Record<string, unknown> }[];
}

/** One side: what it showed while the call ran (V1), and how it ended. */
export interface SideReport extends Pick<CallState, "state" | "endReason" | "endCode" | "features" | "media"> {
  user: string;
  /** The digits this side speaks (SPEC §11.1), to compare with what the other side heard. */
  spoke: string;
  indicator: boolean;
  number: string | null;
}

function side(user: string, s: CallState, shown: { indicator: boolean; number: string | null }): SideReport {
  const { state, endReason, endCode, features, media } = s;
  return { user, spoke: speechFor(user), ...shown, state, endReason, endCode, features, media };
}

/**
 * Runs the call and resolves with the exit code: 0 when the outcome is the one SPEC §8 requires for the mode (and
 * §2.4 for a feature), 1 when it is not or the call could not be made, 2 for options that do not fit together.
 */
export async function callCommand(a: CallArgs): Promise<number> {
  const usage = callUsageProblem(a);
  if (usage) {
    console.error(`shieldcall call: ${usage} (run "shieldcall call --help" for usage)`);
    return 2;
  }
  let svc: CallSession | null = null;
  const say = (s: string) => {
    if (!a.json) console.error(s);
  };
  try {
    const session = svc = await CallSession.open(
      a.service ? { url: a.service, adminToken: a.adminToken } : "inprocess",
    );
    const { signalUrl, admin } = session;
    const tag = randomCallId().slice(0, 6).replace(/[^A-Za-z0-9]/g, "x");
    const f = a.feature;
    const cu = await callUsers(admin, a, tag);
    const { caller: alice, callee: bob, third, expectedE2EE } = cu;
    say(`service ${signalUrl}; ${cu.summary}${a.adversary ? `; adversary ${a.adversary} seed ${a.seed}` : ""}`);
    if (a.adversary) {
      await viaAdmin(admin, a, () => admin.adversary({ mode: a.adversary as never, seed: a.seed, caller: alice }));
    }
    if (f === "voicemail") await admin.callControl(bob, { voicemail: true });
    if (f === "simultaneous-ring" && third) await admin.callControl(bob, { simultaneousRing: third });

    const start = (label: string, user: string, device?: string) =>
      startAs(cu, user, (token) => session.party(label, referenceAdapterCommand(), user, token, { device }));
    const [caller, callee, ...extra] = await Promise.all([
      start("caller", alice),
      start("callee", bob),
      ...(third ? [start(a.third ?? "carol", third)] : []),
      ...(f === "companion" || f === "device-transfer" ? [start("caller-2", alice, "second")] : []),
    ]) as [Party, Party, ...Party[]];
    const users = new Map<Party, string>([caller, callee, ...extra].map((p) => [p, p.userId!]));
    const known = new Map<Party, Set<string>>([...users.keys()].map((p) => [p, new Set<string>()]));
    const { callId, calleeId } = await ring(caller, callee, bob);
    known.get(caller)!.add(callId);
    known.get(callee)!.add(calleeId);
    if (f === "voicemail") {
      await callee.decline(calleeId);
      say(`call ${callId}: ${alice} → ${bob}, declined`);
    } else if (f === "simultaneous-ring" && third) {
      const t = extra[0]!;
      const got = await t.incoming(5_000).catch(() => null);
      if (got) {
        known.get(t)!.add(got.callId);
        await t.answer(got.callId);
        say(`call ${callId}: ${alice} → ${bob}, answered by ${third} (simultaneous ring)`);
      } else {
        await callee.answer(calleeId);
        say(`call ${callId}: ${alice} → ${bob}, ${third} was not rung; answered by ${bob}`);
      }
    } else {
      await callee.answer(calleeId);
      say(`call ${callId}: ${alice} → ${bob}, answered`);
    }
    await caller.until(callId, settled, 20_000, "connected");
    if (f !== "voicemail" && f !== "simultaneous-ring") await callee.until(calleeId, settled, 20_000, "connected");
    // From here on every party answers what rings (transfer targets, ring-backs, companions), and remembers the call.
    let answering = true;
    const answerLoops = [...users.keys()].map(async (p) => {
      while (answering) {
        const i = await p.incoming(500).catch(() => null);
        if (!i || !answering) continue;
        known.get(p)!.add(i.callId);
        await p.answer(i.callId).catch(() => {});
      }
    });
    // What each side shows while the call runs (V1): sampled during the call, not after hang-up.
    const none = { indicator: false, number: null as string | null };
    const shown = { caller: none, callee: none };
    let feature: CallReport["feature"] = null;
    const marks = new Map<string, number>();
    // SPEC §8: a mode that requires a side to end (the confirmation deadline is 10 s) is watched until both ended.
    const mustEnd = requiresEnd(a.adversary ?? null, a.seed);
    let until = Date.now() + Math.max(a.duration, mustEnd ? 16 : 0) * 1000;
    let asked = false;
    await watch(caller, callId, callee, calleeId, async (cs, ks) => {
      if (cs.e2ee.indicator) shown.caller = { ...cs.e2ee };
      if (ks.e2ee.indicator) shown.callee = { ...ks.e2ee };
      // A call-control feature waits until the call is heard (so the report shows media before and after it).
      const heard = !(f && CONTROL.has(f)) || cs.media.audio.digits.length > 0 || Date.now() > until - 1000;
      if (f && !asked && cs.state === "connected" && heard) {
        asked = true;
        for (const [p, ids] of known) {
          for (const id of ids) marks.set(`${p.label}/${id}`, (await p.state(id)).media.audio.digits.length);
        }
        const standardCallee = cs.topology === "relay" ? null : bob;
        try {
          const r = await requestFeature(f, caller, callId, extra[0] ?? null, third, known, a.third, standardCallee);
          feature = { name: f, ok: true, code: null, result: r ?? null };
        } catch (e) {
          feature = {
            name: f,
            ok: false,
            code: (e as { code?: string }).code ?? "INTERNAL",
            result: (e as Error).message,
          };
        }
        // After a call-control feature, --duration seconds again, so the report shows who hears whom after it.
        if (CONTROL.has(f)) until = Date.now() + a.duration * 1000;
      }
      return (cs.state === "ended" && (!mustEnd || ks.state === "ended") && !(f && CONTROL.has(f))) ||
        Date.now() >= until;
    });
    answering = false;
    await Promise.all(answerLoops);
    if (f && !asked) {
      const end = (await caller.state(callId)).endReason ?? "before it connected";
      feature = { name: f, ok: false, code: null, result: `Not performed: the call ended (${end})` };
    }
    const control = f && CONTROL.has(f) ? await controlReport(users, known, marks, admin, bob) : null;
    const [cs, ks] = await Promise.all([caller.state(callId), callee.state(calleeId)]);
    if (cs.state !== "ended") await caller.hangup(callId).catch(() => {});
    if (control) {
      for (const [p, ids] of known) {
        for (const id of ids) if (!(p === caller && id === callId)) await p.hangup(id).catch(() => {});
      }
    }
    await new Promise((r) => setTimeout(r, 300));
    // SPEC §4.5 (CC10): a voicemail message is filed once the caller hung up.
    if (control && f === "voicemail") {
      for (let i = 0; i < 20 && control.voicemails.length === 0; i++) {
        control.voicemails = await admin.voicemails(bob).catch(() => []);
        if (control.voicemails.length === 0) await new Promise((r) => setTimeout(r, 100));
      }
    }
    let rec: CallEvidence = await admin.call(callId);
    // SPEC §4.4 (MP7, MP9): a recording or transcript is written when the call ends; give the files a moment.
    const writes = feature?.ok && (f === "recording" || f === "transcription");
    for (let i = 0; writes && i < 30 && !rec.log.some((e) => e.event === "feature-outputs"); i++) {
      await new Promise((r) => setTimeout(r, 100));
      rec = await admin.call(callId);
    }
    const callerSide = side(alice, cs, shown.caller);
    const calleeSide = side(bob, ks, shown.callee);
    const report: CallReport = {
      callId,
      caller: callerSide,
      callee: calleeSide,
      topology: rec.topology,
      numbersMatch: shown.caller.number && shown.callee.number ? shown.caller.number === shown.callee.number : null,
      verdicts: judgeCall({
        mode: a.adversary ?? null,
        seed: a.seed,
        wireMedia: wireMedia(rec.evidence.relay),
        expectedE2EE,
        topology: rec.topology,
        caller: callerSide,
        callee: calleeSide,
        feature,
      }),
      media: rec.evidence,
      adversary: rec.adversary,
      feature,
      control,
      log: rec.log,
    };
    if (a.json) {
      console.log(JSON.stringify(report));
    } else {
      console.log(topologyLine(report));
      console.log(sideLine("caller", report.caller, report.callee));
      console.log(sideLine("callee", report.callee, report.caller));
      if (report.numbersMatch !== null) {
        console.log(`numbers ${report.numbersMatch ? "MATCH" : "DIFFER — the call is intercepted"}`);
      }
      if (feature) {
        console.log(
          `feature ${feature.name}: ${feature.ok ? `ok ${JSON.stringify(feature.result)}` : `refused ${feature.code}`}`,
        );
      }
      for (const [name, p] of Object.entries(control?.parties ?? {})) {
        const calls = p.calls.map((c) =>
          `${c.state}${c.endReason ? ` (${c.endReason})` : ` with ${c.members.join(", ")}`}`
        ).join("; ");
        console.log(
          `  ${name.padEnd(8)} ${p.user.padEnd(14)} hears ${p.hears.length ? p.hears.join(", ") : "nobody"}   calls: ${
            calls || "none"
          }`,
        );
      }
      if (control?.voicemails.length) console.log(`  voicemail for ${bob}: ${control.voicemails.length} message(s)`);
      for (const v of report.verdicts) console.log(`verdict ${v.line}`);
    }
    return report.verdicts.every((v) => v.ok) ? 0 : 1;
  } catch (e) {
    console.error(`shieldcall call: ${(e as Error).message}`);
    for (const p of svc?.parties ?? []) {
      if (p.client.stderr) console.error(`--- ${p.label} stderr ---\n${p.client.stderr.slice(-2000)}`);
    }
    return 1;
  } finally {
    await svc?.close();
  }
}
