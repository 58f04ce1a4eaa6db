/**
 * Launches Debian's Chromium (found on PATH) through playwright-core; no browser is downloaded. One browser per
 * process, shared by every page; each launch gets a fresh temporary profile (playwright's launch() makes one).
 */
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { ShieldCallError } from "../../errors.ts";

/**
 * Flags for a headless, quiet, sandbox-free Chromium that may play WebAudio without a click (automation pages have
 * none). No fake media UI and no mDNS override: host candidates stay hidden as in any browser, and the relay learns
 * the page's address from its authenticated connectivity checks (SPEC §4.3 TR4, §6.1 "Candidates").
 */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--autoplay-policy=no-user-gesture-required",
];

/**
 * The chromium executable: $SHIELDCALL_CHROMIUM when set (null when that file does not exist: a wrong path is never
 * silently replaced by another browser), else `chromium` or `chromium-browser` on PATH; null if none.
 */
export function findChromium(): string | null {
  const env = process.env.SHIELDCALL_CHROMIUM;
  if (env) return existsSync(env) ? env : null;
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    for (const name of ["chromium", "chromium-browser"]) {
      const p = join(dir, name);
      if (dir && existsSync(p)) return p;
    }
  }
  return null;
}

/** One line that says which browser is missing and how to provide one. */
export function chromiumMissing(): string {
  const env = process.env.SHIELDCALL_CHROMIUM;
  return env
    ? `Chromium not found: SHIELDCALL_CHROMIUM="${env}" does not exist (point it at chromium or google-chrome)`
    : "Chromium not found: install chromium (apt-get install chromium) or set SHIELDCALL_CHROMIUM to a Chrome or " +
      "Chromium executable (e.g. /usr/bin/google-chrome)";
}

let shared: Promise<Browser> | undefined;

/** The process's Chromium, launched on first use. @throws Error when chromium is not installed */
export function sharedBrowser(): Promise<Browser> {
  shared ??= (async () => {
    const executablePath = findChromium();
    if (!executablePath) throw new ShieldCallError("BAD_STATE", chromiumMissing());
    return await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
  })();
  return shared;
}

/** Closes the shared browser if it was launched. */
export async function closeSharedBrowser(): Promise<void> {
  const b = shared;
  shared = undefined;
  if (b) await (await b).close().catch(() => {});
}
