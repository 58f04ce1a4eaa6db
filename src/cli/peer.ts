/**
 * `shieldcall peer --stdio`: the reference peer as a driver-protocol adapter (SPEC §7) on stdin/stdout.
 * Stdout carries protocol lines only; everything else (including stray console.log calls) goes to stderr.
 */
import process from "node:process";
import { runStdioAdapter } from "../driver/mod.ts";
import { ReferencePeer } from "../peer/mod.ts";
import type { PeerVariant } from "../peer/mod.ts";
import { SIGNALING_PROTOCOL_VERSIONS } from "../protocol/mod.ts";

/** Options of `shieldcall peer`. `service` and `token` pre-configure the peer (a later `configure` replaces it). */
export interface PeerCommandOptions {
  stdio: boolean;
  service?: string;
  token?: string;
  /** Run a mutant of the reference (SPEC §12.7): one deliberate fault, for the suite's self-validation. */
  mutant?: string;
  /** TEST ONLY: the `auth.protocol` to play (1 or 2: an older endpoint, never E2EE-capable; default 3). */
  protocol?: number;
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
  // SPEC §6: an endpoint authenticates with one of the versions a service accepts.
  const versions: readonly number[] = SIGNALING_PROTOCOL_VERSIONS;
  if (opts.protocol !== undefined && !versions.includes(opts.protocol)) {
    console.error(`shieldcall peer: --protocol must be one of ${versions.join(", ")}`);
    return 2;
  }
  const protocol = opts.protocol as 1 | 2 | 3 | undefined;
  let variant: PeerVariant | undefined;
  if (opts.mutant !== undefined) {
    // The mutant catalogue is loaded only here; the reference path never reaches it.
    const { findMutant, MUTANTS } = await import("../peer/mutants.ts");
    const m = findMutant(opts.mutant);
    if (!m) {
      console.error(`shieldcall peer: unknown mutant "${opts.mutant}"; known: ${MUTANTS.map((x) => x.id).join(", ")}`);
      return 2;
    }
    variant = m.variant;
    process.stderr.write(`[peer] MUTANT ${m.id}: ${m.description}\n`);
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
    ...(variant || protocol !== undefined
      ? {
        peerFactory: (cfg, log) =>
          new ReferencePeer({
            serviceUrl: cfg.serviceUrl,
            token: cfg.token,
            device: cfg.device,
            log,
            ...(variant ? { variant } : {}),
            ...(protocol !== undefined ? { protocol } : {}),
          }),
      }
      : {}),
    ...(opts.service !== undefined && opts.token !== undefined
      ? { preconfigure: { serviceUrl: opts.service, token: opts.token, user: "" } }
      : {}),
  });
}
