/**
 * SPEC §12.2: set-up is not the check. A failed set-up step (an honest call that did not come up, evidence the
 * service did not record, a service action that did not happen) is `precondition-failed`, never a `fail`, so it
 * never counts as a kill (§12.7). This lint keeps the case files honest about it:
 *
 * - every assertion whose message names a set-up step ("did not observe", "did not reach", "Precondition", …) runs
 *   inside `precondition()` / `preconditionSync()` or throws `PreconditionFailed` itself;
 * - there is one `e2eeCall` fixture and one `expectE2eeUnchanged` verifier, each a single definition;
 * - the shared fixtures (`e2eeCall`, `standardCall`) wrap their whole body in `precondition()`.
 *
 * Each rule comes with a control: a snippet that breaks it, which the lint must flag.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const CASES = fileURLToPath(new URL(".", import.meta.url));
const CONFORMANCE = fileURLToPath(new URL("..", import.meta.url));

/** Wording that marks an assertion as a set-up step (a missing call, missing evidence, a service that did not act). */
const SETUP_WORDING =
  /Precondition[: ]|did not (observe|reach|record)\b|recorded no \w|has no traffic record|no signaling connection/;

/** Every non-test .ts file under `dir`, recursively. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return sources(p);
    return n.endsWith(".ts") && !n.endsWith("_test.ts") ? [p] : [];
  });
}

/** The end index (exclusive) of the call whose "(" is at `open`, skipping string literals and comments. */
function callEnd(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '"' || c === "'" || c === "`") {
      for (i++; i < src.length && src[i] !== c; i++) if (src[i] === "\\") i++;
    } else if (c === "/" && src[i + 1] === "/") {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (c === "(") {
      depth++;
    } else if (c === ")" && --depth === 0) {
      return i + 1;
    }
  }
  return src.length;
}

/** The [start, end) spans of every `precondition(…)`, `preconditionSync(…)` and `new PreconditionFailed(…)`. */
function guardedSpans(src: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const m of src.matchAll(/\b(?:precondition|preconditionSync|new PreconditionFailed)\(/g)) {
    const open = m.index! + m[0].length - 1;
    spans.push([m.index!, callEnd(src, open)]);
  }
  return spans;
}

/** Lines (1-based, with their text) where set-up wording occurs outside every guarded span. Comments are ignored. */
export function unguardedSetUps(src: string): { line: number; text: string }[] {
  const spans = guardedSpans(src);
  const out: { line: number; text: string }[] = [];
  const re = new RegExp(SETUP_WORDING.source, "g");
  for (const m of src.matchAll(re)) {
    const at = m.index!;
    const lineStart = src.lastIndexOf("\n", at) + 1;
    const lineText = src.slice(lineStart, src.indexOf("\n", at) === -1 ? src.length : src.indexOf("\n", at));
    if (/^\s*(\/\/|\*|\/\*\*)/.test(lineText)) continue;
    if (spans.some(([s, e]) => at >= s && at < e)) continue;
    out.push({ line: src.slice(0, at).split("\n").length, text: lineText.trim() });
  }
  return out;
}

/** How often `name` is defined (`function name`, `const name =`) across `files`. */
function definitions(files: string[], name: string): string[] {
  const re = new RegExp(`(?:function\\s+${name}\\b|const\\s+${name}\\s*=)`);
  return files.filter((f) => re.test(readFileSync(f, "utf8")));
}

/** The body of `export function name(...)` in `src`, or null. */
function fixtureBody(src: string, name: string): string | null {
  const m = new RegExp(`export function ${name}\\b`).exec(src);
  if (!m) return null;
  const open = src.indexOf("{", callEnd(src, src.indexOf("(", m.index)));
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    if (src[i] === "{") depth++;
    else if (src[i] === "}" && --depth === 0) return src.slice(open, i + 1);
  }
  return null;
}

test("Every set-up assertion in the case files runs as a precondition (SPEC §12.2)", () => {
  const bad = sources(CASES).flatMap((f) =>
    unguardedSetUps(readFileSync(f, "utf8")).map((u) => `${f.slice(CASES.length)}:${u.line}: ${u.text}`)
  );
  assert.deepEqual(bad, []);
});

test("Control: the lint flags a set-up assertion outside precondition() and accepts it inside", () => {
  const plain = `async run(h) {
    const sent = await h.admin.inject(u, frames);
    expectTrue(sent.endpoints === 1, "The service did not reach the implementation's endpoint", 1, sent.endpoints);
    expectTrue(ok, "The implementation answered");
  }`;
  assert.deepEqual(unguardedSetUps(plain).map((u) => u.line), [3]);
  const thrown = `if (!sent) throw new CaseFailure(\`The service did not observe the invite\`, "invite", null);`;
  assert.equal(unguardedSetUps(thrown).length, 1);
  const guarded = `preconditionSync(ROOT_CAUSES.service, () =>
      expectTrue(sent.endpoints === 1, "The service did not reach the implementation's endpoint (a) )", 1, 0)
    );
    throw new PreconditionFailed(ROOT_CAUSES.evidence, \`The service did not observe \${what}\`, what, null);
    // A comment may say the service did not observe it.`;
  assert.deepEqual(unguardedSetUps(guarded), []);
  // A guard that closes before the assertion does not cover it.
  const after = `await precondition(ROOT_CAUSES.e2eeCall, () => call());
    expectTrue(rec0.ok, "Precondition: the invite is E2EE");`;
  assert.deepEqual(unguardedSetUps(after).map((u) => u.line), [2]);
});

test("One e2eeCall fixture and one expectE2eeUnchanged verifier, each a precondition-wrapped set-up or a check", () => {
  const files = sources(CONFORMANCE);
  assert.deepEqual(definitions(files, "e2eeCall").map((f) => f.slice(CONFORMANCE.length)), ["cases/_roles.ts"]);
  assert.deepEqual(definitions(files, "expectE2eeUnchanged").map((f) => f.slice(CONFORMANCE.length)), ["verify.ts"]);
  const roles = fixtureBody(readFileSync(join(CASES, "_roles.ts"), "utf8"), "e2eeCall");
  assert.match(roles ?? "", /^\{\s*return precondition\(ROOT_CAUSES\.e2eeCall,/);
  const features = fixtureBody(readFileSync(join(CASES, "features", "_features.ts"), "utf8"), "standardCall");
  assert.match(features ?? "", /^\{\s*return precondition\(ROOT_CAUSES\.standardCall,/);
});

test("Control: a second fixture definition or an unwrapped fixture body is seen", () => {
  assert.equal(
    fixtureBody("export function e2eeCall(h: H, as: As): P {\n  return honest(h, as);\n}", "e2eeCall"),
    "{\n  return honest(h, as);\n}",
  );
  assert.doesNotMatch(
    fixtureBody("export function e2eeCall(h: H, as: As): P {\n  return honest(h, as);\n}", "e2eeCall")!,
    /^\{\s*return precondition\(ROOT_CAUSES\.e2eeCall,/,
  );
  const dir = CASES;
  const two = [join(dir, "_roles.ts"), join(dir, "features", "_features.ts")];
  // _features.ts re-exports the one fixture: it defines none of its own.
  assert.deepEqual(definitions(two, "e2eeCall").length, 1);
  assert.equal(
    new RegExp(`(?:function\\s+e2eeCall\\b|const\\s+e2eeCall\\s*=)`).test("export function e2eeCall("),
    true,
  );
});
