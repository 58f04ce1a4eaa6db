/**
 * The web client (browser): SPEC §6 signaling over the browser's WebSocket, the SPEC §5 handshake with WebCrypto
 * (./handshake.ts), the browser's own RTCPeerConnection, and the SPEC §11 media in the page (./media.ts). Exposes the
 * SPEC §7 operations so the web-peer adapter and the demo UI drive it the same way.
 */
import type { CallState, ClientMessage, ServerMessage } from "../protocol/mod.ts";
import { applyEvent, call as newCall, closeMedia, gathered, indicatorOn, snapshot, type WebCall } from "./call.ts";
import { openMedia } from "./_peer_connection.ts";
import * as hs from "./handshake.ts";
import * as e3 from "./e2ee.ts";
import { flow, type FlowHost } from "./flow.ts";
import { chooseProfile, type MediaProfile, SFRAME_OFFER } from "./profiles.ts";
import { webMutantId } from "./mutants.ts";
import type { CallReport } from "./sframe_calls.ts";
import { SFrameMedia, sframeSupported } from "./sframe_media.ts";
import { Signaling, WebError, type Welcome } from "./signaling.ts";

export { snapshot, WebError, type Welcome };

/** The E2EE setting (SPEC §3.3), with the policy when the service said it. */
export interface Settings {
  visible: boolean;
  enabled: boolean;
  policy?: string;
}

type Listener<T> = (e: T) => void;

/** SPEC §7, §13.10: the media profiles this browser implements (SFrame where it has encoded-frame transforms). */
export function implementedProfiles(): MediaProfile[] {
  return sframeSupported() ? ["dtls-srtp", "sframe"] : ["dtls-srtp"];
}

/** One endpoint: one signaling connection, any number of calls. */
export class WebClient {
  readonly calls = new Map<string, WebCall>();
  welcome: Welcome | null = null;
  settings: Settings = { visible: false, enabled: false };
  #sig: Signaling;
  #speech = "";
  /** SPEC §13.11: one SFrame worker for all calls of this client, made at the first SFrame call. */
  readonly #sframe: SFrameMedia;
  /** SPEC §5, §6.1: what the protocol-3 steps (e2ee.ts, flow.ts) use of this client. */
  #e3: FlowHost = {
    send: (m) => this.#send(m),
    changed: (c) => this.#changed(c),
    failClosed: (c, e) => this.#failClosed(c, e),
    log: (l) => this.#log(l),
    speech: () => this.#speech,
  };
  #on = {
    incoming: new Set<Listener<{ callId: string; from: string; via?: { feature: string; by: string } }>>(),
    changed: new Set<Listener<CallState>>(),
  };

  /** `mutant`: a web mutant (./mutants.ts, SPEC §12.7) for its SFrame worker; absent in the clean client. */
  constructor(
    readonly opts: { serviceUrl: string; token: string; device?: string; log?: (l: string) => void; mutant?: string },
  ) {
    this.#sframe = new SFrameMedia((r) => this.#onReport(r), webMutantId(opts.mutant));
    if (sframeSupported()) this.#e3.sframe = this.#sframe;
    this.#sig = new Signaling(opts, (m) => this.#onMessage(m), () => {
      for (const c of this.calls.values()) this.#end(c, "signaling lost", null);
    }, (l) => this.#log(l));
  }

  #log(l: string): void {
    this.opts.log?.(l);
  }

  on(ev: "incoming" | "changed", fn: Listener<never>): () => void {
    const set = this.#on[ev] as Set<Listener<never>>;
    set.add(fn);
    return () => set.delete(fn);
  }

  /** SPEC §6 `auth` → `welcome` (protocol 3). @throws WebError AUTH_FAILED, INTERNAL */
  async connect(): Promise<Welcome> {
    const welcome = await this.#sig.connect();
    this.welcome = welcome;
    this.settings = { ...welcome.settings };
    // SPEC §11.1 SM2a: the default speech is derived from the user id
    this.#speech = await hs.speechFor(welcome.userId);
    return welcome;
  }

  #send(m: ClientMessage): void {
    this.#sig.send(m);
  }

  #request(m: Record<string, unknown>): Promise<ServerMessage> {
    return this.#sig.request(m);
  }

  async getSettings(): Promise<Settings> {
    return this.#takeSettings(await this.#request({ type: "settings.get" }));
  }

  /** SPEC §3.3: POLICY_DISALLOWS where the setting is not visible. */
  async setSettings(enabled: boolean): Promise<Settings> {
    return this.#takeSettings(await this.#request({ type: "settings.set", e2ee: enabled }));
  }

  #takeSettings(m: ServerMessage): Settings {
    if (m.type !== "settings") throw new WebError("INTERNAL", `Unexpected reply "${m.type}"`);
    this.settings = { visible: m.visible, enabled: m.enabled, policy: m.policy };
    return { ...this.settings };
  }

  /** SPEC §2.1 P4: this side uses E2EE when its setting is visible and on. */
  #eligible(s: Settings = this.settings): boolean {
    return s.visible && s.enabled;
  }

  /**
   * Places a call (SPEC §5.2: the invite carries the commitment over pkA and the offer's fingerprint). `profile`
   * "sframe" asks for an SFrame call (SPEC §13.10: the invite offers ["sframe","dtls-srtp"]) when this side allows
   * E2EE; otherwise no profiles are offered.
   * @throws WebError E2EE_BAD_PROFILE when SFrame is asked for and this browser cannot do it
   */
  async place(to: string, profile?: MediaProfile): Promise<string> {
    if (!this.welcome) throw new WebError("AUTH_REQUIRED", "Not connected");
    if (profile !== undefined && !implementedProfiles().includes(profile)) {
      throw new WebError("E2EE_BAD_PROFILE", `This browser does not implement the "${profile}" profile`);
    }
    const callId = hs.b64uEncode(crypto.getRandomValues(new Uint8Array(16))).slice(0, 22);
    const c = newCall({ callId, role: "caller", peer: to, state: "inviting" });
    c.callerId = this.welcome.userId;
    c.calleeId = to; // SPEC §5.1: the caller's calleeId is invite.to
    this.calls.set(callId, c);
    try {
      const settings = await this.getSettings();
      if (profile === "sframe" && this.#eligible(settings)) {
        // SPEC §13.10: the offer, in order of preference; SFrame first, so the call is SFrame or ends
        c.profiles = [...SFRAME_OFFER];
        c.profile = "sframe";
      }
      openMedia(c, this.#speech, this.#e3);
      await c.pc!.setLocalDescription(await c.pc!.createOffer());
      c.localOffer = { type: "offer", sdp: await gathered(c.pc!) };
      // SPEC §5.2: the commitment covers the versions, pkA and the offer's fingerprint
      const e2ee = this.#eligible(settings) ? await e3.inviteFields(c, c.localOffer.sdp) : undefined;
      if (c.state === "ended") throw new WebError("BAD_STATE", `Call "${callId}" ended while it was being set up`);
      await this.#request(e2ee ? { type: "invite", callId, to, e2ee } : { type: "invite", callId, to });
      this.#changed(c);
      return callId;
    } catch (e) {
      const err = e instanceof WebError
        ? e
        : new WebError("INTERNAL", `Cannot place the call: ${(e as Error)?.message ?? e}`);
      this.#end(c, err.message, err.code);
      throw err;
    }
  }

  #call(callId: string): WebCall {
    const c = this.calls.get(callId);
    if (!c) throw new WebError("CALL_NOT_FOUND", `No call "${callId}"`);
    return c;
  }

  /** Answers a ringing call; sends pkB only when eligible and the caller committed (SPEC §5.2). */
  async answer(callId: string): Promise<void> {
    const c = this.#call(callId);
    if (c.role !== "callee" || c.state !== "ringing") {
      throw new WebError("BAD_STATE", `Cannot answer call "${callId}": state is "${c.state}"`);
    }
    c.state = "connecting";
    const settings = await this.getSettings().catch(() => this.settings);
    if ((c.state as string) === "ended") {
      throw new WebError("BAD_STATE", `Cannot answer call "${callId}": state is "ended"`);
    }
    if (this.#eligible(settings) && c.commit) {
      try {
        // SPEC §13.10: the first offered profile this side implements (E2EE_BAD_PROFILE when none can complete)
        c.profile = chooseProfile(c.profiles, implementedProfiles());
        // SPEC §6.1: pkB, the fingerprint of the certificate it will answer with, the chosen version
        openMedia(c, this.#speech, this.#e3);
        this.#send({ type: "accept", callId, e2ee: await e3.acceptFields(c) });
      } catch (e) {
        this.#failClosed(c, e);
        throw e;
      }
    } else {
      this.#send({ type: "accept", callId });
    }
    this.#changed(c);
  }

  async decline(callId: string): Promise<void> {
    const c = this.#call(callId);
    if (c.role !== "callee" || c.state !== "ringing") {
      throw new WebError("BAD_STATE", `Cannot decline call "${callId}": state is "${c.state}"`);
    }
    this.#send({ type: "decline", callId });
    this.#end(c, "declined", null);
  }

  async hangup(callId: string): Promise<void> {
    const c = this.#call(callId);
    if (c.state === "ended") return;
    this.#send({ type: "hangup", callId, reason: "hangup" });
    this.#end(c, "hangup", null);
  }

  /** SPEC §7 CallState. */
  state(callId: string): CallState {
    return snapshot(this.#call(callId));
  }

  /**
   * SPEC §2.4, §4.5 CC12: refused here, without sending, in an E2EE call, in an E2EE invite this side would answer
   * with E2EE, or naming an E2EE call; hold/resume are always sent.
   */
  async requestFeature(
    callId: string,
    feature: string,
    args?: Record<string, unknown>,
  ): Promise<{ ok: true; result?: Record<string, unknown> }> {
    const c = this.#call(callId);
    if (feature !== "hold" && feature !== "resume") {
      const ringingE2ee = c.role === "callee" && c.state === "ringing" && c.commit !== undefined && this.#eligible();
      // SPEC §13.10: features stay refused under E2EE in the SFrame profile (forwarder topology) too
      const e2ee = (x: WebCall | undefined) => x?.topology === "relay" || x?.topology === "forwarder";
      const other = [args?.consultCallId, args?.otherCallId].some((id) =>
        typeof id === "string" && e2ee(this.calls.get(id))
      );
      if (e2ee(c) || ringingE2ee || other) {
        throw new WebError(
          "FEATURE_DISABLED_E2EE",
          `Feature "${feature}" is unavailable: the call is end-to-end encrypted`,
        );
      }
    }
    const m = await this.#request(
      args === undefined ? { type: "feature", callId, feature } : { type: "feature", callId, feature, args },
    );
    if (m.type !== "feature.result") throw new WebError("INTERNAL", `Unexpected reply "${m.type}"`);
    return m.result === undefined ? { ok: true } : { ok: true, result: m.result };
  }

  close(): void {
    for (const c of this.calls.values()) {
      if (c.state === "ended") continue;
      this.#send({ type: "hangup", callId: c.callId, reason: "peer closed" });
      this.#end(c, "peer closed", null);
    }
    this.#sig.close();
    this.#sframe.close();
  }

  // ---- signaling in ----

  #onMessage(m: ServerMessage): void {
    switch (m.type) {
      case "settings":
        this.settings = { visible: m.visible, enabled: m.enabled, policy: m.policy };
        return;
      case "incoming":
        return this.#onIncoming(m);
      case "ended":
      case "cancelled": {
        const c = this.calls.get(m.callId);
        if (c) this.#end(c, m.reason, m.type === "ended" ? m.code ?? null : null);
        return;
      }
      case "event": {
        const c = this.calls.get(m.callId);
        if (!c) return;
        applyEvent(c, m.name, m.data ?? {}, this.welcome?.userId);
        return this.#changed(c);
      }
      case "ringing": {
        const c = this.calls.get(m.callId);
        if (c && c.role === "caller" && c.state === "inviting") {
          c.state = "ringing";
          this.#changed(c);
        }
        return;
      }
      case "accepted":
      case "reveal":
      case "confirm":
      case "sdp": {
        const c = this.calls.get(m.callId);
        if (!c || c.state === "ended") return;
        c.queue = c.queue.then(() => flow(this.#e3, c, m)).catch((e) => this.#failClosed(c, e));
        return;
      }
      case "error":
        return this.#log(`service error ${m.code}: ${m.message}`);
      default:
        return;
    }
  }

  #onIncoming(m: Extract<ServerMessage, { type: "incoming" }>): void {
    if (this.calls.has(m.callId)) return;
    const c = newCall({ callId: m.callId, role: "callee", peer: m.from, state: "ringing" });
    // SPEC §5.1: the callee's callerId is incoming.from, its calleeId welcome.userId
    c.callerId = m.from;
    c.calleeId = this.welcome!.userId;
    if (m.e2ee) {
      c.commit = hs.b64uDecode(m.e2ee.commit);
      c.versions = [...m.e2ee.versions];
      // SPEC §13.10: the offered profiles, kept exactly as received (bound into the commitment check)
      if (m.e2ee.profiles) c.profiles = [...m.e2ee.profiles];
    }
    this.calls.set(m.callId, c);
    this.#send({ type: "ringing", callId: m.callId });
    const e = m.via ? { callId: m.callId, from: m.from, via: { ...m.via } } : { callId: m.callId, from: m.from };
    for (const fn of this.#on.incoming) fn(e);
    this.#changed(c);
  }

  /** SPEC §5.8: fail closed — no indicator, hang up with the error's code. */
  #failClosed(c: WebCall, e: unknown): void {
    if (c.state === "ended") return;
    const code = (e as { code?: string })?.code && /^[A-Z0-9_]+$/.test((e as { code: string }).code)
      ? (e as { code: string }).code
      : "INTERNAL";
    const reason = String((e as Error)?.message ?? e).slice(0, 200) || code;
    this.#log(`call ${c.callId}: failing closed: ${code}: ${reason}`);
    c.number = undefined;
    this.#send({ type: "hangup", callId: c.callId, reason, code } as ClientMessage);
    this.#end(c, reason, code);
  }

  #end(c: WebCall, reason: string, code: string | null): void {
    if (c.state === "ended") return;
    c.state = "ended";
    c.endReason = reason.slice(0, 200) || "ended";
    c.endCode = code;
    c.keys = undefined;
    c.pendingOffer = undefined;
    for (const t of c.timers) clearTimeout(t);
    if (c.profile === "sframe") this.#sframe.end(c.callId);
    closeMedia(c);
    c.remote.close();
    this.#changed(c);
  }

  /** SPEC §13.6, §13.11: the worker's counters; the indicator turns with the peer's frames. */
  #onReport(r: CallReport): void {
    const c = this.calls.get(r.callId);
    if (!c || c.topology !== "forwarder") return;
    // mutant sframe-indicator-early (./mutants.ts): the indicator follows the verified tag alone, as in a dtls-srtp
    // call — the report reads as if a peer frame had just opened
    const early = this.#sframe.mutant === "sframe-indicator-early";
    c.sframe = early ? { ...r, opened: Math.max(r.opened, 1), lastOpenAt: Date.now(), lastDropAt: null } : r;
    if (indicatorOn(c) !== c.shown) this.#changed(c);
  }

  #changed(c: WebCall): void {
    const s = snapshot(c);
    c.shown = s.e2ee.indicator;
    for (const fn of this.#on.changed) fn(s);
  }
}
