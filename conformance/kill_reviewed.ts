/**
 * The reviewed list (SPEC §12.7): MUST cases that may kill no mutant of the reference, each with the reason it still
 * belongs in the suite. `--mutants --kill-all` reports every MUST case that killed no mutant; one listed here is
 * accepted with its reason, any other makes the matrix NOT OK. An entry for a case that now kills a mutant is
 * reported as stale. Keep reasons specific: what the case guards and why no one-fault variant of the reference
 * can fail it. A test checks every id names a case of the catalogue.
 *
 * Empty for now: the partial --kill-all runs made so far (the verify tag against all mutants) found every case there
 * killing some mutant once indicator-from-topology was added; a case that guards the harness itself goes here with
 * its reason when a full run finds one.
 */

/** Case id → why it may kill no mutant. */
export const KILL_REVIEWED: Record<string, string> = {};
