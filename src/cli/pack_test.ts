/**
 * The installable package, so that it installs outside the clone: `npm pack` makes a tarball
 * that installs into an empty project — runtime dependencies only, from the local npm cache where it can — and
 * `npx shieldcall conformance --impl …` runs a real case there, with no dev dependency and no checkout of this
 * repository in reach. Runs on Node only: it checks the npm package, which is the same whatever runtime runs the test.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCommand } from "../_testing/child.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

async function run(
  cmd: string,
  args: string[],
  cwd: string,
  timeoutMs = 240_000,
): Promise<{ code: number | null; out: string }> {
  // No variable of this repository's npm run may leak into the consumer (npm_config_*, npm_package_*).
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const r = await runCommand([cmd, ...args], { cwd, env, timeoutMs });
  return { code: r.code, out: r.stdout + r.stderr };
}

test("npm pack → install into an empty project → npx shieldcall conformance runs a case there", {
  skip: "Deno" in globalThis,
  timeout: 600_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "shieldcall-pack-"));
  try {
    const pack = await run(npm, ["pack", "--pack-destination", dir], root);
    assert.equal(pack.code, 0, pack.out);
    const tgz = readdirSync(dir).find((f) => f.endsWith(".tgz"));
    assert.ok(tgz, `a tarball: ${pack.out}`);
    assert.doesNotMatch(pack.out, /_test\.ts|\/_testing\//, "no tests or test scaffolding in the package");

    const proj = join(dir, "consumer");
    await run("mkdir", ["-p", proj], dir);
    writeFileSync(join(proj, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
    const inst = await run(npm, ["install", "--prefer-offline", "--no-audit", "--no-fund", join(dir, tgz!)], proj);
    assert.equal(inst.code, 0, inst.out);
    for (const dev of ["typescript", "c8", "deno", "@types/node"]) {
      assert.ok(!existsSync(join(proj, "node_modules", dev)), `dev dependency ${dev} not installed`);
    }
    assert.ok(existsSync(join(proj, "node_modules", ".bin", "shieldcall")), "the shieldcall binary is linked");

    const usage = await run(npx, ["shieldcall", "conformance", "--imp", "x"], proj);
    assert.equal(usage.code, 2, usage.out);
    const impl = "node node_modules/shieldcall/bin/shieldcall.js peer --stdio";
    const r = await run(npx, [
      "shieldcall",
      "conformance",
      "--impl",
      impl,
      "--case",
      "verify.honest-equal",
      "--report",
      "junit:reports/junit.xml",
    ], proj);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /1 passed, 0 failed/);
    assert.match(
      readFileSync(join(proj, "reports", "junit.xml"), "utf8"),
      /<testcase classname="shieldcall\.verify" name="verify\.honest-equal"/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a tarball `npm pack` leaves in the checkout (NAME-VERSION.tgz) is ignored by git, never left untracked", async () => {
  const { name, version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Record<string, string>;
  const tgz = `${name!.replace(/^@/, "").replace("/", "-")}-${version}.tgz`;
  // exit 0: ignored; 1: not ignored (git check-ignore)
  const r = await runCommand(["git", "check-ignore", "--no-index", "-q", tgz], { cwd: root, timeoutMs: 30_000 });
  assert.equal(r.code, 0, `git check-ignore ${tgz}: exit ${r.code} ${r.stderr}`);
});

test("every dependency with an install script is reviewed in package.json allowScripts (npm ci warns of no other)", () => {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    allowScripts?: Record<string, boolean>;
  };
  const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string; hasInstallScript?: boolean }>;
  };
  const policy = pkg.allowScripts ?? {};
  const scripted = Object.entries(lock.packages).filter(([, p]) => p.hasInstallScript);
  assert.ok(scripted.length > 0, "the lockfile marks install scripts (hasInstallScript)");
  const unreviewed = scripted.filter(([path, p]) => {
    const name = path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
    // A bare name, or name@exact versions joined by "||" (npm's allowScripts keys).
    return !Object.keys(policy).some((k) =>
      k === name ||
      (k.startsWith(`${name}@`) && k.slice(name.length + 1).split("||").some((v) => v.trim() === p.version))
    );
  }).map(([path, p]) => `${path}@${p.version}`);
  assert.deepEqual(unreviewed, [], "add each to allowScripts (true to run its script, false to deny it)");
});
