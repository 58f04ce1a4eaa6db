/**
 * A driver peer (src/driver/stdio_server.ts `DriverPeer`) backed by one headless Chromium page running the web
 * client: every SPEC §7 method is one call into the page's `window.shieldcall`, and the page's `incoming`/`changed`
 * events come back through an exposed function. Node side.
 */
import type { BrowserContext, Page } from "playwright-core";
import { type ErrorCode, isErrorCode, ShieldCallError } from "../../errors.ts";
import type { DriverPeer, PeerConfig } from "../../driver/mod.ts";
import type { CallState, MediaProfile } from "../../protocol/mod.ts";
import { sharedBrowser } from "./chromium.ts";
import { serveWebClient, type StaticServer } from "./static_server.ts";

/**
 * SPEC §7: the media profiles the web client implements in this Chromium — "sframe" too when the browser has
 * `RTCRtpScriptTransform` (SPEC §13.7); ["dtls-srtp"] when no Chromium can be launched.
 */
export async function webProfiles(): Promise<MediaProfile[]> {
  try {
    const page = await (await sharedBrowser()).newPage();
    try {
      const sframe = await page.evaluate(() =>
        typeof (globalThis as { RTCRtpScriptTransform?: unknown }).RTCRtpScriptTransform === "function" &&
        typeof Worker === "function"
      );
      return sframe ? ["dtls-srtp", "sframe"] : ["dtls-srtp"];
    } finally {
      await page.close().catch(() => {});
    }
  } catch {
    return ["dtls-srtp"];
  }
}

let server: Promise<StaticServer> | undefined;
/** The process's static server for the page (http://127.0.0.1, a secure context). */
export function sharedServer(): Promise<StaticServer> {
  server ??= serveWebClient();
  return server;
}

type Incoming = { callId: string; from: string; via?: { feature: string; by: string } };
type Result = { ok: true; value: unknown } | { ok: false; code: string; message: string };

/** One endpoint = one page of the shared browser. */
export class PagePeer implements DriverPeer {
  #ctx: BrowserContext | undefined;
  #page: Page | undefined;
  #on = { incoming: new Set<(e: Incoming) => void>(), changed: new Set<(e: CallState) => void>() };
  #closed = false;

  /** @param mutant a web mutant's id (src/web/mutants.ts, SPEC §12.7), given to the page; none when clean */
  constructor(readonly cfg: PeerConfig, readonly log: (line: string) => void, readonly mutant?: string) {}

  async connect(): Promise<{ userId: string; endpointId: string }> {
    const browser = await sharedBrowser();
    const { url } = await sharedServer();
    this.#ctx = await browser.newContext();
    const page = (this.#page = await this.#ctx.newPage());
    page.on("console", (m) => this.log(`page ${m.type()}: ${m.text()}`));
    page.on("pageerror", (e) => this.log(`page error: ${e.message}`));
    await page.exposeFunction("__shieldcallEvent", (kind: string, data: string) => {
      const v = JSON.parse(data);
      if (kind === "log") return this.log(`web: ${v}`);
      if (kind === "incoming") { for (const fn of this.#on.incoming) fn(v as Incoming); }
      if (kind === "changed") { for (const fn of this.#on.changed) fn(v as CallState); }
    });
    await page.goto(`${url}?automation${this.mutant ? `&mutant=${encodeURIComponent(this.mutant)}` : ""}`);
    await page.waitForFunction(() => "shieldcall" in globalThis);
    const cfg = {
      serviceUrl: this.cfg.serviceUrl,
      token: this.cfg.token,
      ...(this.cfg.device ? { device: this.cfg.device } : {}),
    };
    return (await this.#call("configure", cfg)) as { userId: string; endpointId: string };
  }

  /** Calls `window.shieldcall[method](...args)` and maps a refusal to a ShieldCallError with its code. */
  async #call(method: string, ...args: unknown[]): Promise<unknown> {
    if (!this.#page || this.#closed) throw new ShieldCallError("BAD_STATE", "The page is closed");
    const r = (await this.#page.evaluate(
      ([m, a]) =>
        (globalThis as unknown as { shieldcall: Record<string, (...x: unknown[]) => Promise<unknown>> })
          .shieldcall[m as string]!(...(a as unknown[])),
      [method, args] as const,
    )) as Result;
    if (r.ok) return r.value;
    const code: ErrorCode = isErrorCode(r.code) ? r.code : "INTERNAL";
    throw new ShieldCallError(code, r.message.slice(0, 1000) || code);
  }

  getSettings() {
    return this.#call("getSettings") as Promise<{ visible: boolean; enabled: boolean }>;
  }
  setSettings(enabled: boolean) {
    return this.#call("setSettings", enabled) as Promise<{ visible: boolean; enabled: boolean }>;
  }
  place(to: string, profile?: MediaProfile) {
    return (profile === undefined ? this.#call("place", to) : this.#call("place", to, profile)) as Promise<string>;
  }
  async answer(callId: string) {
    await this.#call("answer", callId);
  }
  async decline(callId: string) {
    await this.#call("decline", callId);
  }
  async hangup(callId: string) {
    await this.#call("hangup", callId);
  }
  /**
   * The live CallState from the page. DriverPeer types this as synchronous; the adapter awaits whatever `state`
   * returns (runStdioAdapter's handler is async), so a promise is answered with its value.
   */
  state(callId: string): CallState {
    return this.#call("state", callId) as unknown as CallState;
  }
  requestFeature(callId: string, feature: string, args?: Record<string, unknown>) {
    return this.#call("requestFeature", callId, feature, args) as Promise<
      { ok: true; result?: Record<string, unknown> }
    >;
  }
  on(event: "incoming", fn: (e: Incoming) => void): () => void;
  on(event: "changed", fn: (e: CallState) => void): () => void;
  on(event: "incoming" | "changed", fn: (e: never) => void): () => void {
    const set = this.#on[event] as Set<(e: never) => void>;
    set.add(fn);
    return () => set.delete(fn);
  }
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#call("close").catch(() => {});
    this.#closed = true;
    await this.#ctx?.close().catch(() => {});
  }
}
