/**
 * The README's admin flow, run as written, so that calling between users you created has a documented path: the
 * lines of the block after `<!-- admin-flow -->` are read from README.md, so the documentation and this test cannot
 * drift. The `serve` line runs on a free port instead of 7443 (the other lines are pointed at it) and its state file
 * in a temp dir; `VAR="…"` lines set variables that later lines expand, as a shell would. Every command is a real
 * `shieldcall` child process; the call is a real WebRTC call.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { selfCommand } from "../driver/mod.ts";
import { splitCommand } from "./conformance.ts";
import { chromiumMissing } from "../web/host/chromium.ts";
import { type CommandRun, type LiveCommand, runCommand, startCommand } from "../_testing/child.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The shell lines of the README block after `marker`, comments and blank lines removed. */
export function readmeBlock(readme: string, marker: string): string[] {
  const at = readme.indexOf(marker);
  assert.ok(at >= 0, `README has ${marker}`);
  const m = /```sh\n([\s\S]*?)```/.exec(readme.slice(at));
  assert.ok(m, `a sh block follows ${marker}`);
  return m[1]!.split("\n").map((l) => l.replace(/\s+#\s.*$/, "").trim()).filter(Boolean);
}

test("README admin flow: tenant → policy → users → settings → tokens → a call between those users", {
  timeout: 240_000,
}, async () => {
  const lines = readmeBlock(readFileSync(join(root, "README.md"), "utf8"), "<!-- admin-flow -->");
  const dir = mkdtempSync(join(tmpdir(), "shieldcall-readme-"));
  const vars = new Map<string, string>();
  let service: LiveCommand | null = null;
  let hostPort = "";
  try {
    const steps: string[] = [];
    for (const raw of lines) {
      const assign = /^([A-Za-z_]\w*)="(.*)"$/.exec(raw);
      if (assign) {
        vars.set(assign[1]!, assign[2]!);
        continue;
      }
      // As a shell would: $VAR expands (unquoted, so it splits into words); then point 7443 at the test's service.
      const line = raw.replace(/\$([A-Za-z_]\w*)/g, (_, v: string) => vars.get(v) ?? "").replaceAll(
        "127.0.0.1:7443",
        hostPort || "127.0.0.1:7443",
      );
      // `kill $(cat FILE)`: stop the service through its --pid-file, as an operator would; nothing may stay behind.
      const kill = /^kill \$\(cat (\S+)\)$/.exec(line);
      if (kill) {
        const pidFile = join(dir, kill[1]!);
        process.kill(Number(readFileSync(pidFile, "utf8").trim()), "SIGTERM");
        const stopped: CommandRun = await service!.done;
        assert.equal(stopped.code, 0, `the service stops cleanly: ${stopped.stderr}`);
        assert.equal(existsSync(pidFile), false, "the pid file is removed");
        steps.push("kill");
        continue;
      }
      // Output redirections (`> serve.log 2>&1`) are the shell's business, not shieldcall's.
      const words = splitCommand(line.replace(/\s*&$/, "").replace(/\s+2>&1/, "").replace(/\s+>\s*\S+/, ""));
      assert.deepEqual(words.slice(0, 2), ["npx", "shieldcall"], `README line runs shieldcall: ${raw}`);
      const args = words.slice(2);
      if (args[0] === "serve") {
        args[args.indexOf("--port") + 1] = "0";
        let started: (hostPort: string) => void = () => {};
        const admin = new Promise<string>((resolve) => (started = resolve));
        service = startCommand([...selfCommand(), ...args], {
          cwd: dir,
          timeoutMs: 200_000,
          onLine: (l) => {
            const m = /admin:\s+http:\/\/([^/\s]+)\//.exec(l);
            if (m) started(m[1]!);
          },
        });
        const first = await Promise.race([admin, service.done]);
        if (typeof first !== "string") {
          throw new Error(`serve exited ${first.code} ${first.failure ?? ""}: ${first.stderr}`);
        }
        hostPort = first;
        continue;
      }
      const r = await runCommand([...selfCommand(), ...args], { cwd: dir, timeoutMs: 90_000 });
      assert.equal(r.code, 0, `${raw}\n${r.stdout}${r.stderr}`);
      steps.push(args.slice(0, 3).join(" "));
      if (args.includes("eligibility")) assert.deepEqual(JSON.parse(r.stdout), { e2ee: true, reasons: [] });
      if (args[0] === "call") {
        assert.match(r.stdout, /numbers MATCH/);
        assert.match(r.stdout, /verdict honest: OK/);
        assert.match(r.stdout, /caller\s+alice\s+indicator ON .*spoke "\d+"\s+heard "\d+" \(bob's digits/);
        assert.doesNotMatch(r.stderr, /demo-/, "no demo tenant for existing users");
      }
    }
    assert.ok(hostPort, "the block starts a service");
    assert.ok(steps.some((s) => s.startsWith("call")), "the block has a call");
    assert.equal(steps.at(-1), "kill", "the block ends by stopping the service through its pid file");
    const state = JSON.parse(readFileSync(join(dir, "contoso.json"), "utf8")) as { tenants: { id: string }[] };
    assert.deepEqual(state.tenants.map((t) => t.id), ["contoso"], "only the README's tenant was made");
  } finally {
    service?.child.kill("SIGTERM");
    await service?.done;
    rmSync(dir, { recursive: true, force: true });
  }
});

test("README Deno section: a deno task each for conformance, call and serve, and their times beside Node's", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const tasks = (JSON.parse(readFileSync(join(root, "deno.json"), "utf8")) as { tasks: Record<string, string> }).tasks;
  const lines = readmeBlock(readme, "## Deno");
  for (const cmd of ["conformance", "call", "serve"]) {
    // the task runs that subcommand of the CLI on Deno
    assert.match(tasks[cmd] ?? "", new RegExp(`deno run -A --no-check src/cli\\.ts ${cmd}$`), `deno.json task ${cmd}`);
    assert.ok(lines.some((l) => l.startsWith(`npx deno task ${cmd}`)), `the README shows npx deno task ${cmd}`);
  }
  for (const l of lines) {
    const task = /^npx deno task (\S+)/.exec(l)?.[1];
    assert.ok(task && tasks[task], `the README's "${l}" names a task of deno.json`);
  }
  const section = readme.slice(readme.indexOf("## Deno"), readme.indexOf("\n## ", readme.indexOf("## Deno") + 1));
  assert.match(section, /\| *command *\| *Node[^|]*\| *Deno *\|/, "a table of times, Node beside Deno");
});

test("README quick start states the prerequisites: what needs Chromium, and SHIELDCALL_CHROMIUM for Chrome", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const start = readme.slice(0, readme.indexOf("\n## "));
  const pre = /\*\*Prerequisites\.\*\*([\s\S]*?)\n\n/.exec(start)?.[1] ?? "";
  assert.ok(pre, "a **Prerequisites.** paragraph before the first section");
  for (const needed of [/Node ≥ 20/, /Deno 2/, /Chromium/, /--impl web/, /interop/, /SHIELDCALL_CHROMIUM=\S+/]) {
    assert.match(pre, needed);
  }
  // the prerequisite check's own message (src/web/host/chromium.ts) says the same
  assert.match(chromiumMissing(), /SHIELDCALL_CHROMIUM/);
});
