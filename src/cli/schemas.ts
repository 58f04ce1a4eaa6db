/**
 * `shieldcall schemas`: writes the JSON Schemas of the signaling and driver protocols (SPEC §6, §7) and of the policy
 * document (SPEC §3.5, under policy/), or checks that a directory holds exactly them.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { schemaFiles } from "../protocol/mod.ts";
import { policySchemaJson } from "../policy/mod.ts";

/** Every schema file by its path under the schema directory. */
export function allSchemaFiles(): Record<string, string> {
  return {
    ...schemaFiles(),
    "policy/policy-document.schema.json": `${JSON.stringify(policySchemaJson(), null, 2)}\n`,
  };
}

/** Writes (or with `check`, compares) every schema file under `out`; returns the exit code. */
export async function schemasCommand(a: { out: string; check?: boolean }): Promise<number> {
  const files = allSchemaFiles();
  let stale = 0;
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
      mkdirSync(dirname(path), { recursive: true });
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
