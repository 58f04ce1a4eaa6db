/**
 * Kill-matrix reporter (SPEC §12.7): one row per mutant with the cases that killed it, SURVIVED for a mutant
 * no case caught, and the clean-reference line (the unmutated reference must fail no case).
 */

import type { KillCoverage } from "../killcoverage.ts";
import type { KillMatrix } from "../results.ts";
import { terminalSafe, truncate } from "./_text.ts";

/** How many killing case ids a row lists before "+N more". */
const FIRST_IDS = 3;

function one(s: string | null | undefined, max: number): string {
  return truncate(terminalSafe(s ?? "", true), max);
}

/** The kill matrix as a plain-text table. */
export function reportKillMatrix(k: KillMatrix & { coverage?: KillCoverage }): string {
  const rows = k.mutants.map((m) => {
    const ids = m.killedBy.slice(0, FIRST_IDS).map((id) => one(id, 60)).join(", ");
    const more = m.killedBy.length > FIRST_IDS ? ` +${m.killedBy.length - FIRST_IDS} more` : "";
    const killed = m.error !== null
      ? `ERROR: ${one(m.error, 100)}`
      : m.survived || m.killedBy.length === 0
      ? "SURVIVED"
      : `${m.killedBy.length}: ${ids}${more}`;
    return [one(m.id, 40), one(m.clause, 16), killed, one(m.description, 80)];
  });
  const head = ["mutant", "clause", "killed by", "description"];
  const w = head.map((hd, i) => Math.max(hd.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]))).join("  ").trimEnd();
  const out = [fmt(head), w.map((n) => "-".repeat(n)).join("  "), ...rows.map(fmt)];
  if (k.mutants.length === 0) out.push("(no mutant ran)");
  out.push("");
  const survived = k.mutants.filter((m) => m.error === null && (m.survived || m.killedBy.length === 0)).length;
  const errored = k.mutants.filter((m) => m.error !== null).length;
  const killed = k.mutants.length - survived - errored;
  out.push(`Mutants: ${killed} killed, ${survived} survived, ${errored} errored (of ${k.mutants.length})`);
  out.push(
    k.clean.failed.length === 0
      ? "Clean reference: no case failed"
      : `Clean reference: FAILED ${k.clean.failed.length} case${k.clean.failed.length === 1 ? "" : "s"}: ${
        k.clean.failed.map((id) => one(id, 60)).join(", ")
      }`,
  );
  if (k.coverage) out.push(...coverageLines(k.coverage));
  out.push(
    k.ok
      ? `Kill matrix OK: every mutant killed, clean reference passed${
        k.coverage ? ", every MUST case kills a mutant or has a reviewed reason" : ""
      }`
      : "Kill matrix NOT OK",
  );
  return out.join("\n") + "\n";
}

/** SPEC §12.7 (--kill-all): the MUST cases that killed no mutant, with their reviewed reasons. */
function coverageLines(c: KillCoverage): string[] {
  const out: string[] = [""];
  const killing = c.cases.filter((x) => x.kills.length > 0).length;
  out.push(
    `Cases: ${killing} of ${c.cases.length} killed at least one mutant ` +
      "(a kill is a failed assertion; timeouts, crashes and harness errors are not kills)",
  );
  const open = c.unkilling.filter((u) => u.reason === null);
  const reviewed = c.unkilling.filter((u) => u.reason !== null);
  if (open.length) {
    out.push(`MUST cases that kill no mutant and have no reviewed reason (${open.length}):`);
    for (const u of open) out.push(`  ${one(u.id, 80)}`);
  }
  if (reviewed.length) {
    out.push(`MUST cases that kill no mutant, with their reviewed reason (${reviewed.length}):`);
    for (const u of reviewed) out.push(`  ${one(u.id, 80)}: ${one(u.reason, 400)}`);
  }
  const noisy = c.cases.filter((x) => x.otherFailures.length > 0);
  if (noisy.length) {
    out.push(`Cases that failed without an assertion against some mutant (not counted as kills):`);
    for (const x of noisy) {
      out.push(`  ${one(x.id, 80)}: ${x.otherFailures.map((f) => `${one(f.mutant, 40)} (${f.verdict})`).join(", ")}`);
    }
  }
  if (c.staleReviewed.length) {
    out.push(
      `Stale reviewed entries (the case now kills a mutant; remove them): ${
        c.staleReviewed.map((id) => one(id, 80)).join(", ")
      }`,
    );
  }
  return out;
}
