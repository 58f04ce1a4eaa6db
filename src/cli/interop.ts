/**
 * `shieldcall interop [--json]`: the interoperability matrix of the reference peer and the web client. Every ordered
 * pair of implementations (ref→ref, ref→web, web→ref, web→web) places, through one service, an E2EE call (equal
 * numbers, SPEC V2), a standard call through the media processor (media both ways, SPEC §4.4) and an E2EE call under
 * the `mitm` adversary (different numbers, SPEC §8); a pair whose implementations both declare the SFrame profile
 * (SPEC §7) also places an SFrame call through the forwarder, honest and under `mitm` (§13.11). Exit 0 only when
 * every cell that applies is green; a cell that does not apply reads `n/a`.
 */
import { type Party, settled } from "../driver/mod.ts";
import { speechFor } from "../media/mod.ts";
import type { CallState } from "../protocol/mod.ts";
import type { AdminClient } from "../service/mod.ts";
import { CallSession, grouped, hangUp, ring, watch } from "../../conformance/session.ts";
import { judgeCall } from "./call_verdict.ts";
import { implAlias } from "./web_peer.ts";

/** The implementations of the matrix. */
export const IMPLS = ["ref", "web"] as const;
/** The call kinds of the matrix. */
export const MODES = ["e2ee", "standard", "mitm", "sframe", "sframe-mitm"] as const;
/** SPEC §7, §13: the call kinds of the SFrame profile, run only where both implementations declare it. */
const SFRAME_MODES: readonly string[] = ["sframe", "sframe-mitm"];

/** One cell: a call from `caller` to `callee` of kind `mode`. */
export interface Cell {
  caller: (typeof IMPLS)[number];
  callee: (typeof IMPLS)[number];
  mode: (typeof MODES)[number];
  ok: boolean;
  /** What was seen (numbers, topology, digits) or why the cell is red. */
  detail: string;
  numbers: [string | null, string | null];
  ms: number;
}
type CellResult = Omit<Cell, "caller" | "callee" | "mode">;

/**
 * Starts an adapter of each implementation on each side ("ref-a", "ref-b", "web-a", "web-b"), signed in as users of
 * a new demo tenant (SPEC §3.3: userControlled).
 */
export async function startImpls(session: CallSession, tenant: string): Promise<Map<string, Party>> {
  const tag = Math.random().toString(36).slice(2, 8);
  const addUser = await session.admin.demoTenant(`${tenant}-${tag}`);
  const roles = new Map<string, Party>();
  await Promise.all(IMPLS.flatMap((impl) =>
    (["a", "b"] as const).map(async (side) => {
      const user = `${side === "a" ? "alice" : "bob"}-${impl}-${tag}`;
      const o = { timeoutMs: 30_000 };
      roles.set(
        `${impl}-${side}`,
        await session.party(`${impl}-${side}`, implAlias(impl)!, user, await addUser(user), o),
      );
    })
  ));
  return roles;
}

/**
 * Why a cell is red ("" when green): the call never showed what its kind is about (it ended or timed out), or it
 * showed an outcome other than the one SPEC §8 requires (the mitm module's, or the honest one; P4 for a standard
 * call), or a standard call offered no feature (§2.4).
 */
export function cellVerdict(mode: Cell["mode"], shows: boolean, cs: CallState, ks: CallState): string {
  if (!shows) {
    if (cs.state === "ended" || ks.state === "ended") return `call ended: ${cs.endReason ?? ks.endReason}`;
    return `timed out (caller heard "${cs.media.audio.digits.slice(-12)}", ` +
      `callee heard "${ks.media.audio.digits.slice(-12)}", indicators ${cs.e2ee.indicator}/${ks.e2ee.indicator})`;
  }
  const seen = (s: CallState) => ({ ...s.e2ee, state: s.state, endCode: s.endCode });
  const judged = judgeCall({
    mode: mode === "mitm" || mode === "sframe-mitm" ? "mitm" : null,
    expectedE2EE: mode !== "standard",
    topology: cs.topology,
    caller: seen(cs),
    callee: seen(ks),
    feature: null,
  })[0]!;
  if (!judged.ok) return judged.line;
  return mode === "standard" && cs.features.length === 0 ? "no feature offered in a standard call" : "";
}

/** Runs one call and judges it (SPEC V1, V2, §4.4, §8 mitm). */
async function runCell(admin: AdminClient, from: Party, to: Party, mode: Cell["mode"]): Promise<CellResult> {
  const t0 = Date.now();
  const [a, b] = [from.userId!, to.userId!];
  const e2ee = mode !== "standard";
  const mitm = mode === "mitm" || mode === "sframe-mitm";
  await Promise.all([admin.setting(a, e2ee), admin.setting(b, e2ee)]);
  if (mitm) await admin.adversary({ mode: "mitm", seed: 7, caller: a });
  // SPEC §13.10: an SFrame call is the caller's choice; the forwarder carries it (§13.11)
  const profile = SFRAME_MODES.includes(mode) ? "sframe" as const : undefined;
  const { callId, calleeId } = await ring(from, to, b, { answer: true, timeoutMs: 15_000, profile });
  const want = (s: CallState, other: string) =>
    s.media.audio.digits.includes(speechFor(other)) && s.media.video.decoded >= 5;
  let cs: CallState, ks: CallState;
  let shows = false;
  const deadline = Date.now() + 20_000;
  try {
    await Promise.all([
      from.until(callId, settled, 20_000, "connected"),
      to.until(calleeId, settled, 20_000, "connected"),
    ]);
    [cs, ks] = await watch(from, callId, to, calleeId, (cs, ks) => {
      // Judged once the call shows what its kind is about: numbers at both ends (heard both ways for an honest call),
      // media both ways through the processor for a standard one.
      const heard = want(cs, b) && want(ks, a);
      const numbers = cs.e2ee.number !== null && ks.e2ee.number !== null;
      shows = mode === "standard" ? cs.topology === "processor" && heard : numbers && (mitm || heard);
      return shows || cs.state === "ended" || ks.state === "ended" || Date.now() > deadline;
    });
  } finally {
    await hangUp(from, callId, to, calleeId);
  }
  const forwarded = profile === undefined || (cs.topology === "forwarder" && cs.profile === "sframe");
  const verdict = forwarded ? cellVerdict(mode, shows, cs, ks) : `not an SFrame call: topology ${cs.topology}`;
  const numbers: [string | null, string | null] = [cs.e2ee.number, ks.e2ee.number];
  const shown = numbers.map(grouped).join(" | ");
  const detail = verdict ||
    (mode === "standard" ? `processor, heard both ways, ${cs.features.length} features offered` : shown);
  return { ok: verdict === "", detail, numbers, ms: Date.now() - t0 };
}

/** Runs the matrix and resolves with the exit code (0 all green, 1 a red cell or a failure to run). */
export async function interopCommand(a: { json?: boolean }): Promise<number> {
  let svc: CallSession | null = null;
  const say = (s: string) => {
    if (!a.json) console.error(s);
  };
  // Half the matrix runs in Chromium: a missing browser is one line before anything starts.
  const noBrowser = await (await import("./web_peer.ts")).webPrerequisite();
  if (noBrowser) {
    console.error(`shieldcall interop: ${noBrowser}`);
    return 1;
  }
  try {
    svc = await CallSession.open("inprocess");
    const roles = await startImpls(svc, "interop");
    const cells: Cell[] = [];
    for (const caller of IMPLS) {
      for (const callee of IMPLS) {
        for (const mode of MODES) {
          // SPEC §7: SFrame cells only for a pair that both declare the profile
          const declared = (p: Party) => p.hello?.profiles?.includes("sframe") ?? false;
          if (
            SFRAME_MODES.includes(mode) && !(declared(roles.get(`${caller}-a`)!) && declared(roles.get(`${callee}-b`)!))
          ) {
            continue;
          }
          let r: CellResult;
          try {
            r = await runCell(svc.admin, roles.get(`${caller}-a`)!, roles.get(`${callee}-b`)!, mode);
          } catch (e) {
            r = { ok: false, detail: `failed: ${(e as Error)?.message ?? e}`, numbers: [null, null], ms: 0 };
          }
          cells.push({ caller, callee, mode, ...r });
          say(
            `${r.ok ? "✔" : "✘"} ${`${caller}→${callee}`.padEnd(8)} ${mode.padEnd(9)} ${r.detail}  (${
              (r.ms / 1000).toFixed(1)
            } s)`,
          );
        }
      }
    }
    const red = cells.filter((c) => !c.ok).length;
    if (a.json) console.log(JSON.stringify({ cells, red }, null, 2));
    else console.log(matrix(cells));
    return red === 0 ? 0 : 1;
  } catch (e) {
    console.error(`shieldcall interop: ${(e as Error)?.stack ?? e}`);
    return 1;
  } finally {
    await svc?.close();
  }
}

/** The matrix as text: rows caller→callee, columns the call kinds. */
export function matrix(cells: Cell[]): string {
  const lines = [`${"caller → callee".padEnd(16)}${MODES.map((m) => m.padEnd(12)).join("")}`];
  for (const caller of IMPLS) {
    for (const callee of IMPLS) {
      const row = MODES.map((m) => {
        const c = cells.find((x) => x.caller === caller && x.callee === callee && x.mode === m);
        return (c ? (c.ok ? "green" : "RED") : "n/a").padEnd(12);
      });
      lines.push(`${`${caller} → ${callee}`.padEnd(16)}${row.join("")}`);
    }
  }
  const red = cells.filter((c) => !c.ok).length;
  lines.push(red === 0 ? "all green" : `${red} red cell${red === 1 ? "" : "s"}`);
  return lines.join("\n");
}
