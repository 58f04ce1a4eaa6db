/**
 * `shieldcall call`: a demo call between two reference peers (each a driver adapter in its own process) through a
 * service started in-process (or `--service`). Prints what each side shows, the topology, media counters and the
 * adversary's actions (SPEC §2.2, §4.2, §8).
 */
import { randomCallId } from "../peer/mod.ts";
import { Party, referenceAdapterCommand, settled } from "../driver/mod.ts";
import { AdminClient } from "../service/mod.ts";
import type { CallEvidence, RunningService } from "../service/mod.ts";
import type { CallState } from "../protocol/mod.ts";

/** Options of `shieldcall call`. */
export interface CallArgs {
  e2ee: boolean;
  adversary?: string;
  seed: number;
  duration: number;
  service?: string;
  adminToken?: string;
  feature?: string;
  to?: string;
  json: boolean;
}

/** The JSON `shieldcall call --json` prints. */
export interface CallReport {
  callId: string;
  caller: SideReport;
  callee: SideReport;
  topology: string | null;
  numbersMatch: boolean | null;
  media: { relay: unknown; processor: unknown };
  adversary: { mode: string; seed: number; actions: unknown[] } | null;
  feature: { name: string; ok: boolean; code: string | null; result: unknown } | null;
  log: { at: number; event: string; detail?: Record<string, unknown> }[];
}
interface SideReport {
  user: string;
  indicator: boolean;
  number: string | null;
  state: string;
  endReason: string | null;
  endCode: string | null;
  features: string[];
  media: CallState["media"];
}

function side(user: string, s: CallState, shown: { indicator: boolean; number: string | null }): SideReport {
  return { user, indicator: shown.indicator, number: shown.number, state: s.state, endReason: s.endReason, endCode: s.endCode, features: s.features, media: s.media };
}

const group = (n: string | null) => (n ? n.replace(/(\d{5})(?=\d)/g, "$1 ") : "—");

/** Runs the demo call and resolves with the exit code (0 when the call ran; 1 on a harness failure). */
export async function callCommand(a: CallArgs): Promise<number> {
  let svc: RunningService | null = null;
  const parties: Party[] = [];
  const say = (s: string) => { if (!a.json) console.error(s); };
  try {
    let signalUrl: string;
    let admin: AdminClient;
    if (a.service) {
      const base = a.service.replace(/^ws/, "http").replace(/\/(signal|admin)\/?$/, "");
      signalUrl = base.replace(/^http/, "ws") + "/signal";
      admin = new AdminClient(base + "/admin", a.adminToken);
    } else {
      const { startService } = await import("../service/mod.ts");
      svc = await startService({ port: 0 });
      signalUrl = svc.signalUrl;
      admin = new AdminClient(svc.adminUrl);
    }
    const tag = randomCallId().slice(0, 6).replace(/[^A-Za-z0-9]/g, "x");
    const tenant = `demo-${tag}`;
    const alice = `alice-${tag}`;
    const bob = `bob-${tag}`;
    await admin.tenant(tenant, "userControlled");
    const tokens = { [alice]: await admin.user(tenant, alice), [bob]: await admin.user(tenant, bob) };
    if (a.e2ee) {
      await admin.setting(alice, true);
      await admin.setting(bob, true);
    }
    if (a.adversary) await admin.adversary({ mode: a.adversary as never, seed: a.seed, caller: alice });
    say(`service ${signalUrl}; tenant ${tenant} (userControlled); E2EE setting ${a.e2ee ? "on" : "off"} for both users${a.adversary ? `; adversary ${a.adversary} seed ${a.seed}` : ""}`);

    const caller = new Party("caller", referenceAdapterCommand());
    const callee = new Party("callee", referenceAdapterCommand());
    parties.push(caller, callee);
    await Promise.all([
      caller.start({ serviceUrl: signalUrl, user: alice, token: tokens[alice]! }),
      callee.start({ serviceUrl: signalUrl, user: bob, token: tokens[bob]! }),
    ]);
    const callId = await caller.place(bob);
    const inc = await callee.incoming(10_000);
    await callee.answer(inc.callId);
    say(`call ${callId}: ${alice} → ${bob}, answered`);
    await Promise.all([caller.until(callId, settled, 20_000, "connected"), callee.until(callId, settled, 20_000, "connected")]);
    // What each side shows while the call runs (V1): sampled during the call, not after hang-up.
    const shown = { caller: { indicator: false, number: null as string | null }, callee: { indicator: false, number: null as string | null } };
    let feature: CallReport["feature"] = null;
    const until = Date.now() + a.duration * 1000;
    let asked = false;
    while (Date.now() < until) {
      const [cs, ks] = await Promise.all([caller.state(callId), callee.state(callId)]);
      if (cs.e2ee.indicator) shown.caller = { ...cs.e2ee };
      if (ks.e2ee.indicator) shown.callee = { ...ks.e2ee };
      if (a.feature && !asked && cs.state === "connected") {
        asked = true;
        try {
          const r = await caller.feature(callId, a.feature, a.to ? { to: a.to } : undefined);
          feature = { name: a.feature, ok: true, code: null, result: r.result ?? null };
        } catch (e) {
          feature = { name: a.feature, ok: false, code: (e as { code?: string }).code ?? "INTERNAL", result: (e as Error).message };
        }
      }
      if (cs.state === "ended" || ks.state === "ended") break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const [cs, ks] = await Promise.all([caller.state(callId), callee.state(callId)]);
    if (cs.state !== "ended") await caller.hangup(callId).catch(() => {});
    await new Promise((r) => setTimeout(r, 300));
    const rec: CallEvidence = await admin.call(callId);
    const report: CallReport = {
      callId,
      caller: side(alice, cs, shown.caller),
      callee: side(bob, ks, shown.callee),
      topology: rec.topology,
      numbersMatch: shown.caller.number && shown.callee.number ? shown.caller.number === shown.callee.number : null,
      media: rec.evidence,
      adversary: rec.adversary,
      feature,
      log: rec.log,
    };
    if (a.json) {
      console.log(JSON.stringify(report));
    } else {
      const line = (n: string, s: SideReport) =>
        `  ${n.padEnd(7)} ${s.user.padEnd(14)} indicator ${s.indicator ? "ON " : "off"}  number ${group(s.number).padEnd(23)}  heard "${s.media.audio.digits.slice(-12)}"  video ${s.media.video.decoded} frames${s.endCode ? `  ended: ${s.endCode}` : ""}`;
      console.log(`topology: ${report.topology}${report.adversary ? `   adversary: ${report.adversary.mode} (${report.adversary.actions.length} actions)` : ""}`);
      console.log(line("caller", report.caller));
      console.log(line("callee", report.callee));
      if (report.numbersMatch !== null) console.log(`numbers ${report.numbersMatch ? "MATCH" : "DIFFER — the call is intercepted"}`);
      if (feature) console.log(`feature ${feature.name}: ${feature.ok ? "ok" : `refused ${feature.code}`}`);
    }
    return 0;
  } catch (e) {
    console.error(`shieldcall call: ${(e as Error).message}`);
    for (const p of parties) if (p.client.stderr) console.error(`--- ${p.label} stderr ---\n${p.client.stderr.slice(-2000)}`);
    return 1;
  } finally {
    await Promise.all(parties.map((p) => p.stop().catch(() => {})));
    if (svc) await svc.close();
  }
}
