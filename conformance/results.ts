/**
 * The results tree the conformance runner produces and every reporter reads (SPEC §12). Reporters are pure
 * functions from a RunResult to text; cases never format output.
 */

/** A case's verdict (SPEC §12.2). */
export type Verdict = "pass" | "fail" | "skip" | "info";
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
  drivers: { role: string; command: string; transcript: TranscriptLine[]; stderr: string; exit: { code: number | null; signal: string | null } | null }[];
  /** Per call: the service's call log (timestamped transitions, adversary actions). */
  calls: { callId: string; log: { at: number; event: string; detail?: Record<string, unknown> }[]; relay: unknown; processor: unknown; topology: string | null }[];
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
  verdict: Verdict;
  /** Why: for fail, what differed; for skip, the precondition or unsupported method; for info, what was observed. */
  reason: string | null;
  expected?: unknown;
  actual?: unknown;
  startedAt: number;
  durationMs: number;
  evidence: Evidence;
  /** Listed in the --expect file as a known failure, with its reason. */
  known: { reason: string } | null;
  /** Verdict of each repeat when --repeat > 1. */
  repeats: Verdict[];
}

/** A sanity call before and after the run (SPEC §12.4). */
export interface SanityResult {
  ok: boolean;
  detail: string;
  durationMs: number;
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
  options: { strict: boolean; tags: string[]; cases: string[]; shard: string | null; repeat: number; jobs: number };
  sanity: { before: SanityResult | null; after: SanityResult | null };
  cases: CaseResult[];
  summary: { total: number; pass: number; fail: number; skip: number; info: number; mustFailed: number; knownFailures: number; unexpectedPasses: string[]; unstable: string[] };
  matrix: MatrixCell[];
  /** The run's exit code: 0 only when every selected MUST case passed (SPEC §12.5). */
  exitCode: number;
}

/** The result of `--mutants`: each mutant and the cases that killed it. */
export interface KillMatrix {
  mutants: { id: string; description: string; clause: string; killedBy: string[]; survived: boolean; error: string | null }[];
  clean: { failed: string[] };
  ok: boolean;
}
