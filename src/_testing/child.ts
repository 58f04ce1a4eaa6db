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
import { tsCommand } from "../runtime/self.ts";

/** The whole command (runtime executable first) that runs a TypeScript file, e.g. as an `--impl` adapter. */
export { tsCommand };

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

/** Runs `script` (a path or file URL) as a child of this runtime; never rejects. */
export async function runChild<T = Record<string, unknown>>(
  script: string | URL,
  opts: RunChildOptions,
): Promise<ChildRun<T>> {
  const path = script instanceof URL ? fileURLToPath(script) : script;
  let result: T | undefined;
  let failure: string | undefined;
  const { child, done } = startCommand([...tsCommand(path), ...(opts.args ?? [])], {
    timeoutMs: opts.timeoutMs,
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdin: opts.onMessage !== undefined,
    what: `Child "${path}"`,
    onLine: (line) => {
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
    },
  });
  const run = await done;
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
  /** Written to the command's stdin, which is then closed; without it stdin is closed from the start. */
  input?: string;
}

/** Runs `argv` (executable first), collecting its output; never rejects. */
export function runCommand(argv: string[], opts: RunCommandOptions): Promise<CommandRun> {
  const { child, done } = startCommand(argv, { ...opts, stdin: opts.input !== undefined });
  if (opts.input !== undefined) child.stdin!.end(opts.input);
  return done;
}

/** Options of startCommand(). */
export interface StartCommandOptions extends Omit<RunCommandOptions, "input"> {
  /** Give the command a stdin pipe (`child.stdin`); otherwise its stdin is closed. */
  stdin?: boolean;
  /** Called with each line of its stdout (stdout is collected as well). */
  onLine?: (line: string) => void;
  /** How the timeout failure names the command (default: the command line). */
  what?: string;
  /**
   * Start it as the leader of a new process group, and kill the whole group — at the bound, when this process exits,
   * and once the command itself has closed (helpers it left in the group, e.g. a browser's, go with it).
   */
  group?: boolean;
}

/** A command startCommand() started. */
export interface LiveCommand {
  /** The child process: its pid, its stdin pipe (with `stdin: true`), kill(). */
  readonly child: ChildProcess;
  /** Its stdout so far. */
  stdout(): string;
  /** Its stderr so far: name it when the test fails. */
  stderr(): string;
  /** Kills it (SIGKILL; its process group with `group`). */
  kill(): void;
  /** Resolves once it exited and its output closed (stdout and stderr in full); never rejects. */
  readonly done: Promise<CommandRun>;
}

/** Kills of the children still running; called when the test process exits, so none outlives its test. */
const live = new Set<() => void>();

/**
 * Starts `argv` (executable first) and collects its output while the test talks to it. It is killed (SIGKILL) after
 * `timeoutMs` (the run's `failure` says so) and when this process exits, whatever the test did.
 */
export function startCommand(argv: string[], opts: StartCommandOptions): LiveCommand {
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: opts.cwd,
    env: { ...(opts.env ?? process.env), NO_COLOR: "1" },
    stdio: [opts.stdin ? "pipe" : "ignore", "pipe", "pipe"],
    detached: opts.group === true,
  });
  const kill = () => {
    try {
      if (opts.group && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      else child.kill("SIGKILL");
    } catch { /* already gone */ }
  };
  if (live.size === 0) process.once("exit", killLive);
  live.add(kill);
  let stdout = "";
  let stderr = "";
  let failure: string | undefined;
  const outText = new TextDecoder();
  const errText = new TextDecoder();
  child.stdout!.on("data", (d: Uint8Array) => (stdout += outText.decode(d, { stream: true })));
  child.stderr!.on("data", (d: Uint8Array) => (stderr += errText.decode(d, { stream: true })));
  if (opts.onLine) createInterface({ input: child.stdout! }).on("line", opts.onLine);
  // A child that stops reading its stdin must not crash the test with EPIPE: its exit says what happened.
  child.stdin?.on("error", () => {});
  const timer = setTimeout(() => {
    failure = `${opts.what ?? `Command "${argv.join(" ")}"`} did not finish in ${opts.timeoutMs} ms`;
    kill();
  }, opts.timeoutMs);
  const done = new Promise<CommandRun>((resolve) => {
    child.on("error", (e) => {
      failure ??= `Command "${argv.join(" ")}" could not start: ${e.message}`;
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (opts.group) kill();
      live.delete(kill);
      if (live.size === 0) process.removeListener("exit", killLive);
      resolve({ code, signal, stdout, stderr, failure });
    });
  });
  return { child, stdout: () => stdout, stderr: () => stderr, kill, done };
}

function killLive(): void {
  for (const kill of live) kill();
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
