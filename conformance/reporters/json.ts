/**
 * JSON reporter (SPEC §12.6): the RunResult itself, pretty-printed, keys in the object's own order.
 * Values the JSON data model lacks (bigint, bytes, cycles) are converted rather than thrown on (see toPlain).
 */

import type { RunResult } from "../results.ts";
import { jsonText } from "./_text.ts";

/** The run as pretty JSON text ending in a newline; JSON.parse gives back the same tree. */
export function reportJson(run: RunResult): string {
  return jsonText(run, 2) + "\n";
}
