/**
 * The house's shape, checked on every `npm test` (STYLE "conventions enforced by code"):
 * - folders are layers, lowest first: runtime → crypto → policy → protocol → media → relay, processor → service →
 *   peer → driver, web → conformance → cli; no file but a test imports a higher layer (leaf modules in src/ —
 *   errors.ts, seeded.ts, version.ts — sit below every layer);
 * - src/crypto, src/policy, src/protocol and src/media are pure: no `node:*`, no `Buffer`, no package but
 *   @noble/* and @sinclair/typebox;
 * - test scaffolding lives in `_testing/` folders, and only tests (`*_test.ts`) and other scaffolding import it;
 * - the mutants (src/peer/mutants.ts, src/peer/mutants/) are reached only from the CLI and tests, and the reference
 *   peer's call path (peer.ts, call.ts, call_flow.ts, dispatch.ts) has no fault hooks;
 * - a folder with a mod.ts is entered through it: no file outside the folder but a test imports another of its files
 *   (BYPASSES lists those that still do, to be fixed by their owners; the list may only shrink);
 * - a folder's mod.ts names every module whose name says it is public (no leading `_`; tests and `_testing/` aside):
 *   an internal module is `_name.ts` (NOT_IN_MOD lists those still to be renamed or exported; it may only shrink).
 * Each rule is checked on the real tree and, as a control, on a small made-up graph that breaks it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** Layer rank by top folder (src/<folder> or conformance); a file may import only its own rank or lower. */
const RANK: Record<string, number> = {
  "src/runtime": 0,
  "src/crypto": 1,
  "src/policy": 2,
  "src/protocol": 3,
  "src/media": 4,
  "src/relay": 5,
  "src/processor": 5,
  "src/forwarder": 5,
  "src/service": 6,
  "src/peer": 7,
  "src/driver": 8,
  "src/web": 8,
  "conformance": 9,
  "src/cli": 10,
};
const PURE = ["src/crypto", "src/policy", "src/protocol", "src/media"];
/** Packages the pure layers may use: plain JavaScript, no platform API. */
const PURE_PACKAGES = ["@noble/", "@sinclair/typebox"];
/** Who may import the mutants: the CLI commands that run them. */
const MUTANT_USERS = ["src/cli/peer.ts", "src/cli/mutants.ts"];
/** The reference peer's call path: no fault hooks here (SPEC §12.7 mutants are injected strategies). */
const REFERENCE_PATH = ["src/peer/peer.ts", "src/peer/call.ts", "src/peer/call_flow.ts", "src/peer/dispatch.ts"];

/** Imports that still reach around a folder's mod.ts ("importer -> target"); fix one, then delete its line. */
const BYPASSES = new Set<string>([
  "conformance/cases/features/_listener.ts -> src/peer/signaling_client.ts",
  "conformance/cases/features/recording-works-standard.ts -> src/processor/wav.ts",
  "conformance/cases/features/voicemail-works-standard.ts -> src/processor/wav.ts",
  // On purpose: src/media/mod.ts also offers speechFor(), which hashes with @noble/hashes, and the web client's
  // bundle must hold no @noble/* (an independent implementation, checked by src/web/bundle_test.ts).
  "src/web/media.ts -> src/media/continuity.ts",
  "src/web/media.ts -> src/media/frame_code.ts",
  "src/web/media.ts -> src/media/speech_decoder.ts",
  "src/web/media.ts -> src/media/speech_source.ts",
]);

/**
 * Public-named modules their folder's mod.ts does not name yet; rename one `_name.ts` (or export it), then delete its
 * line. src/peer/mutants.ts stays out on purpose: only the CLI and tests reach the mutants.
 */
const NOT_IN_MOD = new Set<string>([
  "src/crypto/sframe/vectors.ts",
  "src/peer/call_flow.ts",
  "src/peer/confirm_flow.ts",
  "src/peer/dispatch.ts",
  "src/peer/engine_factory.ts",
  "src/peer/feature_guard.ts",
  "src/peer/frame_intake.ts",
  "src/peer/mutants.ts",
  "src/peer/request_seam.ts",
  "src/policy/tokens.ts",
  "src/processor/bridge.ts",
  "src/processor/remote.ts",
  "src/processor/remote_group.ts",
  "src/processor/resample.ts",
  "src/processor/voicemail.ts",
  "src/service/admin.ts",
  "src/service/endpoints.ts",
  "src/service/features.ts",
  "src/service/hub.ts",
  "src/service/media_plane.ts",
  "src/service/token_sessions.ts",
]);

/** One source file: its repo-relative path, text and the specifiers it imports. */
interface SourceFile {
  path: string;
  text: string;
  imports: string[];
}

/** Every import/export-from/dynamic-import specifier in `text` (comments are not stripped: keep them honest). */
export function specifiers(text: string): string[] {
  const out: string[] = [];
  const re =
    /(?:^|[^\w.])(?:import|export)\s[^;"'`]*?from\s*["']([^"']+)["']|(?:^|[^\w.])import\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm;
  for (const m of text.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3])!);
  return out;
}

/** The layer key of a repo-relative path ("src/peer", "conformance", "src/cli"), or null for a leaf module. */
function layerOf(path: string): string | null {
  if (path === "src/cli.ts") return "src/cli";
  if (path.startsWith("conformance/")) return "conformance";
  const m = /^src\/([^/]+)\//.exec(path);
  return m ? `src/${m[1]}` : null;
}

const isTest = (p: string) => p.endsWith("_test.ts");
const isScaffolding = (p: string) => p.split("/").includes("_testing");

/** Resolves a relative specifier against the importing file; null for a package. */
function resolve(from: string, spec: string): string | null {
  if (!spec.startsWith(".")) return null;
  return normalize(join(dirname(from), spec)).replaceAll("\\", "/");
}

/** Every rule broken by `files`, one line each. */
export function violations(files: SourceFile[]): string[] {
  const bad: string[] = [];
  const entered = new Set(files.filter((f) => f.path.endsWith("/mod.ts")).map((f) => dirname(f.path)));
  for (const f of files) {
    const from = layerOf(f.path);
    const pure = PURE.some((p) => f.path.startsWith(`${p}/`)) && !isTest(f.path) && !isScaffolding(f.path);
    for (const spec of f.imports) {
      const target = resolve(f.path, spec);
      if (target === null) {
        if (pure && !PURE_PACKAGES.some((p) => spec.startsWith(p))) bad.push(`${f.path}: pure layer imports "${spec}"`);
        continue;
      }
      if (!target.startsWith("src/") && !target.startsWith("conformance/")) continue;
      const to = layerOf(target);
      if (
        !isTest(f.path) && from !== null && to !== null && RANK[to] !== undefined && RANK[from] !== undefined &&
        RANK[to]! > RANK[from]!
      ) {
        bad.push(`${f.path}: layer "${from}" imports the higher layer "${to}" (${spec})`);
      }
      if (from === null && to !== null && !isTest(f.path)) bad.push(`${f.path}: leaf module imports "${spec}"`);
      if (isScaffolding(target) && !isTest(f.path) && !isScaffolding(f.path)) {
        bad.push(`${f.path}: imports test scaffolding "${spec}"`);
      }
      const folder = dirname(target);
      // (the mutants are reached around src/peer/mod.ts on purpose: the rule below says who may)
      const mutantTarget = target === "src/peer/mutants.ts" || target.startsWith("src/peer/mutants/");
      if (
        entered.has(folder) && !target.endsWith("/mod.ts") && !mutantTarget && !f.path.startsWith(`${folder}/`) &&
        !isTest(f.path) &&
        !isScaffolding(f.path) && !BYPASSES.has(`${f.path} -> ${target}`)
      ) {
        bad.push(`${f.path}: reaches ${target} around ${folder}/mod.ts`);
      }
      const mutants = target === "src/peer/mutants.ts" || target.startsWith("src/peer/mutants/");
      const mutantSide = f.path === "src/peer/mutants.ts" || f.path.startsWith("src/peer/mutants/");
      if (mutants && !mutantSide && !isTest(f.path) && !MUTANT_USERS.includes(f.path)) {
        bad.push(`${f.path}: imports the mutants (${spec}); only ${MUTANT_USERS.join(", ")} may`);
      }
    }
    if (pure && /\bBuffer\b/.test(f.text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ""))) {
      bad.push(`${f.path}: pure layer uses Buffer`);
    }
    if (REFERENCE_PATH.includes(f.path) && /\bfaults?\b|\bmutant/i.test(f.text)) {
      bad.push(`${f.path}: the reference call path mentions faults or mutants`);
    }
  }
  return bad;
}

/** Public-named modules (no leading `_`, not a test, not scaffolding) that their folder's mod.ts does not name. */
export function unnamedInMod(files: SourceFile[], allowed: ReadonlySet<string> = NOT_IN_MOD): string[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const bad: string[] = [];
  for (const f of files) {
    const name = f.path.slice(f.path.lastIndexOf("/") + 1);
    if (name === "mod.ts" || name.startsWith("_") || isTest(f.path) || isScaffolding(f.path)) continue;
    const mod = byPath.get(`${dirname(f.path)}/mod.ts`);
    if (mod === undefined || mod.imports.some((s) => resolve(mod.path, s) === f.path)) continue;
    if (!allowed.has(f.path)) bad.push(`${f.path}: not named in ${mod.path} (export it there, or rename it _${name})`);
  }
  return bad;
}

/** Every .ts file under src/ and conformance/ (no node_modules, no generated output). */
function tree(): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) {
        const text = readFileSync(join(ROOT, p), "utf8");
        out.push({ path: relative(ROOT, join(ROOT, p)).replaceAll("\\", "/"), text, imports: specifiers(text) });
      }
    }
  };
  walk("src");
  walk("conformance");
  return out;
}

const file = (path: string, text: string): SourceFile => ({ path, text, imports: specifiers(text) });

test("specifiers() finds static, re-export, side-effect and dynamic imports", () => {
  const text = [
    'import { a } from "./a.ts";',
    'import type {\n  B,\n} from "../b.ts";',
    'export { c } from "./c.ts";',
    'import "./d.ts";',
    'const e = await import("./e.ts");',
    'import process from "node:process";',
  ].join("\n");
  assert.deepEqual(specifiers(text), ["./a.ts", "../b.ts", "./c.ts", "./d.ts", "./e.ts", "node:process"]);
});

test("violations() catches each broken rule in a made-up tree (control)", () => {
  const cases: [SourceFile, RegExp][] = [
    [file("src/crypto/x.ts", 'import { p } from "../peer/mod.ts";'), /higher layer "src\/peer"/],
    [file("src/service/x.ts", 'import { c } from "../../conformance/case.ts";'), /higher layer "conformance"/],
    [file("src/media/x.ts", 'import process from "node:process";'), /pure layer imports "node:process"/],
    [file("src/policy/x.ts", 'import ws from "ws";'), /pure layer imports "ws"/],
    [file("src/protocol/x.ts", "export const b = Buffer.from([1]);"), /uses Buffer/],
    [file("src/peer/x.ts", 'import { f } from "../service/_testing/fixtures.ts";'), /test scaffolding/],
    [file("src/driver/x.ts", 'import { MUTANTS } from "../peer/mutants.ts";'), /imports the mutants/],
    [file("src/peer/call_flow.ts", "if (call.faults?.skip) return;"), /mentions faults/],
    [file("src/errors.ts", 'import { x } from "./peer/mod.ts";'), /leaf module/],
    [file("conformance/select.ts", 'import { c } from "../src/cli/conformance.ts";'), /higher layer "src\/cli"/],
    [file("src/cli/x.ts", 'import { w } from "../processor/wav.ts";'), /reaches src\/processor\/wav.ts around/],
  ];
  // The mod.ts rule needs the folder's mod.ts in the graph.
  const withMod = [file("src/processor/mod.ts", 'export * from "./wav.ts";')];
  for (const [f, re] of cases) {
    const v = violations([f, ...withMod]);
    assert.ok(v.some((l) => re.test(l)), `${f.path} not caught: ${JSON.stringify(v)}`);
  }
  // And what is allowed stays allowed.
  assert.deepEqual(
    violations([
      file("src/peer/x.ts", 'import { s } from "../service/mod.ts";\nimport { sha256 } from "@noble/hashes/sha2.js";'),
      file(
        "src/peer/x_test.ts",
        'import { f } from "../service/_testing/fixtures.ts";\nimport { M } from "./mutants.ts";',
      ),
      file("src/peer/_testing/s.ts", 'import { f } from "../../service/_testing/fixtures.ts";'),
      file("src/crypto/x.ts", 'import { sha256 } from "@noble/hashes/sha2.js";\n// a Buffer in a comment is fine'),
      file("src/cli/peer.ts", 'const m = await import("../peer/mutants.ts");'),
      file("src/processor/mod.ts", 'export * from "./wav.ts";'),
      file("src/cli/y.ts", 'import { w } from "../processor/mod.ts";'),
      file("src/cli/y_test.ts", 'import { w } from "../processor/wav.ts";'),
    ]),
    [],
  );
});

test("the tree keeps the layer order, the pure layers, the _testing/ boundary and a reference with no fault hooks", () => {
  const files = tree();
  assert.ok(files.length > 100, `only ${files.length} files found`);
  assert.deepEqual(violations(files), []);
});

test("unnamedInMod() finds a public-named module its folder's mod.ts leaves out (control), and nothing else", () => {
  const graph = [
    file("src/processor/mod.ts", 'export { w } from "./wav.ts";'),
    file("src/processor/wav.ts", ""),
    file("src/processor/extra.ts", ""),
    file("src/processor/_inner.ts", ""),
    file("src/processor/extra_test.ts", ""),
    file("src/processor/_testing/helper.ts", ""),
    file("src/cli/free.ts", ""),
  ];
  assert.deepEqual(unnamedInMod(graph, new Set()), [
    "src/processor/extra.ts: not named in src/processor/mod.ts (export it there, or rename it _extra.ts)",
  ]);
  assert.deepEqual(unnamedInMod(graph, new Set(["src/processor/extra.ts"])), []);
});

test("every public-named module is named by its folder's mod.ts, and NOT_IN_MOD lists only modules that still need it", () => {
  const files = tree();
  assert.deepEqual(unnamedInMod(files), []);
  const stillNeeded = new Set(unnamedInMod(files, new Set()).map((l) => l.slice(0, l.indexOf(":"))));
  assert.deepEqual([...NOT_IN_MOD].filter((p) => !stillNeeded.has(p)), [], "delete these lines from NOT_IN_MOD");
});
