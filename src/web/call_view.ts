/**
 * The demo's call panel (src/web/ui.ts): built once per call, then updated in place, so every button stays the same
 * element for the life of the call and a click never lands on a node that was replaced. While the call connects it
 * names the step it is at; when a step fails, or connecting takes longer than the service allows, it says which step
 * and what to do (SPEC §6.1 call flow, §4.3 relay). Browser only.
 */
import type { CallState } from "../protocol/mod.ts";
import type { WebClient } from "./client.ts";

/** After this long in `connecting` the panel explains the step that is stuck (the service gives media 15 s). */
export const CONNECT_HINT_MS = 8_000;

const FEATURE_LABELS: Record<string, string> = {
  "recording": "Recording",
  "live-captions": "Live captions",
  "transcription": "Transcription",
  "transfer-blind": "Transfer",
  "transfer-safe": "Safe transfer",
  "transfer-consult": "Consult transfer",
  "park": "Park",
  "merge": "Merge",
  "companion": "Companion",
  "device-transfer": "Move to device",
  "add-participant": "Add people",
  "voicemail": "Voicemail",
  "simultaneous-ring": "Simultaneous ring",
};

/** Creates an element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...kids: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const k of kids) el.append(k);
  return el;
}

/** Sets a node's text only when it changed (no layout work, no mutation record otherwise). */
function text(el: HTMLElement, value: string): void {
  if (el.textContent !== value) el.textContent = value;
}

/** Shows or hides an element without replacing it. */
function show(el: HTMLElement, on: boolean): void {
  if (el.hidden === on) el.hidden = !on;
}

type Pc = { connectionState?: string; iceConnectionState?: string } | undefined;

/** What the call is waiting for, and (once it is late or failed) what went wrong and what to do. */
export function connectStep(
  s: CallState,
  pc: Pc,
  sinceMs: number,
): { step: string; problem: string | null } {
  const ice = pc?.iceConnectionState ?? "new";
  const conn = pc?.connectionState ?? "new";
  const e2ee = s.topology === "relay";
  const late = sinceMs >= CONNECT_HINT_MS;
  if (!pc || ice === "new") {
    return {
      step: "Exchanging call setup with the service…",
      problem: late
        ? "Step 1 of 3 (call setup) did not finish: the other side's answer never arrived. " +
          "Check that both tabs are still signed in, then hang up and call again."
        : null,
    };
  }
  if (ice === "checking" || ice === "failed" || ice === "disconnected") {
    return {
      step: e2ee ? "Finding a network path through the relay…" : "Finding a network path to the service…",
      problem: late || ice === "failed"
        ? "Step 2 of 3 (network path) failed: no connectivity check got through" +
          (e2ee ? " the transport relay" : "") + ". UDP between this browser and the service host may be blocked " +
          "(firewall, VPN or proxy): allow UDP to the service's address, then hang up and call again."
        : null,
    };
  }
  if (conn !== "connected") {
    return {
      step: "Setting up encryption keys (DTLS)…",
      problem: late || conn === "failed"
        ? "Step 3 of 3 (key exchange) failed: the network path works but the DTLS handshake did not finish. " +
          "Hang up and call again; if it repeats, the relay may be altering packets (see the call's evidence)."
        : null,
    };
  }
  return { step: "Checking the verification number…", problem: null };
}

/** One call's panel; `update` changes only what changed. */
export class CallView {
  readonly el: HTMLElement;
  readonly #client: WebClient;
  readonly #callId: string;
  readonly #status: HTMLElement;
  readonly #step: HTMLElement;
  readonly #problem: HTMLElement;
  readonly #e2ee: HTMLElement;
  /** SPEC §7, §13: the media profile beside the shield ("SFrame · E2EE", "DTLS-SRTP · E2EE"). */
  readonly #profile: HTMLElement;
  readonly #std: HTMLElement;
  readonly #video: HTMLVideoElement;
  readonly #stats: HTMLElement;
  readonly #number: HTMLElement;
  readonly #digits: HTMLElement;
  readonly #features: HTMLElement;
  readonly #chips: HTMLElement;
  readonly #answer: HTMLButtonElement;
  readonly #decline: HTMLButtonElement;
  readonly #hangup: HTMLButtonElement;
  /** The other side's voice (the SPEC §11.1 speech), played aloud; the Mute button silences it. */
  readonly #audio: HTMLAudioElement;
  readonly #sound: HTMLButtonElement;
  #connectingSince: number | null = null;
  #chipKey = "";

  constructor(client: WebClient, s: CallState, peerName: string, avatar: HTMLElement, shield: () => SVGElement) {
    this.#client = client;
    this.#callId = s.callId;
    this.#status = h("div", { class: "muted", "data-testid": "status" });
    this.#step = h("div", { class: "muted step", "data-testid": "step" });
    this.#problem = h("div", { class: "problem", role: "alert", "data-testid": "problem" });
    this.#profile = h("span", { class: "profile", "data-testid": "profile" });
    this.#e2ee = h(
      "div",
      { class: "badge e2ee", "data-testid": "e2ee-badge" },
      shield(),
      h("span", {}, "End-to-end encrypted"),
      this.#profile,
    );
    this.#std = h("div", { class: "badge std", "data-testid": "std-badge" }, h("span", {}, "Standard call"));
    this.#answer = h("button", { class: "primary", "data-testid": "answer" }, "Answer");
    this.#answer.onclick = () => void client.answer(s.callId);
    this.#decline = h("button", { class: "danger", "data-testid": "decline" }, "Decline");
    this.#decline.onclick = () => void client.decline(s.callId);
    this.#hangup = h("button", { class: "danger", "data-testid": "hangup" }, "Hang up");
    this.#hangup.onclick = () => void client.hangup(s.callId);
    this.#audio = h("audio", { autoplay: "", "data-testid": "remote-audio" });
    this.#sound = h("button", { class: "quiet", "data-testid": "mute" }, "Mute");
    this.#sound.onclick = () => {
      this.#audio.muted = !this.#audio.muted;
      text(this.#sound, this.#audio.muted ? "Unmute" : "Mute");
    };
    this.#video = h("video", { class: "remote", autoplay: "", playsinline: "", "data-testid": "remote-video" });
    this.#video.muted = true;
    this.#stats = h("div", { class: "stats muted", "data-testid": "media-stats" });
    this.#digits = h("div", { class: "digits", "data-testid": "number" });
    this.#number = h(
      "div",
      { class: "number" },
      h("div", { class: "muted" }, "Verification number — read it to each other; it must match"),
      this.#digits,
    );
    this.#chips = h("div", { class: "chips" });
    this.#features = h(
      "div",
      { class: "features", "data-testid": "features" },
      h("div", { class: "muted" }, "Available in this call"),
      this.#chips,
    );
    // The controls come first, next to the name: they stay in view on a laptop screen whatever the video's size.
    this.el = h(
      "div",
      { class: "call", "data-call": s.callId },
      h(
        "div",
        { class: "call-head" },
        avatar,
        h("div", { class: "who" }, h("div", { class: "peer" }, peerName), this.#status),
        h("div", { class: "actions" }, this.#answer, this.#decline, this.#sound, this.#hangup),
      ),
      h("div", { class: "row" }, this.#e2ee, this.#std, this.#step),
      this.#problem,
      this.#number,
      h("div", { class: "media" }, this.#video, this.#stats, this.#audio),
      this.#features,
    );
    this.update(s, peerName);
  }

  /** Brings the panel up to date with `s`; elements are only shown, hidden or re-texted. */
  update(s: CallState, peerName: string): void {
    if (s.callId !== this.#callId) return;
    const c = this.#client.calls.get(s.callId);
    const ended = s.state === "ended";
    text(
      this.#status,
      s.state === "ringing" && s.role === "callee"
        ? `${peerName} is calling…`
        : s.state === "inviting" || s.state === "ringing"
        ? `Calling ${peerName}…`
        : s.state === "connecting"
        ? "Connecting…"
        : s.state === "connected"
        ? `In a call with ${peerName}`
        : `Call ended (${s.endReason ?? "ended"})`,
    );
    this.#connectingSince = s.state === "connecting" ? (this.#connectingSince ?? performance.now()) : null;
    const pc = (c as unknown as { pc?: Pc } | undefined)?.pc;
    const step = s.state === "connecting"
      ? connectStep(s, pc, performance.now() - (this.#connectingSince ?? performance.now()))
      : null;
    text(this.#step, step?.step ?? "");
    show(this.#step, !!step);
    const problem = step?.problem ??
      (ended && s.endReason === "media-failed"
        ? "The media connection was lost. Hang up tabs that still show the call, then call again."
        : null);
    text(this.#problem, problem ?? "");
    show(this.#problem, !!problem);
    show(this.#e2ee, s.e2ee.indicator); // SPEC V1: the shield only while the call is verifiably E2EE
    const label = s.profile === "sframe" ? "SFrame · E2EE" : s.profile === "dtls-srtp" ? "DTLS-SRTP · E2EE" : "";
    text(this.#profile, label);
    show(this.#std, !s.e2ee.indicator && s.topology === "processor");
    const number = s.e2ee.indicator && s.e2ee.number ? s.e2ee.number.replace(/(\d{5})(?=\d)/g, "$1 ") : "";
    text(this.#digits, number);
    show(this.#number, number !== "");
    const chips = s.topology === "processor" ? s.features : [];
    const key = chips.join(",");
    if (key !== this.#chipKey) {
      this.#chipKey = key;
      this.#chips.replaceChildren(...chips.map((f) => h("span", { class: "chip" }, FEATURE_LABELS[f] ?? f)));
    }
    show(this.#features, chips.length > 0);
    const track = c?.remote.videoTrack;
    if (track && !ended && (this.#video.srcObject as MediaStream | null)?.getVideoTracks()[0] !== track) {
      this.#video.srcObject = new MediaStream([track]);
      void this.#video.play().catch(() => {});
    }
    // SPEC §11.1: the heard digits are the spoken text rotated to wherever listening began, not a copy from its start.
    const heard = s.media.audio.digits.slice(-12);
    text(this.#stats, `video ${s.media.video.decoded} frames · heard “${heard}” (spoken digits, rotated)`);
    show(this.#answer, s.role === "callee" && s.state === "ringing");
    show(this.#decline, s.role === "callee" && s.state === "ringing");
    show(this.#hangup, !ended && !(s.role === "callee" && s.state === "ringing"));
    // A person hears the other side: the received audio track plays through an element that is not muted.
    const voice = c?.pc?.getReceivers().find((r) => r.track?.kind === "audio" && r.track.readyState === "live")?.track;
    const playing = (this.#audio.srcObject as MediaStream | null)?.getAudioTracks()[0];
    if (ended && playing) this.#audio.srcObject = null;
    else if (!ended && voice && playing !== voice && s.state === "connected") {
      this.#audio.srcObject = new MediaStream([voice]);
      void this.#audio.play().catch(() => {});
    }
    show(this.#sound, s.state === "connected");
  }
}
