/**
 * The one child-process runner of the tests. A test that places WebRTC calls runs them in a child of the same
 * runtime (Node via tsx, or Deno), because node-webrtc crashes a process on its natural exit once media tracks
 * existed (docs/node-webrtc.md). Convention, both sides in this file:
 *   child → parent  `RESULT <json>`  once, the scenario's result; then the child exits explicitly (exitChild)
 *   child → parent  `MSG <json>`     a request the parent answers (askParent; the parent's onMessage)
 *   parent → child  `<json>`         one line on stdin per answer, in order
 * Any other output is diagnostics. runCommand() runs any other command (a `shieldcall` CLI line, npm) the same way:
 * output collected, SIGKILL after a bound. Tests only: nothing outside `*_test.ts` and `_testing/` may import this.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import process from "node:process";
import { fileURLToPath } from "node:url";

/** True when running under Deno. */
export const IS_DENO = typeof (globalThis as { Deno?: unknown }).Deno !== "undefined";

/** What a child run produced. `result` is the JSON after its `RESULT ` line, undefined when there was none. */
export interface ChildRun<T> {
  code: number | null;
  signal: string | null;
  result: T | undefined;
  stdout: string;
  stderr: string;
  /** Set when the runner killed the child (timeout) or a message handler failed. */
  failure: string | undefined;
}

/** Options of runChild(). */
export interface RunChildOptions {
  args?: string[];
  /** The child is killed (SIGKILL) after this long. */
  timeoutMs: number;
  /** Extra environment variables. */
  env?: Record<string, string>;
  cwd?: string;
  /** Answers a `MSG` line; `reply` writes one JSON line to the child's stdin. A throw kills the child. */
  onMessage?: (msg: unknown, reply: (answer: unknown) => void) => void;
}

/** argv (after the runtime's executable) that runs a TypeScript file with the current runtime. */
export function tsArgv(script: string): string[] {
  return IS_DENO ? ["run", "-A", "--no-check", script] : ["--import", "tsx", script];
}

/** The whole command (runtime executable first) that runs a TypeScript file, e.g. as an `--impl` adapter. */
export function tsCommand(script: string): string[] {
  return [process.execPath, ...tsArgv(script)];
}

/** Runs `script` (a path or file URL) as a child of this runtime; never rejects. */
export async function runChild<T = Record<string, unknown>>(
  script: string | URL,
  opts: RunChildOptions,
): Promise<ChildRun<T>> {
  const path = script instanceof URL ? fileURLToPath(script) : script;
  const child = spawn(process.execPath, [...tsArgv(path), ...(opts.args ?? [])], {
    cwd: opts.cwd,
    env: { ...process.env, NO_COLOR: "1", ...opts.env },
    stdio: [opts.onMessage ? "pipe" : "ignore", "pipe", "pipe"],
  });
  let result: T | undefined;
  let failure: string | undefined;
  const run = await collect(child, opts.timeoutMs, `Child "${path}"`, (line) => {
    if (line.startsWith("RESULT ")) {
      result = JSON.parse(line.slice(7)) as T;
    } else if (line.startsWith("MSG ") && opts.onMessage) {
      try {
        opts.onMessage(JSON.parse(line.slice(4)), (answer) => child.stdin!.write(`${JSON.stringify(answer)}\n`));
      } catch (e) {
        failure = `Answering the child's message failed: ${e instanceof Error ? e.message : String(e)}`;
        child.kill("SIGKILL");
      }
    }
  });
  return { ...run, result, failure: failure ?? run.failure };
}

/** What runCommand() collected. `failure` is set when the bound ran out and the command was killed. */
export type CommandRun = Omit<ChildRun<never>, "result">;

/** Options of runCommand(). */
export interface RunCommandOptions {
  /** The command is killed (SIGKILL) after this long. */
  timeoutMs: number;
  cwd?: string;
  /** The whole environment when given (NO_COLOR=1 added), else this process's. */
  env?: NodeJS.ProcessEnv;
}

/** Runs `argv` (executable first) with stdin closed, collecting its output; never rejects. */
export function runCommand(argv: string[], opts: RunCommandOptions): Promise<CommandRun> {
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: opts.cwd,
    env: { ...(opts.env ?? process.env), NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return collect(child, opts.timeoutMs, `Command "${argv.join(" ")}"`);
}

/** Collects a spawned child's stdout (to `onLine` as well, line by line) and stderr, killing it after `timeoutMs`. */
function collect(
  child: ChildProcess,
  timeoutMs: number,
  what: string,
  onLine?: (line: string) => void,
): Promise<CommandRun> {
  let stdout = "";
  let stderr = "";
  let failure: string | undefined;
  const outText = new TextDecoder();
  const errText = new TextDecoder();
  child.stdout!.on("data", (d: Uint8Array) => (stdout += outText.decode(d, { stream: true })));
  child.stderr!.on("data", (d: Uint8Array) => (stderr += errText.decode(d, { stream: true })));
  if (onLine) createInterface({ input: child.stdout! }).on("line", onLine);
  const timer = setTimeout(() => {
    failure = `${what} did not finish in ${timeoutMs} ms`;
    child.kill("SIGKILL");
  }, timeoutMs);
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, failure });
    });
  });
}

/** The child's result, or an Error naming the exit, the failure and the tail of its output. */
export function resultOf<T>(run: ChildRun<T>, what = "child"): T {
  if (run.code === 0 && run.result !== undefined && run.failure === undefined) return run.result;
  const why = run.failure ?? (run.result === undefined ? "no RESULT line" : "non-zero exit");
  throw new Error(
    `The ${what} failed (${why}; exit ${run.code}, signal ${run.signal}): ${
      run.stderr.slice(-3000) || run.stdout.slice(-1500)
    }`,
  );
}

/** Runs `script` and resolves with its result; rejects as resultOf() does. */
export async function childResult<T = Record<string, unknown>>(
  script: string | URL,
  opts: RunChildOptions,
): Promise<T> {
  return resultOf(await runChild<T>(script, opts), `child "${script instanceof URL ? fileURLToPath(script) : script}"`);
}

// ---- child side ----

/** Child: reports its result to the parent. */
export function reportResult(result: unknown): void {
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

const pending: ((line: string) => void)[] = [];
let reader: ReturnType<typeof createInterface> | undefined;

/** Child: sends a message to the parent and resolves with its answer (answers come back in order). */
export function askParent<T = unknown>(msg: unknown): Promise<T> {
  reader ??= createInterface({ input: process.stdin }).on("line", (line) => pending.shift()?.(line));
  return new Promise((resolve) => {
    pending.push((line) => resolve(JSON.parse(line) as T));
    process.stdout.write(`MSG ${JSON.stringify(msg)}\n`);
  });
}

/**
 * Child: exits explicitly after stdout drained — the node-webrtc teardown rule (docs/node-webrtc.md): close every
 * PeerConnection and stop every track first, then call this.
 */
export function exitChild(code = 0): void {
  reader?.close();
  process.stdout.write("", () => process.exit(code));
}

/** Child: runs `main`, reports what it resolves with, and exits (1 with the stack on stderr when it throws). */
export function runAsChild(main: () => Promise<unknown>): void {
  main().then(
    (r) => {
      reportResult(r);
      exitChild(0);
    },
    (e: unknown) => {
      process.stderr.write(`child failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      exitChild(1);
    },
  );
}
