/**
 * The conformance runner (SPEC §12.4–§12.5): runs the selected cases against an implementation's adapter with
 * crash isolation, per-case timeouts, parallel jobs, repeats and known failures, between two sanity calls, and
 * produces the results tree the reporters read. It prints nothing itself.
 */
import { DriverError } from "../src/driver/mod.ts";
import { CaseFailure, CaseInfo, CaseSkip } from "./case.ts";
import type { Case } from "./case.ts";
import type { Expectations } from "./expect.ts";
import { Harness } from "./harness.ts";
import type { CaseResult, MatrixCell, RunResult, SanityResult, Verdict } from "./results.ts";
import type { ServiceProcess } from "./service_proc.ts";

/** Options of one run. */
export interface RunnerOptions {
  cases: Case[];
  implCommand: string[];
  implLabel: string;
  implHello: { name: string; version: string };
  refCommand: string[];
  service: ServiceProcess;
  jobs: number;
  repeat: number;
  timeoutS: number;
  expectations: Expectations;
  options: RunResult["options"];
  tool: { name: string; version: string };
  /** Called when a case starts and when it ends (with its result). */
  onProgress?: (p: { index: number; total: number; elapsedMs: number; failures: number; current: string; verdict?: Verdict }) => void;
}

/** FNV-1a of a string: a case's default adversary seed, stable across runs. */
export function seedOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

let runSeq = 0;
function tagFor(index: number, attempt: number): string {
  return `${(++runSeq).toString(36)}${index.toString(36)}r${attempt}${crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36).slice(0, 4)}`;
}

class CaseTimeout extends Error {}

/** Runs one case once; never throws. */
export async function runCaseOnce(c: Case, o: Pick<RunnerOptions, "implCommand" | "refCommand" | "service" | "timeoutS">, index: number, attempt: number): Promise<Omit<CaseResult, "known" | "repeats">> {
  const h = new Harness({ service: o.service, implCommand: o.implCommand, refCommand: o.refCommand, tag: tagFor(index, attempt), seed: seedOf(c.id) });
  const startedAt = Date.now();
  let verdict: Verdict = "pass";
  let reason: string | null = null;
  let expected: unknown;
  let actual: unknown;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      c.run(h),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          h.abort();
          reject(new CaseTimeout(`Timed out after ${o.timeoutS} s`));
        }, o.timeoutS * 1000);
      }),
    ]);
  } catch (e) {
    if (e instanceof CaseSkip) {
      verdict = "skip";
      reason = e.message;
    } else if (e instanceof CaseInfo) {
      verdict = "info";
      reason = e.message;
    } else if (e instanceof CaseFailure) {
      verdict = "fail";
      reason = e.message;
      expected = e.expected;
      actual = e.actual;
    } else if (e instanceof DriverError && e.code === "DRIVER_UNSUPPORTED") {
      verdict = "skip";
      reason = `The adapter does not support a method this case needs: ${e.message}`;
    } else {
      verdict = "fail";
      reason = (e as Error)?.message ?? String(e);
    }
  } finally {
    clearTimeout(timer);
  }
  const crash = h.crashed();
  if (crash && verdict !== "skip") {
    verdict = "fail";
    reason = `Adapter ${crash.role} exited (code ${crash.code}, signal ${crash.signal})${reason ? `: ${reason}` : ""}`;
  }
  const evidence = await h.finish();
  const r: Omit<CaseResult, "known" | "repeats"> = {
    id: c.id, clause: c.clause, level: c.level, title: c.title, requirement: c.requirement, tags: c.tags,
    verdict, reason, startedAt, durationMs: Date.now() - startedAt, evidence,
  };
  if (expected !== undefined) r.expected = expected;
  if (actual !== undefined) r.actual = actual;
  return r;
}

/** The sanity call (SPEC §12.4): the implementation calls a reference peer in a standard call and both connect. */
export async function sanityCall(o: Pick<RunnerOptions, "implCommand" | "refCommand" | "service">): Promise<SanityResult> {
  const t0 = Date.now();
  const c: Case = {
    id: "sanity.call", clause: "§12.4", level: "MUST", title: "Sanity call", tags: ["sanity"],
    requirement: "A standard call between the implementation and a reference peer connects",
    async run(h) {
      await h.tenant({ global: "disabled", users: { a: {}, b: {} } });
      const a = await h.impl("a");
      const b = await h.ref("b");
      const call = await h.call(a, b);
      if (call.caller.state !== "connected" || call.callee.state !== "connected") {
        throw new CaseFailure("The sanity call did not connect", "connected", [call.caller.state, call.callee.state]);
      }
      await a.hangup(call.id);
    },
  };
  const r = await runCaseOnce(c, { ...o, timeoutS: 60 }, 0, 0);
  const alive = o.service.alive();
  return {
    ok: r.verdict === "pass" && alive,
    detail: !alive ? "The service process is not running" : r.verdict === "pass" ? "standard call connected" : `${r.reason}${r.evidence.drivers.map((d) => d.stderr ? `\n[${d.role} stderr] ${d.stderr.slice(-800)}` : "").join("")}`,
    durationMs: Date.now() - t0,
  };
}

/** Runs the suite and returns the results tree. */
export async function runSuite(o: RunnerOptions): Promise<RunResult> {
  const startedAt = Date.now();
  const before = await sanityCall(o);
  const results: CaseResult[] = new Array(o.cases.length);
  let done = 0;
  let failures = 0;
  if (before.ok) {
    let next = 0;
    const worker = async () => {
      while (next < o.cases.length) {
        const i = next++;
        const c = o.cases[i]!;
        o.onProgress?.({ index: done, total: o.cases.length, elapsedMs: Date.now() - startedAt, failures, current: c.id });
        const runs: Omit<CaseResult, "known" | "repeats">[] = [];
        for (let k = 0; k < Math.max(1, o.repeat); k++) runs.push(await runCaseOnce(c, o, i, k));
        const verdicts = runs.map((r) => r.verdict);
        const unstable = new Set(verdicts).size > 1;
        const shown = runs.find((r) => r.verdict === "fail") ?? runs[runs.length - 1]!;
        const res: CaseResult = { ...shown, known: null, repeats: o.repeat > 1 ? verdicts : [] };
        if (unstable) {
          res.verdict = "fail";
          res.reason = `Unstable across ${o.repeat} repeats (${verdicts.join(", ")})${shown.reason ? `: ${shown.reason}` : ""}`;
        }
        const known = o.expectations.get(c.id);
        if (known !== undefined) res.known = { reason: known };
        results[i] = res;
        done++;
        if (res.verdict === "fail" && !res.known) failures++;
        o.onProgress?.({ index: done, total: o.cases.length, elapsedMs: Date.now() - startedAt, failures, current: c.id, verdict: res.verdict });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(o.jobs, o.cases.length)) }, worker));
  }
  const after = before.ok ? await sanityCall(o) : null;
  const cases = results.filter(Boolean);
  const count = (v: Verdict) => cases.filter((c) => c.verdict === v).length;
  const unexpectedPasses = cases.filter((c) => c.known && c.verdict === "pass").map((c) => c.id);
  const unstable = cases.filter((c) => c.repeats.length > 1 && new Set(c.repeats).size > 1).map((c) => c.id);
  const mustFailed = cases.filter((c) => c.level === "MUST" && c.verdict === "fail" && !c.known).length;
  const matrix: MatrixCell[] = [];
  for (const c of o.cases) {
    const r = cases.find((x) => x.id === c.id);
    if (c.matrix && r) matrix.push({ caseId: c.id, ...c.matrix, verdict: r.verdict });
  }
  // SPEC §12.5: exit 0 only when every selected MUST case passed — a skipped MUST case is not a pass.
  const mustSkipped = cases.filter((c) => c.level === "MUST" && c.verdict === "skip" && !c.known).length;
  const ok = before.ok && (after?.ok ?? false) && mustFailed === 0 && mustSkipped === 0 && unexpectedPasses.length === 0 && unstable.length === 0;
  const finishedAt = Date.now();
  return {
    tool: o.tool,
    implementation: { name: o.implHello.name, version: o.implHello.version, command: o.implLabel },
    startedAt,
    finishedAt,
    durationMs: finishedAt - startedAt,
    options: o.options,
    sanity: { before, after },
    cases,
    summary: {
      total: cases.length, pass: count("pass"), fail: count("fail"), skip: count("skip"), info: count("info"),
      mustFailed, knownFailures: cases.filter((c) => c.known && c.verdict === "fail").length, unexpectedPasses, unstable,
    },
    matrix,
    exitCode: ok ? 0 : 1,
  };
}
