/**
 * Service-side feature handling (SPEC §2.4 F1–F10, §4.5): refused with FEATURE_DISABLED_E2EE in an E2EE call (and
 * for an E2EE invite), performed in a standard call — recording, captions and transcription at the processor's
 * pair bridge, call control by re-bridging processor legs (src/service/callcontrol/).
 */
import { ShieldCallError } from "../errors.ts";
import { isControlOperation, isFeature } from "../protocol/mod.ts";
import type { ClientMessage } from "../protocol/mod.ts";
import { type CallRecord, isE2eeTopology, type Role } from "./calls.ts";
import type { Endpoint } from "./endpoints.ts";
import { type Args, reachable, userArg } from "./callcontrol/args.ts";
import type { CallCore } from "./callcontrol/core.ts";
import { addParticipant, merge } from "./callcontrol/group.ts";
import { otherDevice } from "./callcontrol/devices.ts";
import { park } from "./callcontrol/park.ts";
import { type Slot, slotKey } from "./callcontrol/sessions.ts";
import { consultTransfer, holdOrResume, type Outcome, transfer } from "./callcontrol/transfer.ts";

type FeatureMsg = Extract<ClientMessage, { type: "feature" }>;

/** SPEC §2.4 (F1–F9, F10): refused, logged, and nothing about the call changes — E2EE stays on. */
function refuse(core: CallCore, call: CallRecord, ep: Endpoint, feature: string): never {
  call.features.refused++;
  core.calls.log(call, "feature-refused", { feature, by: ep.userId, code: "FEATURE_DISABLED_E2EE" });
  throw new ShieldCallError(
    "FEATURE_DISABLED_E2EE",
    `Feature "${feature}" is unavailable while the call is end-to-end encrypted`,
    { feature },
  );
}

/** Handles a `feature` request; replies with `feature.result`, or throws a ShieldCallError the hub reports. */
export function handleFeature(core: CallCore, ep: Endpoint, call: CallRecord, role: Role, msg: FeatureMsg): void {
  const name = msg.feature;
  const args: Args = msg.args ?? {};
  const slot: Slot = { call, role };
  let out: Outcome;
  if (isControlOperation(name)) {
    core.calls.expect(call, name, "accepted", "connected");
    out = holdOrResume(core, ep, slot, name);
  } else if (!isFeature(name)) {
    throw new ShieldCallError("FEATURE_UNKNOWN", `Unknown feature "${name}"`, { feature: name });
  } else if (call.phase === "inviting" || call.phase === "ringing") {
    // SPEC §4.5 (CC10, CC11): while it rings the callee may send the call to voicemail or ring another user too.
    if ((name !== "voicemail" && name !== "simultaneous-ring") || role !== "callee") {
      core.calls.expect(call, `use "${name}" in`, "accepted", "connected");
    }
    if (core.isE2eeInvite(call)) refuse(core, call, ep, name);
    out = name === "voicemail" ? ringingToVoicemail(core, call) : ringingAlsoRing(core, call, args);
  } else {
    core.calls.expect(call, `use "${name}" in`, "accepted", "connected");
    if (isE2eeTopology(call.topology)) refuse(core, call, ep, name); // SPEC §2.4, §13.10: forwarder calls too
    out = perform(core, ep, slot, name, args);
  }
  core.calls.log(call, "feature", { feature: name, by: ep.userId, role, ...(msg.args ? { args: msg.args } : {}) });
  core.send(ep.id, {
    type: "feature.result",
    rid: msg.rid,
    callId: call.id,
    feature: name,
    ok: true,
    result: out.result,
  });
  out.after?.();
}

function perform(core: CallCore, ep: Endpoint, slot: Slot, name: string, args: Args): Outcome {
  switch (name) {
    case "recording":
    case "live-captions":
    case "transcription":
      return mediaFeature(core, slot, name);
    case "transfer-blind":
      return transfer(core, ep, slot, args, false);
    case "transfer-safe":
      return transfer(core, ep, slot, args, true);
    case "transfer-consult":
      return consultTransfer(core, ep, slot, args);
    case "park":
      return park(core, ep, slot, args);
    case "merge":
      return merge(core, ep, slot, args);
    case "add-participant":
      return addParticipant(core, ep, slot, args);
    case "companion":
    case "device-transfer":
      return otherDevice(core, ep, slot, args, name);
    case "voicemail":
      return toVoicemail(core, ep, slot, args);
    default:
      throw new ShieldCallError(
        "BAD_STATE",
        `Cannot use "${name}" in call "${slot.call.id}": it rings only while the call rings`,
      );
  }
}

/** F1–F3 on the session's pair bridge (SPEC §4.4). */
function mediaFeature(core: CallCore, slot: Slot, name: "recording" | "live-captions" | "transcription"): Outcome {
  const call = slot.call;
  const s = core.sessions.of(slot);
  const b = s?.bridge;
  if (!s || !b) {
    throw new ShieldCallError("BAD_STATE", `Cannot use "${name}" in call "${call.id}": media is not bridged yet`);
  }
  if (b.kind !== "pair") {
    throw new ShieldCallError("FEATURE_FAILED", `Feature "${name}" is not available in a group call in this release`, {
      feature: name,
    });
  }
  if (s.features.has(name)) {
    throw new ShieldCallError("BAD_STATE", `Feature "${name}" is already active in call "${call.id}"`);
  }
  const bridge = b.bridge;
  if (name === "recording") bridge.startRecording();
  else if (name === "transcription") bridge.startTranscription();
  else {
    bridge.startCaptions((c) => {
      // SPEC §4.4 (F2): captions go to every party, each on its own call id; the speaker is the leg's user.
      const speaker = s.members.find((m) => slotKey(m.slot) === c.legId);
      for (const m of s.members) {
        if (!core.calls.attached(m.slot.call, m.slot.role)) continue;
        core.send(m.slot.call[m.slot.role].endpointId, {
          type: "caption",
          callId: m.slot.call.id,
          speaker: speaker?.userId ?? m.userId,
          text: c.text,
          final: c.final,
          at: c.at,
        });
      }
    });
  }
  s.features.set(name, call);
  call.features.active.push(name);
  return {
    result: name === "recording"
      ? { recording: true }
      : name === "transcription"
      ? { transcription: true }
      : { captions: true },
  };
}

/** SPEC §4.5 (CC10): the callee sends the ringing call to its own voicemail. */
function ringingToVoicemail(core: CallCore, call: CallRecord): Outcome {
  return { result: { voicemail: call.callee.userId }, after: () => core.voicemail.forward(call, "forwarded") };
}

/** SPEC §4.5 (CC11): the callee has `args.to`'s endpoints ring too; the first to answer gets the call. */
function ringingAlsoRing(core: CallCore, call: CallRecord, args: Args): Outcome {
  const to = userArg(core, "simultaneous-ring", args);
  if (to === call.caller.userId || to === call.callee.userId) {
    throw new ShieldCallError(
      "BAD_STATE",
      `Cannot ring "${to}" simultaneously in call "${call.id}": that user is already in it`,
    );
  }
  const targets = reachable(core, to).filter((e) => !call.callee.rung.includes(e.id));
  return {
    result: { ringing: to },
    after: () => {
      const via = { feature: "simultaneous-ring", by: call.callee.userId };
      for (const t of targets) {
        call.callee.rung.push(t.id);
        call.callee.simRung.push(t.id);
        core.send(t.id, { type: "incoming", callId: call.id, from: call.caller.userId, via });
      }
    },
  };
}

/** SPEC §4.5 (CC10): the partner of an answered 1:1 call goes to `args.to`'s voicemail (default: the requester's). */
function toVoicemail(core: CallCore, ep: Endpoint, slot: Slot, args: Args): Outcome {
  const forUser = args.to === undefined ? ep.userId : userArg(core, "voicemail", args);
  const { partner } = core.pairOf(slot, "voicemail");
  return {
    result: { voicemail: forUser },
    after: () => {
      core.sessions.remove(partner.slot);
      core.leave(slot, "forwarded-to-voicemail", null, ep.userId);
      core.voicemail.connect(partner.slot, forUser);
    },
  };
}
