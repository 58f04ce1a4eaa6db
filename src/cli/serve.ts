/**
 * `shieldcall serve`: runs the call service until interrupted (SPEC §4, §10).
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import process from "node:process";
import { isShieldCallError } from "../errors.ts";

/** Options of `shieldcall serve` (see src/cli.ts for their help text). */
export interface ServeArgs {
  /** Stop when stdin closes (set by a parent process that runs the service as its child). */
  exitWithStdin?: boolean;
  port: number;
  host: string;
  policy?: string;
  state?: string;
  adminToken?: string;
  ringTimeout: number;
  /** Also serve the web client with demo users (src/web/host/demo.ts). */
  demo?: boolean;
  /** Media processor worker processes (default: the number of cores; 0: legs in the service process). */
  processorWorkers?: number;
  /** Log only errors. */
  quiet?: boolean;
  /** Write the process id here; removed on a clean stop. */
  pidFile?: string;
  /** SPEC §2.5 (S3): standard / E2EE calls admitted at once (default: measured per core; 0 = no limit). */
  maxCalls?: number;
  maxE2eeCalls?: number;
}

/** Starts the service and resolves with the exit code once SIGINT/SIGTERM stops it. */
export async function serveCommand(a: ServeArgs): Promise<number> {
  const { startService } = await import("../service/mod.ts");
  let policy: unknown;
  if (a.policy) {
    try {
      policy = JSON.parse(readFileSync(a.policy, "utf8"));
    } catch (e) {
      console.error(`shieldcall serve: cannot read policy file "${a.policy}": ${(e as Error).message}`);
      return 1;
    }
  }
  const { ServiceLog } = await import("../service/mod.ts");
  const { defaultCapacity } = await import("../service/mod.ts");
  const oplog = new ServiceLog((l) => console.error(l), { quiet: a.quiet ?? false });
  // SPEC §2.5 (S3): --max-calls / --max-e2ee-calls, else SHIELDCALL_MAX_CALLS ("N" or "N,M"), else measured per core.
  const env = (process.env.SHIELDCALL_MAX_CALLS ?? "").split(",").map((v) => (v.trim() === "" ? undefined : Number(v)));
  const measured = defaultCapacity(availableParallelism());
  measured.standard = env[0] ?? measured.standard;
  measured.e2ee = env[1] ?? measured.e2ee;
  let svc;
  try {
    svc = await startService({
      port: a.port,
      host: a.host,
      noAnswerMs: Math.round(a.ringTimeout * 1000),
      log: (l) => oplog.text(l),
      events: (e) => oplog.event(e),
      capacity: { standard: a.maxCalls ?? measured.standard, e2ee: a.maxE2eeCalls ?? measured.e2ee },
      ...(policy !== undefined ? { policy } : {}),
      ...(a.state ? { statePath: a.state } : {}),
      ...(a.adminToken ? { adminToken: a.adminToken } : {}),
      // SPEC §4.4: standard calls' legs spread over worker processes: --processor-workers, else
      // SHIELDCALL_PROCESSOR_WORKERS (read by startService), else one per core.
      ...(a.processorWorkers !== undefined || !process.env.SHIELDCALL_PROCESSOR_WORKERS
        ? { processorWorkers: a.processorWorkers ?? availableParallelism() }
        : {}),
    });
  } catch (e) {
    if (isShieldCallError(e)) {
      console.error(`shieldcall serve: ${e.code}: ${e.message}`);
      const errors = (e.detail?.errors ?? []) as { path: string; message: string }[];
      for (const x of errors) console.error(`  ${x.path}: ${x.message}`);
      return 1;
    }
    console.error(`shieldcall serve: ${(e as Error).message}`);
    return 1;
  }
  if (a.pidFile) {
    try {
      writeFileSync(a.pidFile, `${process.pid}\n`);
    } catch (e) {
      console.error(`shieldcall serve: cannot write pid file "${a.pidFile}": ${(e as Error).message}`);
      await svc.close();
      return 1;
    }
  }
  console.log(`shieldcall service listening\n  signaling: ${svc.signalUrl}\n  admin:     ${svc.adminUrl}`);
  // `--demo`: demo users and the web client (src/web/host/demo.ts)
  const demo = a.demo
    ? await (await import("../web/host/demo.ts")).startDemo(svc, a.adminToken ? { adminToken: a.adminToken } : {})
    : null;
  if (demo) {
    console.log(`  web demo:  ${demo.url}  (sign in as ${demo.users.map((u) => u.id).join(", ")}, one per tab)`);
  }
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
    // A parent that starts the service as a child (the conformance runner) passes --exit-with-stdin, so the service
    // stops when that parent dies, however it dies (its end of the pipe closes).
    if (a.exitWithStdin) {
      process.stdin.once("end", resolve);
      process.stdin.once("close", resolve);
      process.stdin.resume();
    }
  });
  console.error("shieldcall serve: shutting down");
  await demo?.close();
  await svc.close();
  if (a.pidFile) rmSync(a.pidFile, { force: true });
  return 0;
}
