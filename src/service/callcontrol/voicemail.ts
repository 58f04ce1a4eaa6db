/**
 * Forward to voicemail (SPEC §4.5 CC10, F9): an unanswered or declined standard call — or a callee's explicit
 * request while it rings, or a party's transfer of the other to a mailbox — is answered by the service, which
 * records the caller's message at the processor and files it (WAV + manifest) in the owner's mailbox.
 */
import type { VoicemailManifest } from "../../processor/mod.ts";
import type { CallRecord } from "../calls.ts";
import type { CallCore } from "./core.ts";
import { type Slot, slotKey } from "./sessions.ts";

/** Messages kept per mailbox (the oldest are forgotten; their files stay on disk). */
const MAX_PER_BOX = 100;

interface Target {
  slot: Slot;
  forUser: string;
}

/** Voicemail of one service: pending and running recordings, and every user's mailbox. */
export class VoicemailService {
  readonly #core: CallCore;
  /** Slots that go to voicemail once their leg is up. */
  readonly #waiting = new Map<string, Target>();
  readonly #running = new Map<string, Target & { stop: () => Promise<VoicemailManifest> }>();
  readonly #box = new Map<string, VoicemailManifest[]>();

  constructor(core: CallCore) {
    this.#core = core;
  }

  /**
   * SPEC §4.5 (CC10, CC11): an unanswered invite goes to voicemail when it is standard, placed by a user, and the
   * callee has it on.
   */
  wants(call: CallRecord): boolean {
    return !this.#core.isE2eeInvite(call) && call.via === null && this.#core.settings.get(call.callee.userId).voicemail;
  }

  /** True while a slot is waiting for or recording a message. */
  has(slot: Slot): boolean {
    return this.#waiting.has(slotKey(slot)) || this.#running.has(slotKey(slot));
  }

  /**
   * SPEC §4.5 (CC10): answers a ringing call for the callee's voicemail — the rung endpoints are cancelled, the
   * caller gets `accepted` (standard topology, nothing offered) and `event voicemail`, and its message is recorded
   * once its leg is up.
   */
  forward(call: CallRecord, reason: string): void {
    const core = this.#core;
    core.clearTimer(call.id);
    for (const r of call.callee.rung) core.send(r, { type: "cancelled", callId: call.id, reason });
    call.callee.rung = [];
    call.callee.simRung = [];
    call.callee.virtual = true;
    call.voicemail = true;
    call.topology = "processor";
    call.media.callee = "connected";
    core.calls.advance(call, "accepted", { voicemail: call.callee.userId, reason });
    core.calls.log(call, "topology", { topology: "processor" });
    const slot: Slot = { call, role: "caller" };
    this.#waiting.set(slotKey(slot), { slot, forUser: call.callee.userId });
    core.send(call.caller.endpointId, { type: "accepted", callId: call.id, topology: "processor", features: [] });
    core.event(slot, "voicemail", { for: call.callee.userId, reason });
    this.#limit(slot);
  }

  /**
   * SPEC §4.5 (CC10): connects an answered party to `forUser`'s voicemail (its leg is up already: recording starts
   * now).
   */
  connect(slot: Slot, forUser: string): void {
    this.#core.event(slot, "voicemail", { for: forUser, reason: "transferred" });
    this.#start({ slot, forUser });
    this.#limit(slot);
  }

  #limit(slot: Slot): void {
    this.#core.timer(`voicemail:${slotKey(slot)}`, this.#core.opts.voicemailMaxMs, () => {
      this.#core.leave(slot, "voicemail-full", null, null);
    });
  }

  /** A leg came up: start the recording it waits for. Returns true when the slot is a voicemail caller. */
  onLegReady(slot: Slot): boolean {
    const t = this.#waiting.get(slotKey(slot));
    if (!t) return this.#running.has(slotKey(slot));
    this.#waiting.delete(slotKey(slot));
    this.#start(t);
    return true;
  }

  #start(t: Target): void {
    const core = this.#core;
    const leg = core.media.legOf(t.slot.call, t.slot.role);
    if (!leg) return core.log(`voicemail: no leg for "${slotKey(t.slot)}"`);
    try {
      const rec = core.media.processor.voicemail(leg, {
        callId: t.slot.call.id,
        forUser: t.forUser,
        fromUser: t.slot.call[t.slot.role].userId,
      });
      this.#running.set(slotKey(t.slot), { ...t, stop: () => rec.stop() });
      core.calls.log(t.slot.call, "voicemail-recording", { for: t.forUser, leg: leg.id });
    } catch (e) {
      core.log(`voicemail: cannot record "${slotKey(t.slot)}": ${String(e)}`);
    }
  }

  /** Stops the slot's recording (if any) and files the message in the owner's mailbox. */
  stopSlot(slot: Slot): void {
    const key = slotKey(slot);
    this.#waiting.delete(key);
    this.#core.clearTimer(`voicemail:${key}`);
    const r = this.#running.get(key);
    if (!r) return;
    this.#running.delete(key);
    void r.stop().then((m) => {
      const box = this.#box.get(m.for) ?? [];
      box.push(m);
      if (box.length > MAX_PER_BOX) box.splice(0, box.length - MAX_PER_BOX);
      this.#box.set(m.for, box);
      this.#core.calls.log(r.slot.call, "voicemail-saved", {
        for: m.for,
        path: m.path,
        manifest: m.manifestPath,
        samples: m.samples,
      });
    }, (e) => this.#core.log(`voicemail: ${String(e)}`));
  }

  /** A call ended: stop the recordings on its sides. */
  onCallEnded(call: CallRecord): void {
    this.stopSlot({ call, role: "caller" });
    this.stopSlot({ call, role: "callee" });
  }

  /** The messages in a user's mailbox, oldest first (SPEC §10 `GET /admin/users/:u/voicemails`). */
  list(userId: string): VoicemailManifest[] {
    return [...(this.#box.get(userId) ?? [])];
  }
}
