/**
 * The demo UI of the web client (`shieldcall serve --demo`): sign in as a demo user, settings with the E2EE toggle
 * where the policy is userControlled (SPEC §3.3, P3), place and answer calls, the other side's video, the E2EE
 * shield and the 20-digit number in four groups of five while the call is E2EE (SPEC V1, §5.6), the offered features
 * of a standard call (SPEC §4.2). Not used by automation pages (`?automation`).
 */
import type { CallState } from "../protocol/mod.ts";
import { WebClient } from "./client.ts";
import { CallView, h } from "./call_view.ts";
import { sframeSupported } from "./sframe_media.ts";

interface DemoUser {
  id: string;
  displayName: string;
  token: string;
}
interface DemoConfig {
  signalUrl: string;
  users: DemoUser[];
}

/** Renders the demo into `root`; `use` hands the signed-in client to the automation surface too. */
export function startUi(root: HTMLElement, use: (c: WebClient) => void): void {
  if (new URLSearchParams(location.search).has("automation")) return;
  void (async () => {
    const res = await fetch("/demo.json").catch(() => null);
    if (!res || !res.ok) {
      root.append(h("div", { class: "empty" }, "This page is served by `shieldcall serve --demo`."));
      return;
    }
    const cfg = (await res.json()) as DemoConfig;
    signIn(root, cfg, use);
  })();
}

function signIn(root: HTMLElement, cfg: DemoConfig, use: (c: WebClient) => void): void {
  root.replaceChildren(
    h(
      "div",
      { class: "signin" },
      h("div", { class: "brand" }, shield(), h("span", {}, "ShieldCall")),
      h("h1", {}, "Sign in"),
      h("p", { class: "muted" }, "Choose a demo account. Open a second tab to sign in as someone else."),
      ...cfg.users.map((u) => {
        const b = h(
          "button",
          { class: "account", "data-testid": `signin-${u.id}` },
          avatar(u.displayName),
          h("span", {}, u.displayName),
          h("small", {}, u.id),
        );
        b.onclick = () => void app(root, cfg, u, use);
        return b;
      }),
    ),
  );
}

async function app(root: HTMLElement, cfg: DemoConfig, me: DemoUser, use: (c: WebClient) => void): Promise<void> {
  const client = new WebClient({
    serviceUrl: cfg.signalUrl,
    token: me.token,
    device: `web-${Math.random().toString(36).slice(2, 8)}`,
  });
  use(client);
  await client.connect();
  await client.getSettings();
  const settingsBox = h("section", { class: "card settings" });
  const contacts = h("section", { class: "card contacts" });
  const stage = h("main", { class: "stage", "data-testid": "stage" });
  root.replaceChildren(
    h(
      "header",
      { class: "top" },
      h("div", { class: "brand" }, shield(), h("span", {}, "ShieldCall")),
      h("div", { class: "me" }, avatar(me.displayName), h("span", { "data-testid": "me" }, me.displayName)),
    ),
    h("div", { class: "layout" }, h("aside", {}, settingsBox, contacts), stage),
  );
  const renderSettings = () => {
    const s = client.settings;
    settingsBox.replaceChildren(h("h2", {}, "Settings"));
    if (s.visible) {
      // SPEC §3.3 (P3): the toggle exists only where the effective policy is userControlled
      const input = h("input", { type: "checkbox", "data-testid": "e2ee-toggle" });
      input.checked = s.enabled;
      input.onchange = () => void client.setSettings(input.checked).then(renderSettings, renderSettings);
      settingsBox.append(
        h(
          "label",
          { class: "toggle" },
          input,
          h("span", { class: "slider" }),
          h("span", {}, "End-to-end encrypted calls"),
        ),
        h(
          "p",
          { class: "muted" },
          s.enabled
            ? "Your 1:1 calls are end-to-end encrypted when the other person has it on too."
            : "Recording, captions, transfer and other features stay available while this is off.",
        ),
      );
    } else {
      settingsBox.append(
        h(
          "p",
          { class: "muted", "data-testid": "e2ee-managed" },
          "End-to-end encryption is not available under your organisation's policy.",
        ),
      );
    }
  };
  renderSettings();
  contacts.append(
    h("h2", {}, "People"),
    ...cfg.users.filter((u) => u.id !== me.id).map((u) => {
      const failed = (e: unknown) => toast(stage, `Call failed: ${(e as Error).message}`);
      const b = h("button", { class: "primary", "data-testid": `call-${u.id}` }, "Call");
      b.onclick = () => void client.place(u.id).catch(failed);
      // SPEC §13.10: an SFrame call (media sealed per frame, through the service's forwarder) where the browser can
      const sf = h("button", {
        class: "quiet",
        "data-testid": `call-sframe-${u.id}`,
        title: "End-to-end encrypted per frame (SFrame), through the service's forwarder",
      }, "SFrame");
      sf.onclick = () => void client.place(u.id, "sframe").catch(failed);
      const buttons = sframeSupported() ? [sf, b] : [b];
      return h("div", { class: "contact" }, avatar(u.displayName), h("span", {}, u.displayName), ...buttons);
    }),
  );
  const names = new Map(cfg.users.map((u) => [u.id, u.displayName]));
  const render = (s: CallState) => renderCall(stage, client, s, names.get(s.peer) ?? s.peer);
  client.on("changed", ((s: CallState) => render(s)) as never);
  stage.append(
    h("div", { class: "idle" }, h("p", {}, "No call."), h("p", { class: "muted" }, "Call someone from the list.")),
  );
  // media counters, the video and the connecting step change without events: refresh the live call's panel in place
  setInterval(() => {
    const live = [...client.calls.values()].find((c) => c.state !== "ended");
    if (live) render(client.state(live.callId));
  }, 500);
}

/** Shows the call `s` on the stage: its panel is made once, then only updated (./call_view.ts). */
function renderCall(stage: HTMLElement, client: WebClient, s: CallState, peerName: string): void {
  let view = views.get(s.callId);
  if (!view) {
    view = new CallView(client, s, peerName, avatar(peerName), shield);
    views.set(s.callId, view);
    stage.replaceChildren(view.el);
    // Only the newest call keeps a panel; older ones were replaced on the stage.
    for (const id of views.keys()) if (id !== s.callId) views.delete(id);
  } else view.update(s, peerName);
}

const views = new Map<string, CallView>();

function toast(stage: HTMLElement, text: string): void {
  const t = h("div", { class: "toast" }, text);
  stage.append(t);
  setTimeout(() => t.remove(), 4000);
}

function avatar(name: string): HTMLElement {
  return h("span", { class: "avatar" }, name.slice(0, 1).toUpperCase());
}

function shield(): SVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", "shield");
  const p = document.createElementNS(ns, "path");
  p.setAttribute(
    "d",
    "M12 2 4 5v6c0 5 3.4 9.3 8 11 4.6-1.7 8-6 8-11V5l-8-3Zm-1.2 14.2-3.5-3.5 1.4-1.4 2.1 2.1 4.9-4.9 1.4 1.4-6.3 6.3Z",
  );
  svg.append(p);
  return svg;
}
