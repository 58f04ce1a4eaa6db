/**
 * `shieldcall web-peer --stdio`: the web client as a driver-protocol adapter (SPEC §7). Each `configure` opens one
 * headless Chromium page (Debian's chromium from PATH, driven by playwright-core) that runs the web client bundle
 * served from http://127.0.0.1. Stdout carries protocol lines only. Also the `--impl` aliases of the suite.
 */
import process from "node:process";
import { runStdioAdapter, selfCommand } from "../driver/mod.ts";

/** Named implementations for `conformance --impl` / `interop`: the alias `web` is this adapter. */
export function implAlias(name: string): string[] | null {
  if (name === "web") return [...selfCommand(), "web-peer", "--stdio"];
  if (name === "ref" || name === "reference") return [...selfCommand(), "peer", "--stdio"];
  return null;
}

/** Null when a Chromium for the web client is installed, else one line: what is missing and how to fix it. */
export function webPrerequisite(): Promise<string | null> {
  return import("../web/host/chromium.ts").then((m) => (m.findChromium() ? null : m.chromiumMissing()));
}

/** Runs the adapter until `shutdown` or end of input; closes every page and the browser first. */
export async function webPeerCommand(opts: { stdio: boolean; mutant?: string }): Promise<number> {
  if (!opts.stdio) {
    console.error("shieldcall web-peer: only --stdio is supported");
    return 2;
  }
  if (opts.mutant !== undefined) {
    // SPEC §12.7: one deliberate fault in the web client's SFrame code, for the sframe cases' self-validation
    const { findWebMutant, WEB_MUTANTS } = await import("../web/mutants.ts");
    if (!findWebMutant(opts.mutant)) {
      const known = WEB_MUTANTS.map((m) => m.id).join(", ");
      console.error(`shieldcall web-peer: unknown mutant "${opts.mutant}"; known: ${known}`);
      return 2;
    }
  }
  const { PagePeer, webProfiles } = await import("../web/host/page_peer.ts");
  const { closeSharedBrowser } = await import("../web/host/chromium.ts");
  // SPEC §7: stdout is the protocol channel; nothing else may write to it.
  const toStderr = (...args: unknown[]) => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.warn = toStderr;
  const log = (line: string) => process.stderr.write(`[web-peer] ${line}\n`);
  // SPEC §7: "sframe" is declared only when this Chromium has RTCRtpScriptTransform (the web client then implements
  // §13 end to end: keys from the handshake, frames sealed and opened in one worker, the forwarder topology)
  const profiles = await webProfiles();
  log(`profiles: ${profiles.join(", ")}${opts.mutant ? `; MUTANT ${opts.mutant}` : ""}`);
  const code = await runStdioAdapter({
    name: opts.mutant ? `shieldcall-web (mutant ${opts.mutant})` : "shieldcall-web",
    profiles,
    input: process.stdin,
    output: process.stdout,
    log,
    peerFactory: (cfg, l) => new PagePeer(cfg, l, opts.mutant),
    exit: (c) => void closeSharedBrowser().finally(() => process.exit(c)),
  });
  await closeSharedBrowser();
  return code;
}
