/**
 * The results tree the conformance runner produces and every reporter reads (SPEC §12). Reporters are pure
 * functions from a RunResult to text; cases never format output.
 */

/**
 * A case's verdict (SPEC §12.2). `precondition-failed`, `timeout`, `crash` and `adapter-error` are failures kept apart
 * from `fail` (a set-up step before the case's own check failed, the implementation hung, an adapter exited, an
 * adapter broke the driver protocol); `not-run` marks a case the run did not reach (failed sanity call, interruption).
 */
export type Verdict =
  | "pass"
  | "fail"
  | "precondition-failed"
  | "skip"
  | "info"
  | "timeout"
  | "crash"
  | "adapter-error"
  | "not-run";

/** Every verdict, in the order reports list them. */
export const VERDICTS: readonly Verdict[] = [
  "pass",
  "fail",
  "precondition-failed",
  "timeout",
  "crash",
  "adapter-error",
  "skip",
  "not-run",
  "info",
];

/** The verdicts that count as a failure of the case (SPEC §12.5). */
export const FAILING_VERDICTS: readonly Verdict[] = [
  "fail",
  "precondition-failed",
  "timeout",
  "crash",
  "adapter-error",
];

/** True when `v` is a failing verdict (fail, precondition-failed, timeout, crash, adapter-error). */
export function isFailing(v: Verdict): boolean {
  return FAILING_VERDICTS.includes(v);
}
/** Requirement level of a case. */
export type Level = "MUST" | "SHOULD";

/** One line of a driver transcript: a JSON-RPC line sent to (->) or received from (<-) an adapter. */
export interface TranscriptLine {
  at: number;
  dir: "->" | "<-";
  line: string;
}

/** Evidence the harness collected while a case ran (SPEC §12.3). */
export interface Evidence {
  /** One entry per adapter process the case used (caller, callee, second device, third party…). */
  drivers: {
    role: string;
    command: string;
    transcript: TranscriptLine[];
    stderr: string;
    exit: { code: number | null; signal: string | null } | null;
  }[];
  /** Per call: the service's call log (timestamped transitions, adversary actions). */
  calls: {
    callId: string;
    log: { at: number; event: string; detail?: Record<string, unknown> }[];
    relay: unknown;
    processor: unknown;
    /** SPEC §13.11: the forwarder's counters and tap in a call of the SFrame profile (absent in other calls). */
    forwarder?: unknown;
    topology: string | null;
  }[];
  /** Adversary plan and actions, when the case armed one. */
  adversary: { mode: string; seed: number; actions: unknown[] } | null;
  /** Named timings in ms (e.g. setup, indicator-on). */
  timings: Record<string, number>;
  /** Free-form notes from verifiers. */
  notes: string[];
}

/** The result of one case. */
export interface CaseResult {
  id: string;
  clause: string;
  level: Level;
  title: string;
  requirement: string;
  tags: string[];
  /** SPEC §7, §13: the media profile of a case that tests one other than dtls-srtp. */
  profile?: "dtls-srtp" | "sframe";
  verdict: Verdict;
  /** Why: for fail, what differed; for skip, the precondition or unsupported method; for info, what was observed. */
  reason: string | null;
  expected?: unknown;
  actual?: unknown;
  /** For `precondition-failed`: the set-up that failed, in words shared by every case using it (SPEC §12.2). */
  rootCause?: string;
  startedAt: number;
  durationMs: number;
  evidence: Evidence;
  /** Listed in the --expect file as a known failure, with its reason. */
  known: { reason: string } | null;
  /** Verdict of each repeat when --repeat > 1. */
  repeats: Verdict[];
  /** The adversary seed the case ran with (`--seed`). */
  seed: number;
  /** For a case that did not pass: the command that runs it alone again with the same seed. */
  reproduce: string | null;
}

/** Precondition failures grouped by root cause, largest group first (SPEC §12.6: every report shows them). */
export function preconditionGroups(cases: readonly CaseResult[]): { rootCause: string; cases: string[] }[] {
  const m = new Map<string, string[]>();
  for (const c of cases) {
    if (c.verdict !== "precondition-failed") continue;
    const k = c.rootCause ?? "unnamed set-up";
    m.set(k, [...(m.get(k) ?? []), c.id]);
  }
  return [...m].map(([rootCause, ids]) => ({ rootCause, cases: ids })).sort((a, b) =>
    b.cases.length - a.cases.length || a.rootCause.localeCompare(b.rootCause)
  );
}

/** A sanity call before and after the run (SPEC §12.4). */
export interface SanityResult {
  ok: boolean;
  detail: string;
  durationMs: number;
  /** The last lines the adapters wrote to stderr, when the call failed. */
  stderr?: string;
  /** A driver method the implementation's adapter answered as unsupported (SPEC §7), which stopped the call. */
  unsupported?: string;
}

/** One cell of the opt-in matrix grid: (caller policy, caller setting, callee policy, callee setting). */
export interface MatrixCell {
  caseId: string;
  callerPolicy: "disabled" | "userControlled";
  callerSetting: boolean;
  calleePolicy: "disabled" | "userControlled";
  calleeSetting: boolean;
  /** Which side the implementation played. */
  implementationAs: "caller" | "callee";
  expectedE2EE: boolean;
  verdict: Verdict;
}

/** A whole run. */
export interface RunResult {
  tool: { name: string; version: string };
  implementation: { name: string; version: string; command: string };
  startedAt: number;
  finishedAt: number;
  durationMs: number;
  options: {
    strict: boolean;
    tags: string[];
    cases: string[];
    shard: string | null;
    repeat: number;
    jobs: number;
    skip?: string[];
    clauses?: string[];
    seed?: number | null;
  };
  sanity: { before: SanityResult | null; after: SanityResult | null };
  cases: CaseResult[];
  summary: Record<Verdict, number> & {
    total: number;
    mustFailed: number;
    knownFailures: number;
    unexpectedPasses: string[];
    unstable: string[];
    /** SPEC §12.5: cases skipped because the adapter does not declare their profile (§7); they fail no run. */
    profileSkipped?: number;
  };
  matrix: MatrixCell[];
  /**
   * The suite's own failures (SPEC §12.4): a reference counterpart, the service or the relay failed while a case ran;
   * the case ran again (bounded) and its verdict is from the last run. Never a verdict of the implementation.
   */
  suiteFailures?: { caseId: string; detail: string; reruns: number }[];
  /** Set when the run stopped early (SIGINT, SIGTERM): the cases it did not reach are `not-run`. */
  incomplete: { signal: string } | null;
  /**
   * The run's exit code (SPEC §12.5): 0 only when every selected MUST case passed; 1 when a case failed; 3 when the
   * harness or a sanity call failed; 130 / 143 when SIGINT / SIGTERM stopped it.
   */
  exitCode: number;
}

/** The result of `--mutants`: each mutant and the cases that killed it. */
export interface KillMatrix {
  mutants: {
    id: string;
    description: string;
    clause: string;
    killedBy: string[];
    survived: boolean;
    error: string | null;
  }[];
  clean: { failed: string[] };
  ok: boolean;
}
