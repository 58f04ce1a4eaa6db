/**
 * Signaling hub: authenticates endpoints and runs the call state machine over their messages (SPEC §4.1, §6).
 * Every bad message gets an `error` with a stable code and changes nothing (SPEC §2.5 S2).
 */
import { isShieldCallError, ShieldCallError } from "../errors.ts";
import { PARK_PREFIX, parseClientMessage } from "../protocol/mod.ts";
import type { ClientMessage } from "../protocol/mod.ts";
import { CallRegistry, isE2eeTopology } from "./calls.ts";
import type { CallRecord } from "./calls.ts";
import { EndpointRegistry } from "./endpoints.ts";
import type { Connection, Endpoint } from "./endpoints.ts";
import { handleFeature } from "./features.ts";
import { CallCore } from "./callcontrol/core.ts";
import { retrieve } from "./callcontrol/park.ts";
import { armExpiry, dropInvalid } from "./token_sessions.ts";
import type { TokenSession } from "./token_sessions.ts";
import { refusal } from "./log.ts";
import { type EndpointTraffic, type RefusedFrame, TrafficLog } from "./_traffic.ts";
import type { HubOptions } from "./_hub_options.ts";
export type { HubOptions } from "./_hub_options.ts";

type Msg<T extends ClientMessage["type"]> = Extract<ClientMessage, { type: T }>;

/** A connection before and after authentication. */
interface Session extends TokenSession {
  conn: Connection;
  endpoint: Endpoint | null;
}

/** The signaling hub of one service. */
export class SignalingHub {
  readonly calls = new CallRegistry();
  readonly endpoints = new EndpointRegistry();
  /** Call control (SPEC §4.5): ending calls and sides, sessions, calls the service places. */
  readonly core: CallCore;
  readonly #o: HubOptions;
  /** Protocol errors per connection, for the evidence (SPEC §2.5 S2). */
  rejected = 0;
  readonly #sessions = new Set<Session>();
  /** SPEC §2.5 (S2), §10: per endpoint, the frames it sent and the errors the service answered them with. */
  readonly #traffic = new TrafficLog();

  constructor(opts: HubOptions) {
    this.#o = opts;
    this.core = new CallCore({
      calls: this.calls,
      endpoints: this.endpoints,
      media: () => this.#o.media,
      store: opts.store,
      log: (l) => this.#o.log?.(l),
      ...(opts.noAnswerMs !== undefined ? { noAnswerMs: opts.noAnswerMs } : {}),
      ...(opts.safeTransferMs !== undefined ? { safeTransferMs: opts.safeTransferMs } : {}),
      ...(opts.parkTimeoutMs !== undefined ? { parkTimeoutMs: opts.parkTimeoutMs } : {}),
      ...(opts.voicemailMaxMs !== undefined ? { voicemailMaxMs: opts.voicemailMaxMs } : {}),
    });
  }

  /** Starts a session for a new connection; returns the handlers the transport calls. */
  open(conn: Connection): { message: (data: string | Uint8Array) => void; close: () => void } {
    const s: Session = { conn, endpoint: null };
    this.#sessions.add(s);
    const authTimer = setTimeout(() => {
      if (!s.endpoint) conn.close(4408, "authentication timeout");
    }, 10_000);
    return {
      message: (data) => {
        void this.#onMessage(s, data).catch((e) => this.#o.log?.(`hub: internal error: ${String(e)}`));
      },
      close: () => {
        clearTimeout(authTimer);
        clearTimeout(s.expiry);
        this.#sessions.delete(s);
        if (s.endpoint) this.#onDisconnect(s.endpoint);
      },
    };
  }

  #count(s: Session, error: RefusedFrame | null): void {
    if (s.endpoint) this.#traffic.count(s.endpoint.id, error);
  }

  /** SPEC §10: what each endpoint of `userId` sent and how many of its frames the service refused (evidence). */
  traffic(userId: string): EndpointTraffic[] {
    return this.#traffic.of(this.endpoints.ofUser(userId));
  }

  async #onMessage(s: Session, data: string | Uint8Array): Promise<void> {
    this.#count(s, null);
    const parsed = parseClientMessage(data);
    if (!parsed.ok) {
      this.rejected++;
      this.#count(s, { type: null, code: parsed.error.code });
      this.#sendRaw(s.conn, { type: "error", ...parsed.error });
      return;
    }
    const msg = parsed.msg;
    const ctx = { rid: "rid" in msg ? msg.rid : undefined, callId: "callId" in msg ? msg.callId : undefined };
    try {
      if (!s.endpoint) {
        if (msg.type !== "auth") {
          throw new ShieldCallError("AUTH_REQUIRED", 'Authenticate first: send an "auth" message');
        }
        this.#auth(s, msg);
        return;
      }
      await this.#dispatch(s.endpoint, msg);
    } catch (e) {
      this.rejected++;
      const err = isShieldCallError(e) ? e : new ShieldCallError("INTERNAL", "Internal error");
      this.#count(s, { type: msg.type, code: err.code });
      if (!isShieldCallError(e)) this.#o.log?.(`hub: ${String((e as Error)?.stack ?? e)}`);
      const out: Record<string, unknown> = { type: "error", code: err.code, message: err.message };
      if (ctx.rid !== undefined) out.rid = ctx.rid;
      if (ctx.callId !== undefined) out.callId = ctx.callId;
      this.#sendRaw(s.conn, out);
      this.#o.hooks?.event?.(refusal(err, msg.type, s.endpoint?.userId ?? null));
      if (err.code === "AUTH_FAILED") s.conn.close(4401, "authentication failed");
    }
  }

  #sendRaw(conn: Connection, msg: object): void {
    try {
      conn.send(JSON.stringify(msg));
    } catch {
      // closing
    }
  }

  // SPEC §2.5 (S1): only a valid token registers an endpoint, as the token's user; failure says one opaque thing.
  #auth(s: Session, msg: Msg<"auth">): void {
    const user = this.#o.store.authenticate(msg.token);
    if (!user) throw new ShieldCallError("AUTH_FAILED", "Authentication failed");
    const ep = this.endpoints.add({
      userId: user.id,
      tenantId: user.tenantId,
      device: msg.device ?? "default",
      // SPEC §6, §2.1 (P4): only an endpoint that speaks protocol 3 is E2EE-capable; any call with another
      // is standard
      e2eeCapable: msg.capabilities.e2ee && msg.protocol === 3,
      protocol: msg.protocol,
      conn: s.conn,
    });
    s.endpoint = ep;
    s.token = msg.token;
    this.#o.hooks?.event?.({ type: "sign-in", user: user.id, endpoint: ep.id, device: ep.device });
    // SPEC §10 (S1): an expiring token's connection closes when the token expires.
    armExpiry(this.#o.store, s, (x) => this.#sessions.has(x as Session));
    const st = this.#o.store.getSetting(user.id);
    this.endpoints.send(ep.id, {
      type: "welcome",
      userId: user.id,
      tenantId: user.tenantId,
      endpointId: ep.id,
      settings: { visible: st.visible, enabled: st.enabled },
    });
  }

  async #dispatch(ep: Endpoint, msg: ClientMessage): Promise<void> {
    switch (msg.type) {
      case "ping":
        return this.endpoints.send(ep.id, { type: "pong", rid: msg.rid });
      case "settings.get":
        return this.#sendSettings(ep.id, ep.userId, msg.rid);
      case "settings.set": {
        // SPEC §2.1 (P3): stored per user; visible and changeable only where the policy is userControlled.
        this.#o.store.setSetting(ep.userId, msg.e2ee);
        this.#o.onStateChange?.();
        this.#sendSettings(ep.id, ep.userId, msg.rid);
        for (const other of this.endpoints.ofUser(ep.userId)) {
          if (other.id !== ep.id) this.#sendSettings(other.id, ep.userId);
        }
        return;
      }
      case "invite":
        return await this.#invite(ep, msg);
      case "auth":
        throw new ShieldCallError("BAD_STATE", "Already authenticated");
      default:
        break;
    }
    const call = this.calls.get(msg.callId);
    const role = this.calls.roleOf(call, ep.userId, ep.id);
    switch (msg.type) {
      case "ringing":
        if (role !== "callee") throw new ShieldCallError("BAD_STATE", `Only the callee can ring in call "${call.id}"`);
        this.calls.expect(call, "ring", "inviting", "ringing");
        if (call.phase === "inviting") {
          this.calls.advance(call, "ringing", { endpoint: ep.id });
          this.endpoints.send(call.caller.endpointId, { type: "ringing", callId: call.id });
        }
        return;
      case "accept":
        if (role !== "callee") throw new ShieldCallError("BAD_STATE", `Only the callee can accept call "${call.id}"`);
        this.#observe(call, role, "accept", msg.e2ee ? { ...msg.e2ee } : {});
        return await this.#accept(ep, call, msg);
      case "decline":
        if (role !== "callee") throw new ShieldCallError("BAD_STATE", `Only the callee can decline call "${call.id}"`);
        this.calls.expect(call, "decline", "inviting", "ringing");
        if (call.callee.simRung.includes(ep.id)) {
          // SPEC §4.5 (CC11): a simultaneously rung user declining stops the ringing there only.
          call.callee.rung = call.callee.rung.filter((r) => r !== ep.id);
          call.callee.simRung = call.callee.simRung.filter((r) => r !== ep.id);
          this.calls.log(call, "declined-elsewhere", { endpoint: ep.id, user: ep.userId });
          if (call.callee.rung.length === 0) this.core.unanswered(call, "declined", ep.userId);
          return;
        }
        return this.core.unanswered(call, "declined", ep.userId);
      case "reveal":
        // Observed before the state check: a reveal sent before the accept (§5.2) is evidence even though refused.
        this.#observe(call, role, "reveal", { pk: msg.pk });
        if (role !== "caller") {
          throw new ShieldCallError("BAD_STATE", `Only the caller can reveal in call "${call.id}"`);
        }
        this.calls.expect(call, "reveal in", "accepted", "connected");
        return await this.#o.media.onReveal(call, msg.pk);
      case "confirm":
        // SPEC §5.9, §6, §13.11: in every E2EE (relay, forwarder) call; forwarded to the other party.
        this.calls.expect(call, "confirm in", "accepted", "connected");
        if (!isE2eeTopology(call.topology)) {
          throw new ShieldCallError("BAD_STATE", `Call "${call.id}" is not end-to-end encrypted`);
        }
        this.#observe(call, role, "confirm", { tag: msg.tag });
        return this.#o.media.onConfirm(call, role, msg.tag);
      case "sdp":
        this.calls.expect(call, "send SDP in", "accepted", "connected");
        return await this.#o.media.onSdp(call, role, msg.description);
      case "media": {
        this.calls.expect(call, "report media in", "accepted", "connected");
        call.media[role] = msg.state;
        this.calls.log(call, "media", { role, state: msg.state });
        if (call.phase === "accepted" && call.media.caller === "connected" && call.media.callee === "connected") {
          this.calls.advance(call, "connected");
        }
        return;
      }
      case "hangup":
        this.calls.expect(call, "hang up", "inviting", "ringing", "accepted", "connected");
        return this.core.hangup(
          call,
          role,
          msg.reason ??
            (role === "caller" && call.phase !== "accepted" && call.phase !== "connected" ? "cancelled" : "hangup"),
          msg.code ?? null,
          ep.userId,
        );
      case "feature":
        return handleFeature(this.core, ep, call, role, msg);
    }
  }

  /**
   * SPEC §5.2, §2.2 (V3): the service's observer of the handshake messages an endpoint sends, as it sent them (before
   * any adversary), logged as `signal` with the call's phase at arrival: the suite checks their order and the
   * freshness of each role's key from this log.
   */
  #observe(call: CallRecord, role: "caller" | "callee", type: string, fields: Record<string, unknown>): void {
    this.calls.log(call, "signal", { from: role, type, phase: call.phase, ...fields });
  }

  #sendSettings(epId: string, userId: string, rid?: string): void {
    const st = this.#o.store.getSetting(userId);
    const msg: Record<string, unknown> = {
      type: "settings",
      visible: st.visible,
      enabled: st.enabled,
      policy: this.#o.store.effectivePolicy(userId).value,
    };
    if (rid !== undefined) msg.rid = rid;
    this.endpoints.send(epId, msg);
  }

  async #invite(ep: Endpoint, msg: Msg<"invite">): Promise<void> {
    // SPEC §4.5 (CC7): an invite to "park:<code>" retrieves a parked call.
    if (msg.to.startsWith(PARK_PREFIX)) return retrieve(this.core, ep, msg);
    if (msg.to === ep.userId) throw new ShieldCallError("BAD_STATE", "Cannot call yourself");
    if (!this.core.userExists(msg.to)) throw new ShieldCallError("USER_NOT_FOUND", `No user "${msg.to}"`);
    if (this.calls.find(msg.callId)) {
      throw new ShieldCallError("BAD_STATE", `Cannot create call "${msg.callId}": the id is in use`);
    }
    const targets = this.endpoints.ofUser(msg.to);
    const elig = this.#o.store.eligibility(ep.userId, msg.to, {
      callerSupportsE2EE: ep.e2eeCapable,
      calleeSupportsE2EE: targets.length === 0 || targets.some((t) => t.e2eeCapable),
    });
    // SPEC §4.2: the service forwards the caller's commitment only when the caller's own side allows E2EE,
    // so a client that commits against its policy or setting still gets a standard call (P4).
    const callerAllows = !elig.reasons.some((r) => r.startsWith("caller-"));
    const commit = msg.e2ee && callerAllows ? msg.e2ee.commit : null;
    if (msg.e2ee && ep.protocol !== 3) this.#o.log?.(`hub: e2ee of ${ep.id} ignored: protocol ${ep.protocol}, not 3`);
    // SPEC §4.5 (CC10, CC11): an E2EE invite is never rung to other users and never goes to voicemail.
    const e2eeInvite = commit !== null && elig.e2ee;
    const cc = e2eeInvite ? null : this.core.settings.get(msg.to);
    const simUser = cc?.simultaneousRing && cc.simultaneousRing !== ep.userId ? cc.simultaneousRing : null;
    const simTargets = simUser ? this.endpoints.ofUser(simUser) : [];
    if (targets.length === 0 && simTargets.length === 0 && !cc?.voicemail) {
      throw new ShieldCallError("USER_UNAVAILABLE", `User "${msg.to}" has no registered endpoint`);
    }
    this.#o.hooks?.admit?.(e2eeInvite ? "e2ee" : "standard", this.calls.live()); // SPEC §2.5 (S3)
    const call = this.calls.create({
      id: msg.callId,
      caller: { userId: ep.userId, endpointId: ep.id },
      calleeUserId: msg.to,
      commit,
      versions: commit !== null ? [...msg.e2ee!.versions] : null,
      // SPEC §13.10: the offered profiles stay with the commitment, as received (the endpoints judge them)
      profiles: commit !== null && msg.e2ee!.profiles ? [...msg.e2ee!.profiles] : null,
      eligible: elig.e2ee,
      reasons: elig.reasons,
    });
    this.#observe(call, "caller", "invite", msg.e2ee ? { ...msg.e2ee } : {});
    if (msg.e2ee && !callerAllows) this.calls.log(call, "commit-ignored", { reasons: elig.reasons });
    call.callee.rung = [...targets, ...simTargets].map((t) => t.id);
    call.callee.simRung = simTargets.map((t) => t.id);
    if (simTargets.length) this.calls.log(call, "simultaneous-ring", { user: simUser, endpoints: call.callee.simRung });
    const forwardCommit = await this.#o.media.onInvite(call, this.#o.adversary.take(ep.userId));
    this.endpoints.send(ep.id, { type: "invited", rid: msg.rid, callId: call.id });
    for (const t of targets) {
      const incoming: Record<string, unknown> = { type: "incoming", callId: call.id, from: ep.userId };
      // SPEC §6: no e2ee fields to an endpoint that is not E2EE-capable (below protocol 3); it answers standard
      if (forwardCommit && t.e2eeCapable) incoming.e2ee = forwardCommit;
      this.endpoints.send(t.id, incoming);
    }
    const via = { feature: "simultaneous-ring", by: msg.to };
    for (const t of simTargets) this.endpoints.send(t.id, { type: "incoming", callId: call.id, from: ep.userId, via });
    if (call.callee.rung.length === 0) return this.core.unanswered(call, "unavailable", null);
    this.core.ringTimer(call);
  }

  async #accept(ep: Endpoint, call: CallRecord, msg: Msg<"accept">): Promise<void> {
    this.calls.expect(call, "accept", "inviting", "ringing");
    // SPEC §4.5 (CC11): the simultaneously rung user who answers becomes the callee; its key is never used.
    const sim = call.callee.simRung.includes(ep.id);
    if (sim) {
      this.calls.log(call, "answered-by", { user: ep.userId, for: call.callee.userId });
      call.callee.userId = ep.userId;
    }
    const elig = this.#o.store.eligibility(call.caller.userId, call.callee.userId, {
      callerSupportsE2EE: true,
      calleeSupportsE2EE: ep.e2eeCapable,
    });
    const calleeAllows = !sim && !elig.reasons.some((r) => r.startsWith("callee-"));
    call.callee.endpointId = ep.id;
    this.core.clearTimer(call.id);
    for (const other of call.callee.rung) {
      if (other !== ep.id) {
        this.endpoints.send(other, { type: "cancelled", callId: call.id, reason: "answered-elsewhere" });
      }
    }
    call.e2ee.pk = msg.e2ee && calleeAllows ? msg.e2ee.pk : null;
    call.e2ee.fp = msg.e2ee && calleeAllows ? msg.e2ee.fp : null;
    call.e2ee.version = msg.e2ee && calleeAllows ? msg.e2ee.version : null;
    // SPEC §13.10: the chosen profile, as received, with the key; the service routes by it (§13.11)
    call.e2ee.profile = msg.e2ee && calleeAllows ? msg.e2ee.profile ?? null : null;
    if (msg.e2ee && !calleeAllows) {
      this.calls.log(call, "pk-ignored", { reasons: sim ? ["simultaneous-ring"] : elig.reasons });
    }
    this.calls.advance(call, "accepted", { endpoint: ep.id });
    await this.#o.media.onAccept(call);
    this.core.afterAccept(call);
    if (sim) this.core.event({ call, role: "caller" }, "peer-changed", { peer: ep.userId });
  }

  /** Ends a call from outside the hub (e.g. an admin or a media failure). */
  endCall(callId: string, reason: string, code: string | null = null): void {
    const call = this.calls.find(callId);
    if (call) this.core.endCall(call, reason, (code as never) ?? null, null);
  }

  // SPEC §4.1: a peer that disconnects leaves its calls; SPEC §4.5: the other parties' calls go on where they can.
  #onDisconnect(ep: Endpoint): void {
    this.endpoints.remove(ep.id);
    this.core.endpointGone(ep.id, ep.userId);
  }

  /**
   * SPEC §10 (S1): closes (4401) every authenticated connection whose token no longer authenticates its user
   * — revoked or expired — so a revoked token keeps no endpoint registered. Returns how many were closed.
   */
  dropUnauthenticated(): number {
    return dropInvalid(this.#o.store, this.#sessions);
  }

  /** Ends every call and clears timers (service shutdown). */
  close(): void {
    for (const s of this.#sessions) clearTimeout(s.expiry);
    this.core.close();
  }
}
