/**
 * The kill-map phases of `shieldcall conformance --mutants` (SPEC §12.7): `--kill-map` computes the cheap map and
 * `--kill-all` the full one, both written to conformance/kills.json when the whole suite and every mutant ran;
 * `--reprove` re-proves the committed map. Prints its duration and findings; resolves with the exit code part.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Case } from "../../conformance/case.ts";
import type { KillMap } from "../../conformance/killmap.ts";
import type { KillMapOptions } from "../../conformance/killmap_run.ts";

/** Where the committed kill map lives (in the source tree, beside the cases). */
export const KILLS_PATH = fileURLToPath(new URL("../../conformance/kills.json", import.meta.url));

const mins = (ms: number) => `${(ms / 60000).toFixed(1)} min`;

/** Writes the map when the run covered the whole suite and every mutant; says where or why not. */
export function writeKillMap(map: KillMap, whole: boolean): void {
  const unproven = Object.entries(map.cases).filter(([, r]) => "kills" in r && r.kills.length === 0).map(([id]) => id);
  console.error(
    `kill map (${map.mode}): ${Object.keys(map.cases).length} MUST cases, ${unproven.length} with no own-assertion ` +
      `kill and no reviewed reason${unproven.length ? `: ${unproven.join(", ")}` : ""}; computed in ${
        mins(map.durationMs)
      }`,
  );
  if (!whole) {
    console.error("kill map not written: only the whole suite with every mutant writes conformance/kills.json");
    return;
  }
  writeFileSync(KILLS_PATH, JSON.stringify(map, null, 2) + "\n");
  console.error(`wrote ${KILLS_PATH}`);
}

/** `--reprove`: re-proves conformance/kills.json against the selected cases; true when every row held. */
export async function reprove(o: KillMapOptions, cases: Case[], whole: boolean): Promise<boolean> {
  const { parseKillMap } = await import("../../conformance/killmap.ts");
  const { reproveKillMap } = await import("../../conformance/killmap_run.ts");
  if (!existsSync(KILLS_PATH)) {
    console.log(`Kill map: ${KILLS_PATH} is missing; write it with: npx shieldcall conformance --mutants --kill-map`);
    return false;
  }
  const map = parseKillMap(readFileSync(KILLS_PATH, "utf8"));
  const t0 = Date.now();
  const r = await reproveKillMap({ ...o, cases, map, checkMutants: whole });
  for (const p of r.problems) console.log(`  ${p}`);
  if (map.incomplete) console.log(`  the map itself is incomplete: ${map.incomplete}`);
  console.log(
    `Kill map (${map.mode}, re-proof): ${r.runs} rows run, ${r.problems.length} problem${
      r.problems.length === 1 ? "" : "s"
    }, ${r.killed.length} of ${o.mutants.length} mutants killed in ${mins(Date.now() - t0)}`,
  );
  return r.ok;
}
