/**
 * `shieldcall schemas`: writes the JSON Schemas of the signaling and driver protocols (SPEC §6, §7), or checks that
 * a directory holds exactly them.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { schemaFiles } from "../protocol/mod.ts";

/** Writes (or with `check`, compares) every schema file under `out`; returns the exit code. */
export async function schemasCommand(a: { out: string; check?: boolean }): Promise<number> {
  const files = schemaFiles();
  let stale = 0;
  if (!a.check) mkdirSync(a.out, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const path = join(a.out, name);
    if (a.check) {
      let have = "";
      try {
        have = readFileSync(path, "utf8");
      } catch {
        // missing counts as stale
      }
      if (have !== text) {
        console.error(`stale: ${path}`);
        stale++;
      }
    } else {
      writeFileSync(path, text);
    }
  }
  if (a.check) {
    console.log(
      stale ? `${stale} schema file(s) differ from the code` : `ok: ${Object.keys(files).length} schema files match`,
    );
    return stale ? 1 : 0;
  }
  console.log(`wrote ${Object.keys(files).length} schema files to ${a.out}`);
  return 0;
}
