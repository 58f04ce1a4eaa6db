/**
 * Media plane of the service: decides the topology and wires each call to the transport relay (E2EE), the
 * forwarder (E2EE in the SFrame profile) or the media processor (standard), and plays the adversary modes (SPEC
 * §4.2–§4.4, §8, §13.11).
 */
import { ShieldCallError } from "../errors.ts";
import { base64urlDecode } from "../crypto/mod.ts";
import { FEATURES } from "../protocol/mod.ts";
import type { Processor, ProcessorLeg } from "../processor/mod.ts";
import { extractCandidates, extractIceCredentials, replaceCandidates } from "../relay/mod.ts";
import type { TransportRelay } from "../relay/mod.ts";
import { Forwarder } from "../forwarder/mod.ts";
import type { AdversaryPlan } from "./adversary.ts";
import { adversaryModule, ConfirmHistory, confirmSends } from "./adversary/mod.ts";
import type { CallRecord, CallRegistry, Role } from "./calls.ts";
import type { EndpointRegistry } from "./endpoints.ts";
import {
  e2eeToCaller,
  type MediaEvidence,
  newWiring,
  safeFingerprint,
  splitStandard,
  type Wiring,
} from "./_media_wiring.ts";
import { answerOnLeg, closeForwarded, type Description, forwarderEvidence, openForwarded } from "./_forward_wiring.ts";
export type { Description } from "./_forward_wiring.ts";

/** Routes media for every call of a service. */
export class MediaPlane {
  readonly #w = new Map<string, Wiring>();
  readonly relay: TransportRelay;
  readonly processor: Processor;
  /** SPEC §13.9, §13.11: forwards the media of `forwarder` calls. */
  readonly forwarder: Forwarder;
  readonly #calls: CallRegistry;
  readonly #eps: EndpointRegistry;
  readonly #host: string;
  /** SPEC §8 confirm-replay: the tags the service forwarded, per role, across calls. */
  readonly #confirms = new ConfirmHistory();
  /** SPEC §4.5: called when a standard call's leg has answered, so call control can (re)bridge it. */
  onLegReady: (call: CallRecord, role: Role) => void = () => {};
  /**
   * SPEC §4.4 (MP11): called when the processor lost a leg of a live call (its worker process died); the call
   * must end.
   */
  onMediaLost: (callId: string) => void = () => {};

  constructor(
    o: {
      relay: TransportRelay;
      processor: Processor;
      forwarder?: Forwarder;
      calls: CallRegistry;
      endpoints: EndpointRegistry;
      host?: string;
    },
  ) {
    this.relay = o.relay;
    this.processor = o.processor;
    this.forwarder = o.forwarder ?? new Forwarder();
    this.#calls = o.calls;
    this.#eps = o.endpoints;
    this.#host = o.host ?? "127.0.0.1";
  }

  #wiring(call: CallRecord): Wiring {
    const w = this.#w.get(call.id);
    if (!w) throw new ShieldCallError("INTERNAL", `No media wiring for call "${call.id}"`);
    return w;
  }

  #act(call: CallRecord, action: string, detail?: Record<string, unknown>): void {
    const entry = { at: Date.now(), event: action, ...(detail ? { detail } : {}) };
    call.adversary?.actions.push(entry);
    this.#calls.log(call, `adversary:${action}`, detail);
  }

  #send(call: CallRecord, role: Role, msg: object): void {
    this.#eps.send(role === "caller" ? call.caller.endpointId : call.callee.endpointId, msg);
  }

  /** At invite: attaches the adversary plan; returns the `e2ee` to forward to the callee (or null). */
  async onInvite(
    call: CallRecord,
    plan: AdversaryPlan | null,
  ): Promise<{ commit: string; versions: number[]; profiles?: string[] } | null> {
    const w = newWiring(plan);
    this.#w.set(call.id, w);
    if (plan) {
      call.adversary = { mode: plan.mode, seed: plan.seed, actions: [] };
      this.#calls.log(call, "adversary", { mode: plan.mode, seed: plan.seed });
      w.play = adversaryModule(plan.mode).play({
        call,
        seed: plan.seed,
        rate: plan.rate,
        act: (action, detail) => this.#act(call, action, detail),
        earlierConfirms: (from) => this.#confirms.before(call.id, from),
        // SPEC §8 mitm (protocol 3): the caller's processor leg exists before its offer, its certificate known
        anchorCaller: async (label) => {
          const leg = this.processor.createLeg(`${call.id}:caller`, { label });
          w.legs.caller = leg;
          w.callerAnchored = leg;
          return await leg.certificateFingerprint();
        },
        anchorCallee: async (label) => {
          const leg = this.processor.createLeg(`${call.id}:callee`, { label });
          w.legs.callee = leg;
          return (w.calleeOffer = await leg.offer());
        },
      });
    }
    if (call.e2ee.commit === null) return null;
    // SPEC §8 split toward the caller: the callee gets a standard invite (no `e2ee`); the caller's commitment stays.
    if (w.play.playCallee) return null;
    // SPEC §8: the adversary may forge (mitm) or remove (strip) the commitment it forwards.
    const commit = w.play.commit ? await w.play.commit(call.e2ee.commit) : call.e2ee.commit;
    if (commit === null) call.e2ee.commit = null;
    if (commit === null) return null;
    // SPEC §6: the offered versions go to the callee as the caller sent them (version-lie may rewrite them, §8).
    const offered = call.e2ee.versions ?? [];
    const versions = w.play.versionsToCallee ? w.play.versionsToCallee(offered) : [...offered];
    // SPEC §13.10: the offered profiles go to the callee exactly as received, with the commitment
    return { commit, versions, ...(call.e2ee.profiles ? { profiles: [...call.e2ee.profiles] } : {}) };
  }

  /** At accept: decides the topology (SPEC §4.2) and tells both sides. */
  async onAccept(call: CallRecord, opts: { features?: readonly string[] } = {}): Promise<void> {
    const w = this.#wiring(call);
    if (call.e2ee.pk !== null && w.play.calleeKey) call.e2ee.pk = w.play.calleeKey(call.e2ee.pk);
    // SPEC §8 split: one party gets a standard call, the other an E2EE leg whose peer the service plays itself.
    const standard = splitStandard(call, w.play);
    // SPEC §4.2: both sides committed to E2EE → transport relay; otherwise → media processor.
    const e2ee = standard !== null || (call.e2ee.commit !== null && call.e2ee.pk !== null);
    // SPEC §13.11 (routing): an E2EE call whose chosen profile is sframe goes through the forwarder
    const forward = e2ee && standard === null && call.e2ee.profile === "sframe";
    call.topology = forward ? "forwarder" : e2ee ? "relay" : "processor";
    // SPEC §4.2, §2.4: nothing is offered in an E2EE call; a standard call offers every feature of §2.4.
    const accepted = (role: Role): Record<string, unknown> => {
      const std = !e2ee || standard === role;
      const features = std ? [...(opts.features ?? FEATURES)] : [];
      return { type: "accepted", callId: call.id, topology: std ? "processor" : call.topology, features };
    };
    const toCaller = accepted("caller");
    const toCallee = accepted("callee");
    if (e2ee) {
      if (standard !== "caller") toCaller.e2ee = await e2eeToCaller(call, w);
      // SPEC §13.11: no relay port; a forwarder call with one leg per party
      if (forward) w.fwd = openForwarded(this.forwarder, call.id, w.play.forwarded);
      if (forward) this.#calls.log(call, "forwarder-opened", { legs: ["caller", "callee"] });
      // SPEC §4.3: E2EE media crosses the relay (an adversary may alter packets there, or anchor the media instead).
      const route = forward ? null : w.play.media ? await w.play.media() : { via: "relay" as const };
      if (route?.via === "relay") {
        w.alloc = await this.relay.allocate(call.id, route.fault ? { fault: route.fault } : {});
        this.#calls.log(call, "relay-allocated", { ports: w.alloc.ports, fault: route.fault ?? null });
      }
    }
    const profile = call.e2ee.profile !== null ? { profile: call.e2ee.profile } : {};
    this.#calls.log(call, "topology", {
      topology: call.topology,
      ...profile,
      ...(standard ? { standardFor: standard } : {}),
    });
    this.#send(call, "caller", toCaller);
    this.#send(call, "callee", toCallee);
    // SPEC §8 split toward the callee: the service reveals its own key at once and offers from the processor leg.
    if (standard === "caller") this.#revealToCallee(call, w, w.play.playCaller!());
  }

  /** Caller's reveal: forwarded to the callee, or altered by the adversary (SPEC §8). */
  async onReveal(call: CallRecord, pk: string): Promise<void> {
    const w = this.#wiring(call);
    // SPEC §13.11: the caller reveals in a forwarder call as in a relay call
    if (call.topology !== "relay" && call.topology !== "forwarder") {
      throw new ShieldCallError("BAD_STATE", `Cannot reveal in call "${call.id}": it is not end-to-end encrypted`);
    }
    const out = w.play.reveal ? w.play.reveal(pk) : { pk };
    if (out === null) return;
    if (out.hold) {
      w.heldReveal = out.pk;
      return;
    }
    this.#revealToCallee(call, w, out.pk);
  }

  /** Sends the callee a `reveal`, then (an anchored callee: mitm, split) the processor leg's offer. */
  #revealToCallee(call: CallRecord, w: Wiring, pk: string): void {
    base64urlDecode(pk);
    this.#send(call, "callee", { type: "reveal", callId: call.id, pk });
    if (w.calleeOffer) {
      this.#send(call, "callee", { type: "sdp", callId: call.id, description: { type: "offer", sdp: w.calleeOffer } });
      this.#calls.log(call, "sdp", { from: "processor", to: "callee", type: "offer" });
    }
  }

  /**
   * SPEC §5.9 `confirm`: forwarded to the other party in every relay call, or replaced by the adversary (mitm holds
   * both legs' keys; §8 modes drop, reflect, repeat or alter it). Each frame sent is logged (`confirm-forwarded`).
   */
  onConfirm(call: CallRecord, role: Role, tag: string, retry = false): void {
    const w = this.#wiring(call);
    if (!retry) this.#confirms.record(call.id, role, tag);
    const out = w.play.confirm ? w.play.confirm(role, tag) : tag;
    if (out === null) return void w.heldConfirms.push({ role, tag });
    for (const f of confirmSends(role, out)) {
      this.#send(call, f.to, { type: "confirm", callId: call.id, tag: f.tag });
      // SPEC §8 (evidence): when each confirm left the service, to compare with the relay's first-RTP times
      this.#calls.log(call, "confirm-forwarded", { to: f.to, tag: f.tag });
    }
  }

  #retryConfirms(call: CallRecord, w: Wiring): void {
    const held = w.heldConfirms.splice(0);
    for (const h of held) this.onConfirm(call, h.role, h.tag, true);
  }

  /** Routes an SDP from one side: through the relay (E2EE) or to the processor (standard, mitm, anchor). */
  async onSdp(call: CallRecord, role: Role, d: Description): Promise<void> {
    await this.#routeSdp(call, role, d);
    const w = this.#wiring(call);
    if (w.heldConfirms.length) this.#retryConfirms(call, w);
  }

  async #routeSdp(call: CallRecord, role: Role, d: Description): Promise<void> {
    const w = this.#wiring(call);
    this.#calls.log(call, "sdp", { from: role, type: d.type, fingerprint: safeFingerprint(d.sdp) });
    if (w.fwd) {
      // SPEC §13.11 (legs): each party's offer is answered from its own forwarder leg
      const sdp = await answerOnLeg(w.fwd, role, d);
      this.#send(call, role, { type: "sdp", callId: call.id, description: { type: "answer", sdp } });
      return this.#calls.log(call, "sdp", { from: "forwarder", to: role, type: "answer" });
    }
    if (w.alloc) {
      // SPEC §4.3: strip the sender's candidates, permit them at the relay, point the receiver at the relay.
      const side = role === "caller" ? "a" : "b";
      const cands = extractCandidates(d.sdp).filter((c) => c.protocol.toLowerCase() === "udp");
      // SPEC §4.3 (TR4): its ICE credentials let the other side's checks teach the relay an mDNS-hidden address.
      w.alloc.permit(side, cands.map((c) => ({ address: c.address, port: c.port })), extractIceCredentials(d.sdp));
      const toward = role === "caller" ? w.alloc.ports.b : w.alloc.ports.a;
      const sdp = replaceCandidates(d.sdp, { address: this.#host, port: toward });
      const to = role === "caller" ? "callee" : "caller";
      // SPEC §8: an adversary may rewrite the description it forwards (answer-fp-swap)
      const description = w.play.sdpToward ? w.play.sdpToward(to, { type: d.type, sdp }) : { type: d.type, sdp };
      this.#send(call, to, { type: "sdp", callId: call.id, description });
      if (role === "caller" && w.heldReveal !== null) {
        this.#send(call, "callee", { type: "reveal", callId: call.id, pk: w.heldReveal });
        this.#act(call, "reveal-after-offer", { pk: w.heldReveal });
        w.heldReveal = null;
      }
      return;
    }
    // Processor-anchored leg: the endpoint offers and the processor answers, or (toward the callee under
    // mitm/anchor) the processor offered and this is the endpoint's answer.
    if (d.type === "offer" && role === "caller" && w.callerAnchored && w.legs.caller === w.callerAnchored) {
      // SPEC §8 mitm (protocol 3): the caller's offer is answered from the leg whose certificate went into accepted
      const leg = w.callerAnchored;
      w.callerAnchored = undefined;
      const answer = await leg.answer(d.sdp);
      if (w.legs[role] === leg) w.answered.add(role);
      if (w.play.logsProcessorAnswers) {
        this.#act(call, "processor-answer", { to: role, fingerprint: safeFingerprint(answer) });
      }
      this.#send(call, role, { type: "sdp", callId: call.id, description: { type: "answer", sdp: answer } });
    } else if (d.type === "offer") {
      const old = w.legs[role];
      if (old) {
        if (w.bridge) {
          await w.bridge.close();
          w.bridge = null;
        }
        await old.close();
      }
      const leg = this.processor.createLeg(`${call.id}:${role}`, { label: role });
      w.legs[role] = leg;
      w.answered.delete(role);
      const answer = await leg.answer(d.sdp);
      if (w.legs[role] === leg) w.answered.add(role);
      // SPEC §8 (evidence): under mitm/anchor, the certificate the processor's leg presents to this side.
      if (w.play.logsProcessorAnswers) {
        this.#act(call, "processor-answer", { to: role, fingerprint: safeFingerprint(answer) });
      }
      this.#send(call, role, { type: "sdp", callId: call.id, description: { type: "answer", sdp: answer } });
    } else {
      const leg = w.legs[role];
      if (!leg) throw new ShieldCallError("BAD_STATE", `Unexpected SDP answer in call "${call.id}"`);
      await leg.applyAnswer(d.sdp);
      if (w.legs[role] === leg) w.answered.add(role);
    }
    if (call.topology === "processor") {
      // SPEC §4.5: a standard call's legs belong to call-control sessions, which bridge them.
      this.onLegReady(call, role);
      return;
    }
    if (w.legs.caller && w.legs.callee && !w.bridge) {
      w.bridge = this.processor.bridge(w.legs.caller, w.legs.callee, { callId: call.id });
      this.#calls.log(call, "bridged");
    }
  }

  /**
   * The processor leg of one side of a standard call, once its offer/answer exchange completed (SPEC §4.5 CC3: a
   * leg still being answered is not bridged — bridging it early and re-bridging later lost running features).
   */
  legOf(call: CallRecord, role: Role): ProcessorLeg | null {
    const w = this.#w.get(call.id);
    return w && w.answered.has(role) ? w.legs[role] : null;
  }

  /** Records that a session bridged this call's leg(s) (evidence, and the `bridged` log entry). */
  markBridged(call: CallRecord, detail?: Record<string, unknown>): void {
    const w = this.#w.get(call.id);
    if (w) w.bridged = true;
    this.#calls.log(call, "bridged", detail);
  }

  /** Closes the leg of one side (a side that left the call, SPEC §4.5); its counters stay in the evidence. */
  async closeLeg(call: CallRecord, role: Role): Promise<void> {
    const w = this.#w.get(call.id);
    const leg = w?.legs[role];
    if (!w || !leg) return;
    const counters = leg.stats();
    w.closedLegs[role] = counters;
    w.legs[role] = null;
    // SPEC §4.4 (MP11): the leg's latest counters, when it lives in a worker process, before it closes.
    await this.processor.sync();
    if (w.closedLegs[role] === counters) w.closedLegs[role] = leg.stats();
    await leg.close();
  }

  /** Legs the processor lost (a worker process died): every call still holding one of them is told (onMediaLost). */
  legsLost(legIds: readonly string[]): void {
    const lost = new Set(legIds);
    for (const [callId, w] of this.#w) {
      if (w.final) continue;
      if ([w.legs.caller, w.legs.callee].some((l) => l !== null && lost.has(l.id))) this.onMediaLost(callId);
    }
  }

  /**
   * Media evidence of a call: relay counters, processor leg counters, and the forwarder's counters and tap (SPEC
   * §13.11); a snapshot once the call ended.
   */
  evidence(callId: string): MediaEvidence {
    const w = this.#w.get(callId);
    if (w?.final) return w.final;
    return {
      relay: w?.alloc?.stats() ?? null,
      forwarder: w?.fwd ? forwarderEvidence(w.fwd) : null,
      processor: w
        ? {
          caller: w.legs.caller?.stats() ?? w.closedLegs.caller ?? null,
          callee: w.legs.callee?.stats() ?? w.closedLegs.callee ?? null,
          bridged: w.bridge !== null || w.bridged,
        }
        : null,
    };
  }

  /** Releases the relay allocation and processor legs of an ended call; evidence stays readable. */
  async onEnd(call: CallRecord): Promise<void> {
    const w = this.#w.get(call.id);
    if (!w || w.final) return;
    // SPEC §4.4 (MP11): the legs' latest counters, when they live in worker processes.
    if (w.legs.caller || w.legs.callee) await this.processor.sync();
    if (w.final) return;
    const relayStats = w.alloc?.stats() ?? null;
    const proc = this.evidence(call.id).processor;
    w.final = { relay: relayStats, processor: proc, forwarder: w.fwd ? forwarderEvidence(w.fwd) : null };
    // SPEC §8: the relay's fault actions are adversary actions of this call.
    if (call.adversary && relayStats?.fault) {
      for (const a of relayStats.fault.actions) {
        call.adversary.actions.push({
          at: (a as { at?: number }).at ?? Date.now(),
          event: "relay-fault",
          detail: a as never,
        });
      }
    }
    if (w.bridge) await w.bridge.close();
    for (const leg of [w.legs.caller, w.legs.callee]) if (leg) await leg.close();
    if (w.alloc) await w.alloc.close();
    // SPEC §13.11: the forwarder call closes with the call; its evidence is the snapshot after closing
    if (w.fwd) w.final.forwarder = await closeForwarded(w.fwd);
    this.#calls.log(call, "media-released", {
      relay: relayStats,
      processor: proc,
      forwarder: w.final.forwarder?.stats,
    });
  }

  /** Closes everything. */
  async close(): Promise<void> {
    await this.relay.close();
    await this.forwarder.close();
    await this.processor.close();
  }
}
