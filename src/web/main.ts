/**
 * Entry of the web client bundle: the automation surface the web-peer adapter drives (`window.shieldcall`, SPEC §7
 * operations, results as `{ok, value}` or `{ok: false, code, message}`) and the demo UI (./ui.ts).
 */
import type { CallState } from "../protocol/mod.ts";
import { WebClient } from "./client.ts";
import { startUi } from "./ui.ts";

type Result<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

async function wrap<T>(fn: () => Promise<T> | T): Promise<Result<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    const code = (e as { code?: string })?.code;
    return {
      ok: false,
      code: typeof code === "string" && /^[A-Z0-9_]+$/.test(code) ? code : "INTERNAL",
      message: String((e as Error)?.message ?? e),
    };
  }
}

/** Events to the host: a function the adapter exposes, absent in a plain browser. */
const emit = (kind: string, data: unknown) => {
  const f = (globalThis as unknown as { __shieldcallEvent?: (k: string, d: string) => void }).__shieldcallEvent;
  if (f) void Promise.resolve(f(kind, JSON.stringify(data))).catch(() => {});
};

let client: WebClient | null = null;

/**
 * SPEC §12.7: a web mutant's id from the page's `mutant` query parameter (`web-peer --mutant ID`); none when clean.
 */
const mutant = (): { mutant?: string } => {
  const id = typeof location === "undefined" ? null : new URL(location.href).searchParams.get("mutant");
  return id ? { mutant: id } : {};
};
const need = () => {
  if (!client) throw Object.assign(new Error("Not configured"), { code: "AUTH_REQUIRED" });
  return client;
};

const api = {
  configure: (cfg: { serviceUrl: string; token: string; device?: string }) =>
    wrap(async () => {
      client?.close();
      client = new WebClient({ ...cfg, log: (l) => emit("log", l), ...mutant() });
      client.on("incoming", ((e: unknown) => emit("incoming", e)) as never);
      client.on("changed", ((s: CallState) => emit("changed", s)) as never);
      const w = await client.connect();
      return { userId: w.userId, endpointId: w.endpointId };
    }),
  getSettings: () => wrap(() => need().getSettings().then((s) => ({ visible: s.visible, enabled: s.enabled }))),
  setSettings: (enabled: boolean) =>
    wrap(() => need().setSettings(enabled).then((s) => ({ visible: s.visible, enabled: s.enabled }))),
  // SPEC §7 `call.place {to, profile?}`: "sframe" asks for an SFrame call (SPEC §13.10)
  place: (to: string, profile?: "dtls-srtp" | "sframe") => wrap(() => need().place(to, profile)),
  answer: (callId: string) => wrap(() => need().answer(callId)),
  decline: (callId: string) => wrap(() => need().decline(callId)),
  hangup: (callId: string) => wrap(() => need().hangup(callId)),
  state: (callId: string) => wrap(() => need().state(callId)),
  requestFeature: (callId: string, feature: string, args?: Record<string, unknown>) =>
    wrap(() => need().requestFeature(callId, feature, args)),
  close: () =>
    wrap(() => {
      client?.close();
      client = null;
    }),
};

(globalThis as unknown as { shieldcall: typeof api }).shieldcall = api;
if (typeof document !== "undefined" && document.getElementById("app")) {
  startUi(document.getElementById("app")!, (c) => (client = c));
}
