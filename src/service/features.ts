/**
 * Service-side feature handling (SPEC §2.4 F1–F10): refused with FEATURE_DISABLED_E2EE in an E2EE call,
 * performed at the media processor in a standard call.
 */
import { ShieldCallError } from "../errors.ts";
import { isFeature } from "../protocol/mod.ts";
import type { ClientMessage } from "../protocol/mod.ts";
import type { CallRecord, CallRegistry, Role } from "./calls.ts";
import type { Endpoint, EndpointRegistry } from "./endpoints.ts";
import type { MediaPlane } from "./media_plane.ts";

/** Features this service performs in a standard call; the rest of SPEC §2.4's list is refused as FEATURE_FAILED. */
export const SERVICE_FEATURES = ["recording", "live-captions", "transcription"] as const;

type FeatureMsg = Extract<ClientMessage, { type: "feature" }>;

/** What the handler needs from the service. */
export interface FeatureContext {
  calls: CallRegistry;
  endpoints: EndpointRegistry;
  media: MediaPlane;
}

/** Handles a `feature` request; replies with `feature.result`, or throws a ShieldCallError the hub reports. */
export async function handleFeature(ctx: FeatureContext, ep: Endpoint, call: CallRecord, role: Role, msg: FeatureMsg): Promise<void> {
  if (!isFeature(msg.feature)) {
    throw new ShieldCallError("FEATURE_UNKNOWN", `Unknown feature "${msg.feature}"`, { feature: msg.feature });
  }
  ctx.calls.expect(call, `use "${msg.feature}" in`, "accepted", "connected");
  if (call.topology === "relay") {
    // SPEC §2.4 (F1–F9, F10): refused, logged, and nothing about the call changes — E2EE stays on.
    call.features.refused++;
    ctx.calls.log(call, "feature-refused", { feature: msg.feature, by: ep.userId, code: "FEATURE_DISABLED_E2EE" });
    throw new ShieldCallError("FEATURE_DISABLED_E2EE", `Feature "${msg.feature}" is unavailable while the call is end-to-end encrypted`, {
      feature: msg.feature,
    });
  }
  const bridge = ctx.media.bridgeOf(call.id);
  if (!bridge) throw new ShieldCallError("BAD_STATE", `Cannot use "${msg.feature}" in call "${call.id}": media is not bridged yet`);
  if (call.features.active.includes(msg.feature)) {
    throw new ShieldCallError("BAD_STATE", `Feature "${msg.feature}" is already active in call "${call.id}"`);
  }
  const party = (r: Role) => (r === "caller" ? call.caller.endpointId : call.callee.endpointId);
  let result: Record<string, unknown>;
  switch (msg.feature) {
    case "recording":
      bridge.startRecording();
      result = { recording: true };
      break;
    case "live-captions":
      bridge.startCaptions((c) => {
        const speaker = c.legId.endsWith(":caller") ? call.caller.userId : call.callee.userId;
        const out = { type: "caption", callId: call.id, speaker, text: c.text, final: c.final, at: c.at };
        ctx.endpoints.send(party("caller"), out);
        ctx.endpoints.send(party("callee"), out);
      });
      result = { captions: true };
      break;
    case "transcription":
      bridge.startTranscription();
      result = { transcription: true };
      break;
    default:
      throw new ShieldCallError("FEATURE_FAILED", `Feature "${msg.feature}" is not available in this release`, { feature: msg.feature });
  }
  call.features.active.push(msg.feature);
  ctx.calls.log(call, "feature", { feature: msg.feature, by: ep.userId, role });
  ctx.endpoints.send(ep.id, { type: "feature.result", rid: msg.rid, callId: call.id, feature: msg.feature, ok: true, result });
}

/** Stops the features still running when a call ends and returns their outputs (recording manifest, transcript). */
export async function stopFeatures(ctx: FeatureContext, call: CallRecord): Promise<Record<string, unknown>> {
  const bridge = ctx.media.bridgeOf(call.id);
  const out: Record<string, unknown> = {};
  if (!bridge) return out;
  if (call.features.active.includes("recording")) out.recording = await bridge.stopRecording();
  if (call.features.active.includes("live-captions")) bridge.stopCaptions();
  if (call.features.active.includes("transcription")) out.transcription = await bridge.stopTranscription();
  if (Object.keys(out).length) ctx.calls.log(call, "feature-outputs", out);
  return out;
}
