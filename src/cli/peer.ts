/**
 * `shieldcall peer --stdio`: the reference peer as a driver-protocol adapter (SPEC §7) on stdin/stdout.
 * Stdout carries protocol lines only; everything else (including stray console.log calls) goes to stderr.
 */
import process from "node:process";
import { runStdioAdapter } from "../driver/mod.ts";

/** Options of `shieldcall peer`. `service` and `token` pre-configure the peer (a later `configure` replaces it). */
export interface PeerCommandOptions {
  stdio: boolean;
  service?: string;
  token?: string;
}

/** Runs the adapter until `shutdown` (exits the process with 0) or end of input (resolves 0); 2 on bad options. */
export async function peerCommand(opts: PeerCommandOptions): Promise<number> {
  if (!opts.stdio) {
    console.error("shieldcall peer: only --stdio is supported");
    return 2;
  }
  if ((opts.service === undefined) !== (opts.token === undefined)) {
    console.error("shieldcall peer: --service and --token go together");
    return 2;
  }
  // SPEC §7: stdout is the protocol channel; nothing else may write to it.
  const toStderr = (...args: unknown[]) => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.warn = toStderr;
  return await runStdioAdapter({
    input: process.stdin,
    output: process.stdout,
    log: (line) => process.stderr.write(`[peer] ${line}\n`),
    exit: (code) => process.exit(code),
    ...(opts.service !== undefined && opts.token !== undefined
      ? { preconfigure: { serviceUrl: opts.service, token: opts.token, user: "" } }
      : {}),
  });
}
