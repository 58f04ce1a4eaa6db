/**
 * Valid example messages for every signaling type (SPEC §6) and every driver method (SPEC §7).
 * Shared by the tests (each example must parse; each mutation of one must not) and by the fuzz seeds.
 */
import type { ClientMessageType, ServerMessageType } from "./signaling.ts";
import type { DriverMethod, DriverNotificationMethod } from "./driver.ts";
import { base64urlEncode } from "../crypto/mod.ts";
import { VERSION } from "../version.ts";

/** 32 deterministic bytes starting at `seed`. */
function bytes32(seed: number): Uint8Array {
  return Uint8Array.from({ length: 32 }, (_, i) => (seed + i * 37) & 0xff);
}

/** A commitment, caller key and callee key as they appear on the wire. */
export const COMMIT = base64urlEncode(bytes32(1));
export const PK_A = base64urlEncode(bytes32(2));
export const PK_B = base64urlEncode(bytes32(3));
/** The callee's certificate fingerprint as `accept.e2ee.fp` carries it. */
export const FP_B = base64urlEncode(bytes32(4));
/** A 32-byte key-confirmation tag as `confirm.tag` carries it. */
export const TAG = base64urlEncode(bytes32(5));
/** A caller-chosen call id: 22 base64url chars. */
export const CALL_ID = "Qm9iQ2FsbHNBbGljZTAx_-";
/** A short SDP. */
export const SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=fingerprint:sha-256 AB:CD\r\n";

/** One valid example of every endpoint → service message, with every optional field present. */
export const CLIENT_EXAMPLES: Record<ClientMessageType, Record<string, unknown>> = {
  "auth": { type: "auth", token: "tok-alice-1", device: "laptop-1", protocol: 3, capabilities: { e2ee: true } },
  "settings.get": { type: "settings.get", rid: "r1" },
  "settings.set": { type: "settings.set", rid: "r2", e2ee: true },
  "invite": {
    type: "invite",
    rid: "r3",
    callId: CALL_ID,
    to: "bob@contoso",
    e2ee: { commit: COMMIT, versions: [3] },
  },
  "ringing": { type: "ringing", callId: CALL_ID },
  "accept": { type: "accept", callId: CALL_ID, e2ee: { pk: PK_B, fp: FP_B, version: 3 } },
  "decline": { type: "decline", callId: CALL_ID },
  "reveal": { type: "reveal", callId: CALL_ID, pk: PK_A },
  "confirm": { type: "confirm", callId: CALL_ID, tag: TAG },
  "sdp": { type: "sdp", callId: CALL_ID, description: { type: "offer", sdp: SDP } },
  "media": { type: "media", callId: CALL_ID, state: "connected" },
  "hangup": { type: "hangup", callId: CALL_ID, reason: "Commitment mismatch", code: "E2EE_COMMITMENT_MISMATCH" },
  "feature": { type: "feature", rid: "r4", callId: CALL_ID, feature: "transfer-blind", args: { to: "carol" } },
  "ping": { type: "ping", rid: "r5" },
};

/** One valid example of every service → endpoint message, with every optional field present. */
export const SERVER_EXAMPLES: Record<ServerMessageType, Record<string, unknown>> = {
  "welcome": {
    type: "welcome",
    userId: "alice",
    tenantId: "contoso",
    endpointId: "alice:laptop-1",
    settings: { visible: true, enabled: false },
  },
  "settings": { type: "settings", rid: "r1", visible: true, enabled: true, policy: "userControlled" },
  "invited": { type: "invited", rid: "r3", callId: CALL_ID },
  "incoming": {
    type: "incoming",
    callId: CALL_ID,
    from: "alice",
    e2ee: { commit: COMMIT, versions: [3] },
    via: { feature: "transfer-blind", by: "carol" },
  },
  "ringing": { type: "ringing", callId: CALL_ID },
  "accepted": {
    type: "accepted",
    callId: CALL_ID,
    topology: "relay",
    e2ee: { pk: PK_B, fp: FP_B, version: 3 },
    features: ["recording"],
  },
  "reveal": { type: "reveal", callId: CALL_ID, pk: PK_A },
  "confirm": { type: "confirm", callId: CALL_ID, tag: TAG },
  "sdp": { type: "sdp", callId: CALL_ID, description: { type: "answer", sdp: SDP } },
  "cancelled": { type: "cancelled", callId: CALL_ID, reason: "answered-elsewhere" },
  "ended": { type: "ended", callId: CALL_ID, reason: "hangup", code: "E2EE_COMMITMENT_MISMATCH", by: "bob" },
  "caption": {
    type: "caption",
    callId: CALL_ID,
    speaker: "alice",
    text: "one two three",
    final: true,
    at: 1732800000000,
  },
  "feature.result": {
    type: "feature.result",
    rid: "r4",
    callId: CALL_ID,
    feature: "recording",
    ok: true,
    result: { id: "rec-1" },
  },
  "event": { type: "event", callId: CALL_ID, name: "parked", data: { orbit: "42" } },
  "error": {
    type: "error",
    rid: "r4",
    callId: CALL_ID,
    code: "FEATURE_DISABLED_E2EE",
    message: 'Feature "recording" is unavailable: the call is end-to-end encrypted',
  },
  "pong": { type: "pong", rid: "r5" },
};

/** A complete CallState (SPEC §7), every optional field present: an E2EE call of the sframe profile (§13). */
export const CALL_STATE_EXAMPLE = {
  callId: CALL_ID,
  role: "caller",
  peer: "bob",
  state: "connected",
  topology: "relay",
  e2ee: { indicator: true, number: "04817229305512009384" },
  features: [],
  members: ["bob"],
  profile: "sframe",
  sframe: { sealed: 3010, opened: 1718, dropped: { header: 0, kid: 0, replay: 1, auth: 2 } },
  endReason: null,
  endCode: null,
  media: {
    audio: { framesReceived: 1500, digits: "4817", carrier: true },
    video: { framesReceived: 220, decoded: 218, gaps: 0, maxGapMs: 80.5, latencyMs: 35 },
  },
};

/** Valid params of every driver method, with every optional field present. */
export const DRIVER_PARAM_EXAMPLES: Record<DriverMethod, Record<string, unknown>> = {
  "hello": { protocol: 1 },
  "configure": { serviceUrl: "ws://127.0.0.1:7000/signal", user: "alice", token: "tok-alice-1", device: "laptop-1" },
  "settings.get": {},
  "settings.set": { enabled: true },
  "call.place": { to: "bob" },
  "call.answer": { callId: CALL_ID },
  "call.decline": { callId: CALL_ID },
  "call.hangup": { callId: CALL_ID },
  "call.state": { callId: CALL_ID },
  "feature.request": { callId: CALL_ID, feature: "recording", args: { format: "wav" } },
  "reset": {},
  "shutdown": {},
};

/** Valid results of every driver method, with every optional field present. */
export const DRIVER_RESULT_EXAMPLES: Record<DriverMethod, Record<string, unknown>> = {
  "hello": {
    name: "shieldcall-reference",
    version: VERSION,
    protocol: 1,
    methods: ["hello", "configure"],
    features: ["recording"],
    profiles: ["dtls-srtp", "sframe"],
  },
  "configure": { userId: "alice", endpointId: "alice:laptop-1" },
  "settings.get": { visible: true, enabled: false },
  "settings.set": { visible: true, enabled: true },
  "call.place": { callId: CALL_ID },
  "call.answer": {},
  "call.decline": {},
  "call.hangup": {},
  "call.state": CALL_STATE_EXAMPLE,
  "feature.request": { ok: true, result: { id: "rec-1" } },
  "reset": {},
  "shutdown": {},
};

/** Valid params of every driver notification. */
export const DRIVER_NOTIFICATION_EXAMPLES: Record<DriverNotificationMethod, Record<string, unknown>> = {
  "call.incoming": { callId: CALL_ID, from: "alice", via: { feature: "park", by: "alice" } },
  "call.changed": CALL_STATE_EXAMPLE,
};
