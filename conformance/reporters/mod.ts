/**
 * Conformance reporters (SPEC §12.6): pure functions from the runner's results tree to text. The runner and
 * the CLI call these; nothing here does I/O or reads the clock.
 */

export { formatProgress, reportConsole } from "./console.ts";
export type { ConsoleOptions, Progress } from "./console.ts";
export { reportJson } from "./json.ts";
export { reportJUnit } from "./junit.ts";
export { reportTap } from "./tap.ts";
export { caseAnchor, reportHtml } from "./html.ts";
export { reportKillMatrix } from "./killmatrix.ts";
export { render, REPORT_FORMATS, writeReportSpec } from "./spec.ts";
export type { ReportFormat } from "./spec.ts";
