/**
 * `ReferencePeer`: ShieldCall's headless calling client (SPEC §4–§7). One signaling connection, any number of
 * calls, one shared media clock. The driver adapter (src/driver) maps the SPEC §7 methods one to one onto this class.
 *
 * @example
 * const alice = new ReferencePeer({ serviceUrl, token });
 * await alice.connect();
 * const callId = await alice.place("bob");
 * alice.on("changed", (s) => s.e2ee.indicator && console.error(s.e2ee.number));
 */
import { type ErrorCode, isShieldCallError, ShieldCallError } from "../errors.ts";
import { base64urlEncode, fingerprintFromSdp, type MediaProfileName } from "../crypto/mod.ts";
import { type CallState, isId, PARK_PREFIX, type ServerMessage, SIGNALING_PROTOCOL_VERSION } from "../protocol/mod.ts";
import { speechFor } from "../media/mod.ts";
import { PeerCall } from "./call.ts";
import { dispatch, type DispatchHost } from "./dispatch.ts";
import type { MediaEngine } from "./media_engine.ts";
import { newCallEngine, safely } from "./engine_factory.ts";
import { calleeAcceptFields, calleeHandshakeOptions, checkOfferable } from "./call_flow.ts";
import { randomCallId } from "./ids.ts";
import type { FeatureResult, PeerEvents, PeerSettings, PeerWelcome, ReferencePeerOptions } from "./peer_types.ts";
import { SignalingClient } from "./signaling_client.ts";
import { type PeerStrategies, strategiesFor } from "./strategies.ts";

/** The reference calling client. */
export class ReferencePeer {
  readonly opts: ReferencePeerOptions;
  #log: (line: string) => void;
  #client: SignalingClient;
  #welcome: PeerWelcome | undefined;
  #settings: PeerSettings = { visible: false, enabled: false };
  #speech: string | undefined;
  #calls = new Map<string, PeerCall>();
  #listeners: { [K in keyof PeerEvents]: Set<(e: PeerEvents[K]) => void> } = {
    incoming: new Set(),
    changed: new Set(),
    event: new Set(),
  };
  #closed = false;
  #host: DispatchHost;
  /** The decisions SPEC.md fixes (strategies.ts); `opts.variant` may replace them (SPEC §12.7 self-validation). */
  #s: PeerStrategies;

  /** Creates an unconnected peer. */
  constructor(opts: ReferencePeerOptions) {
    if (typeof opts?.serviceUrl !== "string" || typeof opts.token !== "string") {
      throw new TypeError("ReferencePeer needs a serviceUrl and a token");
    }
    this.opts = opts;
    this.#log = opts.log ?? (() => {});
    if (opts.speech !== undefined && !/^[0-9*#A-D]+$/.test(opts.speech)) {
      throw new RangeError(`Invalid speech "${opts.speech}": use DTMF digits "0123456789*#ABCD"`);
    }
    this.#speech = opts.speech;
    this.#client = new SignalingClient({
      url: opts.serviceUrl,
      requestTimeoutMs: opts.requestTimeoutMs,
      log: this.#log,
      intake: (frame) => this.#s.frameIntake(frame),
      answerLocally: (msg, welcome) => this.#s.requests(msg, welcome),
    });
    // deno-lint-ignore no-this-alias -- the host object's getters read the peer
    const peer = this;
    this.#host = {
      get selfId() {
        return peer.userId;
      },
      get userIdOrUndefined() {
        return peer.#welcome?.userId;
      },
      revealTimeoutMs: opts.revealTimeoutMs ?? 5000,
      confirmCheck: (role, keys, th, tag) => this.#s.confirmCheck(role, keys, th, tag),
      get confirmDeadlineMs() {
        return peer.#s.confirmDeadlineMs;
      },
      onSecondConfirm: (call) => this.#s.onSecondConfirm(call),
      answerFingerprintCheck: (call, fp) => this.#s.answerFingerprintCheck(call, fp),
      calls: this.#calls,
      send: (m) => this.#client.send(m),
      newEngine: (call) => this.#newEngine(call),
      changed: (call) => this.#changed(call),
      failClosed: (call, e) => this.#failClosed(call, e),
      end: (call, reason, code) => this.#end(call, reason, code),
      settingsReceived: (s) => this.#applySettings(s),
      emit: (event, e) => {
        for (const fn of this.#listeners[event]) safely(() => (fn as (x: typeof e) => void)(e), this.#log);
      },
      log: this.#log,
    };
    this.#client.onMessage((m) => {
      this.#s.onServiceMessage(m, (x) => this.#client.send(x));
      dispatch(this.#host, m);
    });
    this.#client.onClose((reason) => this.#onSocketClosed(reason));
    this.#s = strategiesFor(this, opts.variant);
  }

  /** The authenticated user id (after connect()). */
  get userId(): string {
    if (!this.#welcome) throw new ShieldCallError("AUTH_REQUIRED", "The peer is not connected");
    return this.#welcome.userId;
  }

  /** The endpoint id the service assigned (after connect()). */
  get endpointId(): string {
    if (!this.#welcome) throw new ShieldCallError("AUTH_REQUIRED", "The peer is not connected");
    return this.#welcome.endpointId;
  }

  /** The digits this peer speaks in its calls. */
  get speech(): string {
    return this.#speech ?? speechFor(this.#welcome?.userId ?? "");
  }

  /** Registers a listener; returns a function that removes it. */
  on<K extends keyof PeerEvents>(event: K, fn: (e: PeerEvents[K]) => void): () => void {
    this.#listeners[event].add(fn);
    return () => this.#listeners[event].delete(fn);
  }

  /**
   * Opens the signaling connection and authenticates (SPEC §6 `auth`).
   * @throws ShieldCallError AUTH_FAILED (or the service's code), INTERNAL on network failure or timeout
   */
  async connect(): Promise<PeerWelcome> {
    if (this.#closed) throw new ShieldCallError("BAD_STATE", "The peer is closed");
    const w = await this.#client.connect({
      token: this.opts.token,
      device: this.opts.device,
      e2ee: this.opts.supportsE2EE ?? true,
      protocol: this.opts.protocol ?? SIGNALING_PROTOCOL_VERSION,
    });
    this.#welcome = { userId: w.userId, tenantId: w.tenantId, endpointId: w.endpointId, settings: { ...w.settings } };
    this.#settings = { ...w.settings };
    return { ...this.#welcome, settings: { ...this.#settings } };
  }

  /** Reads the user's E2EE setting from the service (SPEC §3.3). */
  async getSettings(): Promise<PeerSettings> {
    const m = await this.#client.request({ type: "settings.get" });
    return this.#takeSettings(m);
  }

  /**
   * Turns the user's E2EE setting on or off (SPEC §3.3).
   * @throws ShieldCallError POLICY_DISALLOWS when the effective policy is not userControlled
   */
  async setSettings(enabled: boolean): Promise<PeerSettings> {
    if (typeof enabled !== "boolean") throw new TypeError("setSettings() needs a boolean");
    const m = await this.#client.request({ type: "settings.set", e2ee: enabled });
    return this.#takeSettings(m);
  }

  /**
   * Places a call to `to` and resolves with its callId once the service took the invite (SPEC §6 `invited`).
   * Commits to E2EE only when this user's setting is visible and on and this endpoint supports it (SPEC §2.1 P4).
   * @throws ShieldCallError with the service's code (USER_NOT_FOUND, USER_UNAVAILABLE, ...); the call is then ended
   */
  async place(to: string, profile: MediaProfileName = "dtls-srtp"): Promise<string> {
    this.#assertOpen();
    checkOfferable(profile); // SPEC §13.10: only dtls-srtp, offered by omitting `profiles`; sframe: E2EE_BAD_PROFILE
    const callId = randomCallId();
    const call = new PeerCall({ callId, role: "caller", peer: to, state: "inviting" });
    this.#calls.set(callId, call);
    try {
      // The settings request and the offer run side by side; the invite does not wait for ICE gathering, which goes
      // on while the call rings (SPEC §6.1): only the `sdp` message must be complete (§4.3 TR2).
      const settingsReply = this.getSettings();
      settingsReply.catch(() => {}); // awaited below; a failed offer must not leave it unhandled
      const engine = (call.engine = this.#newEngine(call));
      const offerSdp = await engine.startOffer();
      const offer = engine.gatheredOffer();
      offer.catch(() => {}); // awaited on `accepted`; the engine may close before that
      call.localOffer = offer;
      const settings = await settingsReply;
      let e2ee: { commit: string; versions: number[] } | undefined;
      if (this.#eligible(settings)) {
        // SPEC §5.2: commit to the versions, pkA and the offer's fingerprint (fpA): final before any candidate
        const hs = this.#s.handshakes.caller(call, { callId, callerId: this.userId, calleeId: to });
        e2ee = { commit: base64urlEncode(hs.commit(fingerprintFromSdp(offerSdp))), versions: [...hs.versions] };
        call.callerHs = hs;
      }
      if (call.ended) throw new ShieldCallError("BAD_STATE", `Call "${callId}" ended while it was being set up`);
      await this.#client.request(e2ee ? { type: "invite", callId, to, e2ee } : { type: "invite", callId, to });
      this.#changed(call);
      return callId;
    } catch (e) {
      const err = isShieldCallError(e)
        ? e
        : new ShieldCallError("INTERNAL", `Cannot place the call: ${(e as Error)?.message ?? e}`);
      if (!call.ended) {
        if (err.code === "INTERNAL") {
          this.#client.send({ type: "hangup", callId, reason: "setup failed", code: "INTERNAL" });
        }
        this.#end(call, err.message, err.code);
      }
      throw err;
    }
  }

  /**
   * Answers a ringing call (SPEC §6 `accept`); sends pkB only when this side is eligible and the caller committed.
   * @throws ShieldCallError CALL_NOT_FOUND, BAD_STATE (not a ringing incoming call)
   */
  async answer(callId: string): Promise<void> {
    const call = this.#call(callId);
    if (call.role !== "callee" || call.state !== "ringing") {
      throw new ShieldCallError("BAD_STATE", `Cannot answer call "${callId}": state is "${call.state}"`);
    }
    call.state = "connecting"; // claimed: a second answer() is refused
    const settings = await this.getSettings().catch(() => ({ ...this.#settings }));
    if (call.ended) throw new ShieldCallError("BAD_STATE", `Cannot answer call "${callId}": state is "ended"`);
    if (this.#eligible(settings) && call.commit && call.versions) {
      try {
        const hs = (call.calleeHs = this.#s.handshakes.callee(call, calleeHandshakeOptions(call, this.userId)));
        const e2ee = await calleeAcceptFields(this.#host, call, hs);
        if (!call.ended) this.#client.send({ type: "accept", callId, e2ee });
      } catch (e) {
        this.#failClosed(call, e);
        throw e;
      }
    } else {
      this.#client.send({ type: "accept", callId });
    }
    this.#changed(call);
  }

  /** Declines a ringing call (SPEC §6 `decline`). @throws ShieldCallError CALL_NOT_FOUND, BAD_STATE */
  async decline(callId: string): Promise<void> {
    const call = this.#call(callId);
    if (call.role !== "callee" || call.state !== "ringing") {
      throw new ShieldCallError("BAD_STATE", `Cannot decline call "${callId}": state is "${call.state}"`);
    }
    this.#client.send({ type: "decline", callId });
    this.#end(call, "declined", null);
  }

  /** Hangs up (or cancels) a call; a no-op on an ended call. @throws ShieldCallError CALL_NOT_FOUND */
  async hangup(callId: string): Promise<void> {
    const call = this.#call(callId);
    if (call.ended) return;
    this.#client.send({ type: "hangup", callId, reason: "hangup" });
    this.#end(call, "hangup", null);
  }

  /** The SPEC §7 CallState of a call. @throws ShieldCallError CALL_NOT_FOUND */
  state(callId: string): CallState {
    return this.#view(this.#call(callId));
  }

  /** The CallState of every call this peer knows, oldest first. */
  calls(): CallState[] {
    return [...this.#calls.values()].map((c) => this.#view(c));
  }

  /** Features the service offered in this call (empty before `accepted` and under E2EE). */
  offeredFeatures(callId: string): string[] {
    return [...this.#call(callId).features];
  }

  /**
   * Asks the service to perform a feature in a call (SPEC §2.4, §4.5). Refused locally, without sending anything,
   * while the call is E2EE — or is an E2EE invite still ringing, or names another call (`consultCallId`,
   * `otherCallId`) that is E2EE (F1–F10). The call-control operations "hold" and "resume" are not §2.4 features and
   * are always sent.
   * @throws ShieldCallError FEATURE_DISABLED_E2EE, CALL_NOT_FOUND, or the service's code
   */
  async requestFeature(callId: string, feature: string, args?: Record<string, unknown>): Promise<FeatureResult> {
    const call = this.#call(callId);
    const refusal = this.#s.featureGuard(
      call,
      feature,
      args,
      (id) => this.#calls.get(id),
      this.#eligible(this.#settings),
    );
    if (refusal) throw refusal;
    return await this.requestFeatureUnchecked(callId, feature, args);
  }

  /**
   * Sends a feature request without the local E2EE check, so a test can see the service refuse it too (SPEC §2.4:
   * "refused by the service"). Not for applications: use requestFeature().
   * @throws ShieldCallError CALL_NOT_FOUND, or the service's code
   */
  async requestFeatureUnchecked(
    callId: string,
    feature: string,
    args?: Record<string, unknown>,
  ): Promise<FeatureResult> {
    this.#call(callId);
    const m = await this.#client.request(
      args === undefined ? { type: "feature", callId, feature } : { type: "feature", callId, feature, args },
    );
    if (m.type !== "feature.result") throw new ShieldCallError("INTERNAL", `Unexpected reply "${m.type}" to "feature"`);
    return m.result === undefined ? { ok: true } : { ok: true, result: m.result };
  }

  /** SPEC §4.5 (CC5): puts a standard call on hold at the service (the other party hears nothing). */
  hold(callId: string): Promise<FeatureResult> {
    return this.requestFeature(callId, "hold");
  }

  /** SPEC §4.5 (CC5): resumes a held call. */
  resume(callId: string): Promise<FeatureResult> {
    return this.requestFeature(callId, "resume");
  }

  /**
   * SPEC §4.5 (CC7): retrieves a parked call with its pickup code — a call to `park:<code>` — and resolves with
   * the new call's id; the call's peer becomes the parked party.
   * @throws ShieldCallError PARK_NOT_FOUND, or the service's code
   */
  retrievePark(code: string): Promise<string> {
    if (!isId(`${PARK_PREFIX}${code}`)) throw new RangeError(`Invalid pickup code "${code}"`);
    return this.place(`${PARK_PREFIX}${code}`);
  }

  /** Hangs up every live call, closes every PeerConnection and the signaling socket. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const call of this.#calls.values()) {
      if (call.ended) continue;
      this.#client.send({ type: "hangup", callId: call.callId, reason: "peer closed" });
      this.#end(call, "peer closed", null);
    }
    await this.#client.close();
  }

  // ---- internals ----

  #assertOpen(): void {
    if (this.#closed) throw new ShieldCallError("BAD_STATE", "The peer is closed");
    if (!this.#welcome) throw new ShieldCallError("AUTH_REQUIRED", "The peer is not connected");
  }

  #call(callId: string): PeerCall {
    const call = this.#calls.get(callId);
    if (!call) throw new ShieldCallError("CALL_NOT_FOUND", `No call "${callId}"`);
    return call;
  }

  /** SPEC §2.1 (P3, P4), §6: setting visible and on, E2EE supported, protocol 3 (a test may play an older one). */
  #eligible(s: PeerSettings): boolean {
    return s.visible && s.enabled && (this.opts.supportsE2EE ?? true) &&
      (this.opts.protocol ?? SIGNALING_PROTOCOL_VERSION) === 3;
  }

  #takeSettings(m: ServerMessage): PeerSettings {
    if (m.type !== "settings") {
      throw new ShieldCallError("INTERNAL", `Unexpected reply "${m.type}" to a settings request`);
    }
    this.#applySettings({ visible: m.visible, enabled: m.enabled });
    return { ...this.#settings };
  }

  /** SPEC §3.3: the user's setting as the service states it; SPEC §2.1 (P5): it applies from the next call. */
  #applySettings(s: PeerSettings): void {
    this.#settings = this.#s.settingsView({ ...s });
  }

  #newEngine(call: PeerCall): MediaEngine {
    const h = { ...this.opts, speech: this.speech, log: this.#log, changed: (c: PeerCall) => this.#changed(c) };
    return newCallEngine({ ...h, send: (m) => this.#client.send(m) }, call);
  }

  /** SPEC §7: the CallState reported for a call. */
  #view(call: PeerCall): CallState {
    return this.#s.stateView(call, call.snapshot());
  }

  #changed(call: PeerCall): void {
    // SPEC §5.9: the media gate follows every change (E2EE: open only once the peer's tag verified)
    call.engine?.setSending(!call.ended && this.#s.mediaAllowed(call));
    const s = this.#view(call);
    for (const fn of this.#listeners.changed) safely(() => fn(s), this.#log);
  }

  /** Ends a call locally (no message sent) and reports it. */
  #end(call: PeerCall, reason: string, code: ErrorCode | null): void {
    if (call.end(reason, code)) this.#changed(call);
  }

  /** SPEC §5.8: a handshake error ends the call with the error's code as the stated reason; no indicator ever. */
  #failClosed(call: PeerCall, e: unknown): void {
    if (call.ended) return;
    const code: ErrorCode = isShieldCallError(e) ? e.code : "INTERNAL";
    const reason = ((e as Error)?.message ?? String(e)).slice(0, 200) || code;
    this.#log(`call ${call.callId}: failing closed: ${code}: ${reason}`);
    call.verification = undefined;
    this.#client.send({ type: "hangup", callId: call.callId, reason, code });
    this.#end(call, reason, code);
  }

  #onSocketClosed(reason: string): void {
    for (const call of this.#calls.values()) this.#end(call, `signaling lost: ${reason}`, null);
  }
}
