/**
 * What a conformance case is (SPEC §12.1) and the outcomes a case can raise besides passing.
 */
import type { MediaProfile } from "../src/protocol/mod.ts";
import type { Level } from "./results.ts";
import type { Harness } from "./harness.ts";

/** One conformance case: a small file exports one (or a generated family of) these. */
export interface Case {
  /** Stable dotted name, never a position: `verify.mitm-differs`. */
  id: string;
  /** The SPEC clause it checks, e.g. `§2.2 V2`. */
  clause: string;
  level: Level;
  title: string;
  /** The requirement sentence from SPEC.md, stored as data so every report prints it. */
  requirement: string;
  tags: string[];
  /**
   * SPEC §7, §13: the media profile the case tests; absent: `dtls-srtp`, which every implementation implements. A
   * case of another profile runs only against an adapter that declares it (conformance/profiles.ts).
   */
  profile?: MediaProfile;
  /** For opt-in matrix cases: the cell this case fills in the report's grid. */
  matrix?: {
    callerPolicy: "disabled" | "userControlled";
    callerSetting: boolean;
    calleePolicy: "disabled" | "userControlled";
    calleeSetting: boolean;
    implementationAs: "caller" | "callee";
    expectedE2EE: boolean;
  };
  /** Runs the case; returning means pass. Throw CaseFailure / CaseSkip / CaseInfo (via the harness) otherwise. */
  run(h: Harness): Promise<void>;
}

/** The case observed something other than the requirement. */
export class CaseFailure extends Error {
  constructor(message: string, readonly expected?: unknown, readonly actual?: unknown) {
    super(message);
    this.name = "CaseFailure";
  }
}

/**
 * A set-up step of the case failed before its own check ran (SPEC §12.2 `precondition-failed`, as web-platform-tests'
 * PRECONDITION_FAILED): an honest call did not come up, or the evidence the check reads is missing. `rootCause` names
 * the set-up that failed, in words shared by every case that uses it, so reports group them ("an honest E2EE call
 * does not come up: 74 cases"). It fails a run like `fail`, but never counts as a kill (SPEC §12.7).
 */
export class PreconditionFailed extends Error {
  constructor(readonly rootCause: string, message: string, readonly expected?: unknown, readonly actual?: unknown) {
    super(message);
    this.name = "PreconditionFailed";
  }
}

/** The case could not be run: a precondition failed or the adapter does not support a method it needs. */
export class CaseSkip extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CaseSkip";
  }
}

/** The case ends with an informational verdict (an observation, not a requirement). */
export class CaseInfo extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CaseInfo";
  }
}

/** Identity helper that type-checks a case literal. */
export function defineCase(c: Case): Case {
  return c;
}
