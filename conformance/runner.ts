/**
 * The conformance runner (SPEC §12.4–§12.5): runs the selected cases against an implementation's adapter with
 * crash isolation, per-case timeouts, parallel jobs, repeats and known failures, between two sanity calls, and
 * produces the results tree the reporters read. It prints nothing itself.
 */
import type { Case } from "./case.ts";
import type { Expectations } from "./expect.ts";
import { Harness } from "./harness.ts";
import { again } from "./again.ts";
import { adapterPool } from "./pool.ts";
import { sanityCall } from "./sanity.ts";

export { sanityCall };
import { applies, caseProfile, isProfileSkip, profileSkipReason } from "./profiles.ts";
import { isFailing, VERDICTS } from "./results.ts";
import type { CaseResult, MatrixCell, RunResult, Verdict } from "./results.ts";
import type { ServiceProcess } from "./service_proc.ts";
import { DEFAULT_PROFILES, type MediaProfile } from "../src/protocol/mod.ts";
import {
  CaseInterrupted,
  CaseTimeout,
  describePending,
  outcomeOf,
  pendingRequests,
  unsupportedMethod,
} from "./verdict.ts";
import type { Outcome } from "./verdict.ts";

/** Options of one run. */
export interface RunnerOptions {
  cases: Case[];
  implCommand: string[];
  implLabel: string;
  implHello: { name: string; version: string };
  refCommand: string[];
  /** SPEC §7: the profiles the implementation's adapter declared in `hello` (absent: ["dtls-srtp"]). */
  implProfiles?: readonly MediaProfile[];
  /** SPEC §13.12: the counterpart of a case of another profile than dtls-srtp (sframe: the web client's adapter). */
  profileRefCommands?: Partial<Record<MediaProfile, string[]>>;
  /** Environment overrides of the implementation's adapters (conformance/impl_env.ts); none for the runner's own. */
  implEnv?: Record<string, string | undefined>;
  service: ServiceProcess;
  jobs: number;
  repeat: number;
  timeoutS: number;
  expectations: Expectations;
  options: RunResult["options"];
  tool: { name: string; version: string };
  /** `--seed`: the adversary seed of every case (default: each case's own, `seedOf(id)`). */
  seed?: number | null;
  /** The command that reruns one case alone with its seed (printed for every case that did not pass). */
  reproduce?: (c: Case, seed: number) => string;
  /** Aborting it stops the run: running cases are stopped, the rest are `not-run`; `reason` names the signal. */
  signal?: AbortSignal;
  /** Called when a case starts and when it ends (with its result). */
  onProgress?: (
    p: { index: number; total: number; elapsedMs: number; failures: number; current: string; verdict?: Verdict },
  ) => void;
}

/** FNV-1a of a string: a case's default adversary seed, stable across runs. */
export function seedOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Exit code of a run stopped by `signal` (128 + its number, as shells report it). */
export function signalExitCode(signal: string): number {
  return signal === "SIGINT" ? 130 : signal === "SIGTERM" ? 143 : signal === "SIGHUP" ? 129 : 130;
}

let runSeq = 0;
function tagFor(index: number, attempt: number): string {
  return `${(++runSeq).toString(36)}${index.toString(36)}r${attempt}${
    crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36).slice(0, 4)
  }`;
}

const signalName = (s: AbortSignal | undefined) => String(s?.reason ?? "SIGINT");

/** Runs one case once; never throws. */
export async function runCaseOnce(
  c: Case,
  o: Pick<
    RunnerOptions,
    "implCommand" | "refCommand" | "profileRefCommands" | "service" | "timeoutS" | "seed" | "signal" | "implEnv"
  >,
  index: number,
  attempt: number,
): Promise<Omit<CaseResult, "known" | "repeats" | "reproduce"> & { suiteFailure?: string }> {
  const seed = o.seed ?? seedOf(c.id);
  const h = new Harness({
    service: o.service,
    implCommand: o.implCommand,
    // SPEC §13.12: a case of the sframe profile meets a counterpart that implements it
    refCommand: c.profile && c.profile !== "dtls-srtp"
      ? o.profileRefCommands?.[c.profile] ?? o.refCommand
      : o.refCommand,
    tag: tagFor(index, attempt),
    seed,
    ...(o.implEnv ? { implEnv: o.implEnv } : {}),
  });
  const startedAt = Date.now();
  let outcome: Outcome = { verdict: "pass", reason: null };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  try {
    if (o.signal?.aborted) throw new CaseInterrupted(`Not run: the run was interrupted (${signalName(o.signal)})`);
    await Promise.race([
      c.run(h),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          h.abort();
          reject(new CaseTimeout());
        }, o.timeoutS * 1000);
        onAbort = () => {
          h.abort();
          reject(new CaseInterrupted(`Stopped: the run was interrupted (${signalName(o.signal)}) while this case ran`));
        };
        o.signal?.addEventListener("abort", onAbort, { once: true });
      }),
    ]);
  } catch (e) {
    outcome = outcomeOf(e, o.timeoutS);
  } finally {
    clearTimeout(timer);
    if (onAbort) o.signal?.removeEventListener("abort", onAbort);
  }
  const crash = h.crashed();
  const refCrash = h.crashedRefs()[0];
  const endedAt = Date.now();
  const evidence = await h.finish();
  // SPEC §12.2: a timeout and an adapter crash are their own verdicts, naming the request that was pending.
  if (outcome.verdict === "timeout" && outcome.reason?.startsWith("Timed out after")) {
    outcome.reason = `${outcome.reason}; ${describePending(pendingRequests(evidence, endedAt))}`;
  } else if (crash && ["fail", "precondition-failed", "pass", "info"].includes(outcome.verdict)) {
    const pending = pendingRequests(evidence, endedAt).filter((p) => p.role === crash.role);
    const during = pending.length ? ` while "${pending.map((p) => p.method).join('", "')}" was pending` : "";
    outcome = {
      verdict: "crash",
      reason: `Adapter ${crash.role} exited (code ${crash.code}, signal ${crash.signal})${during}${
        outcome.reason ? `: ${outcome.reason}` : ""
      }`,
    };
  } else if (outcome.verdict === "skip" && outcome.reason?.startsWith("The adapter does not support")) {
    const m = unsupportedMethod(evidence, "");
    if (m) outcome.reason = `The adapter answered "${m}" as unsupported (SPEC §7); this case needs it`;
  }
  const r: Omit<CaseResult, "known" | "repeats" | "reproduce"> = {
    id: c.id,
    clause: c.clause,
    level: c.level,
    title: c.title,
    requirement: c.requirement,
    tags: c.tags,
    ...(c.profile ? { profile: c.profile } : {}),
    verdict: outcome.verdict,
    reason: outcome.reason,
    startedAt,
    durationMs: Date.now() - startedAt,
    evidence,
    seed,
  };
  if (outcome.expected !== undefined) r.expected = outcome.expected;
  if (outcome.actual !== undefined) r.actual = outcome.actual;
  if (outcome.verdict === "precondition-failed" && outcome.rootCause) r.rootCause = outcome.rootCause;
  // SPEC §12.4: a crashed reference counterpart or a dead service is the suite's failure, whatever the verdict says.
  const suiteFailure = !o.service.alive()
    ? "the service process died"
    : refCrash && isFailing(outcome.verdict)
    ? `the reference counterpart ${refCrash.role} exited (code ${refCrash.code}, signal ${refCrash.signal})`
    : null;
  return suiteFailure ? { ...r, suiteFailure } : r;
}

/** A result for a case the run did not execute. */
function unrun(c: Case, verdict: "not-run" | "skip", reason: string, seed: number): CaseResult {
  return {
    id: c.id,
    clause: c.clause,
    level: c.level,
    title: c.title,
    requirement: c.requirement,
    tags: c.tags,
    ...(c.profile ? { profile: c.profile } : {}),
    verdict,
    reason,
    startedAt: Date.now(),
    durationMs: 0,
    evidence: { drivers: [], calls: [], adversary: null, timings: {}, notes: [] },
    known: null,
    repeats: [],
    seed,
    reproduce: null,
  };
}

/** How many times a case runs again after the suite's own failure (SPEC §12.4). */
export const SUITE_RERUNS = 2;

/**
 * SPEC §12.4: runs a case; when the suite failed under it (a reference counterpart crashed, the service died), runs it
 * again, at most SUITE_RERUNS times, and records the failure apart from the verdicts. A case the suite failed on every
 * time is `not-run` (the run's exit code is then 3, a harness failure), never a verdict on the implementation.
 */
async function runJudged(
  c: Case,
  o: RunnerOptions,
  i: number,
  k: number,
  log: NonNullable<RunResult["suiteFailures"]>,
): Promise<Omit<CaseResult, "known" | "repeats" | "reproduce">> {
  const run = await again(
    (rerun) => runCaseOnce(c, o, i, k + 100 * rerun),
    (x) => !!x.suiteFailure && o.service.alive() && !o.signal?.aborted,
    SUITE_RERUNS,
  );
  const { suiteFailure, ...r } = run.last;
  if (run.first.suiteFailure) log.push({ caseId: c.id, detail: run.first.suiteFailure, reruns: run.reruns });
  if (suiteFailure) {
    return { ...r, verdict: "not-run", reason: `Not judged: the suite failed on every run (${suiteFailure})` };
  }
  return r;
}

/** Runs the suite and returns the results tree. */
export async function runSuite(o: RunnerOptions): Promise<RunResult> {
  const startedAt = Date.now();
  const seedFor = (c: Case) => o.seed ?? seedOf(c.id);
  const before = o.signal?.aborted ? null : await sanityCall(o);
  const results: (CaseResult | undefined)[] = new Array(o.cases.length);
  const suiteFailures: NonNullable<RunResult["suiteFailures"]> = [];
  let done = 0;
  let failures = 0;
  // SPEC §12.4: hello and configure are what every case asks of the implementation first; an adapter that answers one
  // of them as unsupported (the unmodified template) gets every case skipped as unsupported without starting it.
  const allUnsupported = before?.unsupported === "hello" || before?.unsupported === "configure";
  const runCases = before !== null && (before.ok || (before.unsupported !== undefined && !allUnsupported));
  if (runCases) {
    let next = 0;
    const worker = async () => {
      while (next < o.cases.length && !o.signal?.aborted) {
        const i = next++;
        const c = o.cases[i]!;
        const progress = (verdict?: Verdict) =>
          o.onProgress?.({
            index: done,
            total: o.cases.length,
            elapsedMs: Date.now() - startedAt,
            failures,
            current: c.id,
            ...(verdict ? { verdict } : {}),
          });
        progress();
        // SPEC §7, §12.5: a case of a profile the adapter does not declare is skipped, visibly, and fails no run
        if (!applies(c, o.implProfiles ?? DEFAULT_PROFILES)) {
          results[i] = unrun(c, "skip", profileSkipReason(caseProfile(c)), seedFor(c));
          done++;
          progress("skip");
          continue;
        }
        const runs: Omit<CaseResult, "known" | "repeats" | "reproduce">[] = [];
        for (let k = 0; k < Math.max(1, o.repeat) && !(k > 0 && o.signal?.aborted); k++) {
          runs.push(await runJudged(c, o, i, k, suiteFailures));
        }
        const verdicts = runs.map((r) => r.verdict);
        const unstable = new Set(verdicts).size > 1 && !verdicts.includes("not-run");
        const shown = runs.find((r) => isFailing(r.verdict)) ?? runs[runs.length - 1]!;
        const res: CaseResult = { ...shown, known: null, repeats: o.repeat > 1 ? verdicts : [], reproduce: null };
        if (unstable) {
          res.verdict = "fail";
          res.reason = `Unstable across ${o.repeat} repeats (${verdicts.join(", ")})${
            shown.reason ? `: ${shown.reason}` : ""
          }`;
        }
        const known = o.expectations.get(c.id);
        if (known !== undefined) res.known = { reason: known };
        if (isFailing(res.verdict) || res.known) res.reproduce = o.reproduce?.(c, res.seed) ?? null;
        results[i] = res;
        done++;
        if (isFailing(res.verdict) && !res.known) failures++;
        progress(res.verdict);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(o.jobs, o.cases.length)) }, worker));
  }
  const interrupted = o.signal?.aborted ? signalName(o.signal) : null;
  const notReached = interrupted
    ? `Not run: the run was interrupted (${interrupted})`
    : allUnsupported
    ? `Skipped as unsupported: the adapter answered "${
      before!.unsupported
    }" as unsupported (SPEC §7), and every case needs it`
    : "Not run: the sanity call before the run failed (see the sanity section)";
  o.cases.forEach((c, i) => {
    if (!results[i]) results[i] = unrun(c, allUnsupported && !interrupted ? "skip" : "not-run", notReached, seedFor(c));
  });
  const after = runCases && !interrupted ? await sanityCall(o) : null;
  await adapterPool.close(); // SPEC §7 reset: the adapters kept for reuse are shut down with the run
  const cases = results as CaseResult[];
  const count = (v: Verdict) => cases.filter((c) => c.verdict === v).length;
  const unexpectedPasses = cases.filter((c) => c.known && c.verdict === "pass").map((c) => c.id);
  const unstable = cases.filter((c) => c.repeats.length > 1 && new Set(c.repeats).size > 1).map((c) => c.id);
  const mustFailed = cases.filter((c) => c.level === "MUST" && isFailing(c.verdict) && !c.known).length;
  const matrix: MatrixCell[] = [];
  for (const c of o.cases) {
    const r = cases.find((x) => x.id === c.id);
    if (c.matrix && r) matrix.push({ caseId: c.id, ...c.matrix, verdict: r.verdict });
  }
  // SPEC §12.5: exit 0 only when every selected MUST case passed — a skipped or unrun MUST case is not a pass; 3
  // when the harness or a sanity call failed (an adapter that answers the sanity call's methods as unsupported is not a
  // harness failure: its cases are skipped, exit 1); 130/143 when interrupted.
  const mustNotPassed =
    cases.filter((c) =>
      c.level === "MUST" && (c.verdict === "skip" || c.verdict === "not-run") && !c.known && !isProfileSkip(c)
    ).length;
  const suiteGaveUp = cases.some((c) => c.verdict === "not-run" && c.reason?.startsWith("Not judged: the suite"));
  const harnessFailed = (before !== null && !before.ok && before.unsupported === undefined) ||
    (after !== null && !after.ok && after.unsupported === undefined) || suiteGaveUp;
  // SPEC §12.5: a run in which no selected case applied to the implementation (all of an undeclared profile) tested
  // nothing, and is not a pass.
  const applied = cases.filter((c) => !isProfileSkip(c)).length;
  const ok = before !== null && (before.ok || before.unsupported !== undefined) && mustFailed === 0 &&
    mustNotPassed === 0 && unexpectedPasses.length === 0 && unstable.length === 0 && applied > 0;
  const finishedAt = Date.now();
  const summary = Object.fromEntries(VERDICTS.map((v) => [v, count(v)])) as Record<Verdict, number>;
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
      total: cases.length,
      ...summary,
      mustFailed,
      knownFailures: cases.filter((c) => c.known && isFailing(c.verdict)).length,
      unexpectedPasses,
      unstable,
      profileSkipped: cases.filter(isProfileSkip).length,
    },
    matrix,
    suiteFailures,
    incomplete: interrupted ? { signal: interrupted } : null,
    exitCode: interrupted ? signalExitCode(interrupted) : harnessFailed ? 3 : ok ? 0 : 1,
  };
}
