/**
 * JSON reporter (SPEC §12.6): the RunResult itself, pretty-printed, keys in the object's own order.
 * Values the JSON data model lacks (bigint, bytes, cycles) are converted rather than thrown on (see toPlain).
 */

import type { RunResult } from "../results.ts";
import { jsonText } from "./_text.ts";
import { expectNote } from "./_notes.ts";
import { preconditionGroups } from "../results.ts";

/** The run as pretty JSON text ending in a newline; JSON.parse gives back the same tree. */
export function reportJson(run: RunResult): string {
  // Derived views every report shows (SPEC §12.6): precondition failures by root cause, a pass owed to --expect.
  return jsonText({ ...run, preconditions: preconditionGroups(run.cases), expectNote: expectNote(run) }, 2) + "\n";
}
