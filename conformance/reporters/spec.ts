/**
 * The CLI's `--report FORMAT:PATH` flag and the dispatch from a format name to its reporter.
 */

import type { RunResult } from "../results.ts";
import { reportConsole } from "./console.ts";
import { reportHtml } from "./html.ts";
import { reportJson } from "./json.ts";
import { reportJUnit } from "./junit.ts";
import { reportTap } from "./tap.ts";

/** Every report format, in the order help texts list them. */
export const REPORT_FORMATS = ["console", "json", "junit", "tap", "html"] as const;
/** A report format name. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * Parses one `--report FORMAT:PATH` value (e.g. `junit:reports/junit.xml`). The format is case-insensitive;
 * the path is everything after the first colon, kept as given. Throws RangeError naming the valid formats.
 */
export function writeReportSpec(spec: string): { format: ReportFormat; path: string } {
  if (typeof spec !== "string") {
    throw new TypeError(`Invalid --report value: expected a string "FORMAT:PATH", got ${typeof spec}`);
  }
  const valid = REPORT_FORMATS.join(", ");
  const i = spec.indexOf(":");
  if (i < 0) throw new RangeError(`Invalid --report "${spec}": expected FORMAT:PATH with FORMAT one of ${valid}`);
  const format = spec.slice(0, i).trim().toLowerCase();
  const path = spec.slice(i + 1).trim();
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new RangeError(
      `Invalid --report "${spec}": unknown format "${spec.slice(0, i)}", valid formats are ${valid}`,
    );
  }
  if (path === "") throw new RangeError(`Invalid --report "${spec}": missing PATH after "${format}:"`);
  return { format: format as ReportFormat, path };
}

/** Renders a run in the given format (console without colour). Throws RangeError on an unknown format. */
export function render(format: ReportFormat, run: RunResult): string {
  switch (format) {
    case "console":
      return reportConsole(run, { color: false });
    case "json":
      return reportJson(run);
    case "junit":
      return reportJUnit(run);
    case "tap":
      return reportTap(run);
    case "html":
      return reportHtml(run);
    default:
      throw new RangeError(`Unknown report format "${String(format)}": valid formats are ${REPORT_FORMATS.join(", ")}`);
  }
}
