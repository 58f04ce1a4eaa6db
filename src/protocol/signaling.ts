/**
 * Signaling messages between an endpoint and the call service (SPEC §6), as TypeBox schemas.
 * Every schema is a closed JSON Schema object (`additionalProperties: false`) discriminated by `type`;
 * each `const X` has a matching `type X = Static<typeof X>`.
 */
import { type Static, type TObject, Type } from "@sinclair/typebox";
import { B64Url32, ErrorCodeSchema, FreeObject, Id, MEDIA_PROFILES, Name, OneOf } from "./_common.ts";

/** SPEC §6: the largest signaling frame, in UTF-8 bytes. */
export const MAX_FRAME_BYTES = 65536;
/** SPEC §6: the longest SDP string, in characters. */
export const MAX_SDP_CHARS = 32768;
/** SPEC §6: the longest `reason` of `hangup`, `ended` and `cancelled`. */
export const MAX_REASON_CHARS = 200;
/** SPEC §6: the longest `auth` token. */
export const MAX_TOKEN_CHARS = 4096;
/** SPEC §6: the longest caption text. */
export const MAX_CAPTION_CHARS = 4096;
/** SPEC §6: the longest `error` message. */
export const MAX_ERROR_MESSAGE_CHARS = 1000;
/** SPEC §6: the most feature names in one list. */
export const MAX_FEATURES = 64;
/** SPEC §6: a call id the caller chooses in `invite` is 22 random base64url chars. */
export const NEW_CALL_ID_PATTERN = "^[A-Za-z0-9_-]{22}$";
/** SPEC §6: the signaling protocol version endpoints of this release send in `auth` (they speak only 3). */
export const SIGNALING_PROTOCOL_VERSION = 3;
/** SPEC §6: the versions a service accepts in `auth.protocol`; only 3 is E2EE-capable (§2.1 P4, §6.1). */
export const SIGNALING_PROTOCOL_VERSIONS = [1, 2, 3] as const;
/** SPEC §6: the longest `versions` list in `invite.e2ee` / `incoming.e2ee`. */
export const MAX_OFFERED_VERSIONS = 8;

const closed = (description: string) => ({ additionalProperties: false, description });
const Reason = (description: string) => Type.String({ minLength: 1, maxLength: MAX_REASON_CHARS, description });
const FeatureName = () => Name("A feature name (SPEC §2.4)");
const FeatureList = (description: string) =>
  Type.Array(FeatureName(), { maxItems: MAX_FEATURES, uniqueItems: true, description });
const Commit = () => B64Url32("SPEC §5.2: commitment H(...) as base64url, 43 chars");
const Pk = () => B64Url32("SPEC §5.3: X25519 public key as base64url, 43 chars");
const Fp = () => B64Url32("SPEC §5.7: SHA-256 fingerprint of the callee's DTLS certificate as base64url, 43 chars");
const Version = (description: string) => Type.Integer({ minimum: 1, maximum: 255, description });
const Versions = () =>
  Type.Array(Version("A protocol version"), {
    minItems: 1,
    maxItems: MAX_OFFERED_VERSIONS,
    uniqueItems: true,
    description: "SPEC §5.1: the caller's offered protocol versions, ascending (this release: [3])",
  });
/** SPEC §6: what an E2EE invite carries (and `incoming` forwards): the commitment and the offered versions. */
const InviteE2ee = (description: string) =>
  Type.Object({ commit: Commit(), versions: Versions(), profiles: Type.Optional(Profiles()) }, closed(description));
/** SPEC §13.10 (SF8): the caller's offered media profiles, in its order of preference; absent = ["dtls-srtp"]. */
const Profiles = () =>
  Type.Array(OneOf(MEDIA_PROFILES, "A media profile (SPEC §13)"), {
    minItems: 1,
    maxItems: MEDIA_PROFILES.length,
    uniqueItems: true,
    description:
      'SPEC §13.10: the offered media profiles in the caller\'s order of preference; absent means ["dtls-srtp"]',
  });
/** SPEC §6: what an E2EE accept carries (and the caller's `accepted` forwards): pkB, fpB and the chosen version. */
const AcceptE2ee = (description: string) =>
  Type.Object(
    {
      pk: Pk(),
      fp: Fp(),
      version: Version("SPEC §5.2: the chosen version, one of `versions`"),
      profile: Type.Optional(OneOf(MEDIA_PROFILES, "SPEC §13.10: the chosen media profile; absent means dtls-srtp")),
    },
    closed(
      description,
    ),
  );

// ---- Endpoint → service (SPEC §6) ----

/** `auth`: first message on a connection. */
export const AuthMsg = Type.Object({
  type: Type.Literal("auth"),
  token: Type.String({ minLength: 1, maxLength: MAX_TOKEN_CHARS, description: "Bearer token" }),
  device: Type.Optional(Id("Device id chosen by the endpoint")),
  protocol: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)], {
    description: "SPEC §6: 1, 2 or 3; only an endpoint that authenticated with 3 is E2EE-capable",
  }),
  capabilities: Type.Object(
    { e2ee: Type.Boolean({ description: "The endpoint implements SPEC §5" }) },
    closed("Endpoint capabilities"),
  ),
}, closed("First message on a connection; anything else first gets AUTH_REQUIRED"));
export type AuthMsg = Static<typeof AuthMsg>;

/** `settings.get`: ask for the user's E2EE setting; reply `settings`. */
export const SettingsGetMsg = Type.Object({ type: Type.Literal("settings.get"), rid: Id() }, closed("Reply: settings"));
export type SettingsGetMsg = Static<typeof SettingsGetMsg>;

/** `settings.set`: change the user's E2EE setting; reply `settings` or `error` POLICY_DISALLOWS. */
export const SettingsSetMsg = Type.Object(
  { type: Type.Literal("settings.set"), rid: Id(), e2ee: Type.Boolean() },
  closed("Reply: settings, or error POLICY_DISALLOWS"),
);
export type SettingsSetMsg = Static<typeof SettingsSetMsg>;

/** `invite`: place a call to `to` under the caller-chosen `callId`; reply `invited`. */
export const InviteMsg = Type.Object({
  type: Type.Literal("invite"),
  rid: Id(),
  // SPEC §6, §4.1: the caller chooses the call id (the commitment binds it, §5.2); an id in use gets BAD_STATE.
  callId: Type.String({
    minLength: 22,
    maxLength: 22,
    pattern: NEW_CALL_ID_PATTERN,
    description: "Caller-chosen call id: 22 random base64url chars",
  }),
  to: Id("Callee user id"),
  e2ee: Type.Optional(InviteE2ee("Present only when the caller's side is eligible")),
}, closed("Reply: invited {rid, callId}"));
export type InviteMsg = Static<typeof InviteMsg>;

/** `ringing`: the callee endpoint is alerting (same shape in both directions). */
export const RingingMsg = Type.Object(
  { type: Type.Literal("ringing"), callId: Id() },
  closed("The callee endpoint is alerting"),
);
export type RingingMsg = Static<typeof RingingMsg>;

/** `accept`: the callee answers; `e2ee.pk` only when the callee's side is eligible. */
export const AcceptMsg = Type.Object({
  type: Type.Literal("accept"),
  callId: Id(),
  e2ee: Type.Optional(AcceptE2ee("The callee's pkB, the fingerprint fpB of its certificate, the chosen version")),
}, closed("The callee answers"));
export type AcceptMsg = Static<typeof AcceptMsg>;

/** `decline`: the callee refuses the call. */
export const DeclineMsg = Type.Object(
  { type: Type.Literal("decline"), callId: Id() },
  closed("The callee refuses the call"),
);
export type DeclineMsg = Static<typeof DeclineMsg>;

/** `reveal`: the caller's pkA, sent after `accepted` with e2ee (same shape in both directions). */
export const RevealMsg = Type.Object(
  { type: Type.Literal("reveal"), callId: Id(), pk: Pk() },
  closed("Caller public key pkA, after accepted with e2ee"),
);
export type RevealMsg = Static<typeof RevealMsg>;

/** `confirm` (SPEC §5.9): this side's 32-byte HMAC-SHA256 tag; the service forwards it to the other party. */
export const ConfirmMsg = Type.Object(
  { type: Type.Literal("confirm"), callId: Id(), tag: B64Url32("SPEC §5.9: HMAC-SHA256 tag, base64url, 43 chars") },
  closed("Key confirmation of one side"),
);
export type ConfirmMsg = Static<typeof ConfirmMsg>;

/**
 * `confirm` from the service (SPEC §5.9, §6): the other party's tag. The endpoint's schema accepts any 1–128-char
 * string, so a malformed tag reaches the §5.9 rule (it ends an E2EE call) instead of being ignored as schema-invalid.
 */
export const ServerConfirmMsg = Type.Object(
  {
    type: Type.Literal("confirm"),
    callId: Id(),
    tag: Type.String({ minLength: 1, maxLength: 128, description: "The other party's tag, checked by §5.9" }),
  },
  closed("The other party's key confirmation"),
);
export type ServerConfirmMsg = Static<typeof ServerConfirmMsg>;

/** A complete session description (SPEC §6: candidates inline, no trickle). */
export const SessionDescription = Type.Object({
  type: OneOf(["offer", "answer"] as const),
  sdp: Type.String({ minLength: 1, maxLength: MAX_SDP_CHARS }),
}, closed("Complete SDP with candidates inline"));
export type SessionDescription = Static<typeof SessionDescription>;

/** `sdp`: an offer or answer (same shape in both directions). */
export const SdpMsg = Type.Object(
  { type: Type.Literal("sdp"), callId: Id(), description: SessionDescription },
  closed("Complete SDP, candidates inline (no trickle)"),
);
export type SdpMsg = Static<typeof SdpMsg>;

/** `media`: the endpoint's media reached connected or failed. */
export const MediaMsg = Type.Object({
  type: Type.Literal("media"),
  callId: Id(),
  state: OneOf(["connected", "failed"] as const),
}, closed("The endpoint's media reached connected or failed"));
export type MediaMsg = Static<typeof MediaMsg>;

/** `hangup`: end the call, with an optional stated reason and code. */
export const HangupMsg = Type.Object({
  type: Type.Literal("hangup"),
  callId: Id(),
  reason: Type.Optional(Reason("Stated reason")),
  code: Type.Optional(ErrorCodeSchema("Why the endpoint ended the call, e.g. E2EE_COMMITMENT_MISMATCH")),
}, closed("End the call"));
export type HangupMsg = Static<typeof HangupMsg>;

/** `feature`: ask the service to perform a feature; reply `feature.result` or `error`. */
export const FeatureMsg = Type.Object({
  type: Type.Literal("feature"),
  rid: Id(),
  callId: Id(),
  feature: FeatureName(),
  args: Type.Optional(FreeObject("Feature arguments, e.g. {to} for a transfer")),
}, closed("Reply: feature.result, or error FEATURE_DISABLED_E2EE / FEATURE_UNKNOWN / FEATURE_FAILED"));
export type FeatureMsg = Static<typeof FeatureMsg>;

/** `ping`: liveness; reply `pong`. */
export const PingMsg = Type.Object({ type: Type.Literal("ping"), rid: Id() }, closed("Reply: pong"));
export type PingMsg = Static<typeof PingMsg>;

// ---- Service → endpoint (SPEC §6) ----

/** `welcome`: the connection is authenticated. */
export const WelcomeMsg = Type.Object({
  type: Type.Literal("welcome"),
  userId: Id(),
  tenantId: Id(),
  endpointId: Id(),
  settings: Type.Object(
    { visible: Type.Boolean(), enabled: Type.Boolean() },
    closed("The user's E2EE setting (SPEC §3.3)"),
  ),
}, closed("Reply to a valid auth"));
export type WelcomeMsg = Static<typeof WelcomeMsg>;

/** `settings`: the user's E2EE setting (a reply, or pushed when it changes). */
export const SettingsMsg = Type.Object({
  type: Type.Literal("settings"),
  rid: Type.Optional(Id("Present when replying to settings.get/settings.set")),
  visible: Type.Boolean(),
  enabled: Type.Boolean(),
  policy: OneOf(["disabled", "userControlled"] as const, "The user's effective policy (SPEC §3.2)"),
}, closed("The user's E2EE setting"));
export type SettingsMsg = Static<typeof SettingsMsg>;

/** `invited`: the invite was accepted by the service. */
export const InvitedMsg = Type.Object(
  { type: Type.Literal("invited"), rid: Id(), callId: Id() },
  closed("Reply to invite"),
);
export type InvitedMsg = Static<typeof InvitedMsg>;

/** SPEC §4.5: why the service rings an endpoint on someone's behalf (a transfer target, a ring-back, ...). */
export const Via = Type.Object({
  feature: FeatureName(),
  by: Id("The user whose request or setting caused this call"),
}, closed("SPEC §4.5: the feature that made the service place this call"));
export type Via = Static<typeof Via>;

/** `incoming`: a call for this endpoint's user. */
export const IncomingMsg = Type.Object({
  type: Type.Literal("incoming"),
  callId: Id(),
  from: Id("Caller user id"),
  e2ee: Type.Optional(InviteE2ee("The caller's commitment and offered versions")),
  via: Type.Optional(Via),
}, closed("A call for this endpoint's user"));
export type IncomingMsg = Static<typeof IncomingMsg>;

/** `accepted`: the callee answered; sent to both parties, `e2ee.pk` (the callee's pkB) only to the caller. */
export const AcceptedMsg = Type.Object({
  type: Type.Literal("accepted"),
  callId: Id(),
  topology: OneOf(["relay", "processor", "forwarder"] as const, "SPEC §4.2, §13.11"),
  e2ee: Type.Optional(AcceptE2ee("To the caller: the callee's pkB, fpB and chosen version")),
  features: FeatureList("Features offered in this call"),
}, closed("The callee answered; sent to both parties"));
export type AcceptedMsg = Static<typeof AcceptedMsg>;

/** `cancelled`: the ringing call stopped for this endpoint. */
export const CancelledMsg = Type.Object({
  type: Type.Literal("cancelled"),
  callId: Id(),
  reason: Reason('"answered-elsewhere", "caller-cancelled", "declined-elsewhere", "timeout" or another short reason'),
}, closed("The ringing call stopped for this endpoint"));
export type CancelledMsg = Static<typeof CancelledMsg>;

/** `ended`: the call ended. */
export const EndedMsg = Type.Object({
  type: Type.Literal("ended"),
  callId: Id(),
  reason: Reason("Stated reason"),
  code: Type.Optional(ErrorCodeSchema()),
  by: Type.Optional(Id("The user who ended the call")),
}, closed("The call ended"));
export type EndedMsg = Static<typeof EndedMsg>;

/** `caption`: a live caption line (standard calls only, F2). */
export const CaptionMsg = Type.Object({
  type: Type.Literal("caption"),
  callId: Id(),
  speaker: Id("Speaker user id"),
  text: Type.String({ maxLength: MAX_CAPTION_CHARS }),
  final: Type.Boolean(),
  at: Type.Integer({ minimum: 0, description: "Unix time in milliseconds" }),
}, closed("A live caption line (F2)"));
export type CaptionMsg = Static<typeof CaptionMsg>;

/** `feature.result`: the feature was performed. */
export const FeatureResultMsg = Type.Object({
  type: Type.Literal("feature.result"),
  rid: Id(),
  callId: Id(),
  feature: FeatureName(),
  ok: Type.Literal(true),
  result: Type.Optional(FreeObject("Feature-specific result")),
}, closed("Reply to feature"));
export type FeatureResultMsg = Static<typeof FeatureResultMsg>;

/** `event`: feature progress in a call, e.g. transferred or parked. */
export const EventMsg = Type.Object({
  type: Type.Literal("event"),
  callId: Id(),
  name: Name('Event name, e.g. "transferred", "parked"'),
  data: Type.Optional(FreeObject("Event data")),
}, closed("Feature progress"));
export type EventMsg = Static<typeof EventMsg>;

/** `error`: a request failed or a message was rejected (SPEC §9 codes). */
export const ErrorMsg = Type.Object({
  type: Type.Literal("error"),
  rid: Type.Optional(Id("The rid of the request, when known")),
  callId: Type.Optional(Id("The call, when known")),
  code: ErrorCodeSchema(),
  message: Type.String({ minLength: 1, maxLength: MAX_ERROR_MESSAGE_CHARS }),
}, closed("A request failed or a message was rejected"));
export type ErrorMsg = Static<typeof ErrorMsg>;

/** `pong`: reply to ping. */
export const PongMsg = Type.Object({ type: Type.Literal("pong"), rid: Id() }, closed("Reply to ping"));
export type PongMsg = Static<typeof PongMsg>;

// ---- Unions ----

/** SPEC §6: every endpoint → service message schema by `type`. */
export const CLIENT_MESSAGES = {
  "auth": AuthMsg,
  "settings.get": SettingsGetMsg,
  "settings.set": SettingsSetMsg,
  "invite": InviteMsg,
  "ringing": RingingMsg,
  "accept": AcceptMsg,
  "decline": DeclineMsg,
  "reveal": RevealMsg,
  "confirm": ConfirmMsg,
  "sdp": SdpMsg,
  "media": MediaMsg,
  "hangup": HangupMsg,
  "feature": FeatureMsg,
  "ping": PingMsg,
} as const satisfies Record<string, TObject>;

/** SPEC §6: every service → endpoint message schema by `type`. */
export const SERVER_MESSAGES = {
  "welcome": WelcomeMsg,
  "settings": SettingsMsg,
  "invited": InvitedMsg,
  "incoming": IncomingMsg,
  "ringing": RingingMsg,
  "accepted": AcceptedMsg,
  "reveal": RevealMsg,
  "confirm": ServerConfirmMsg,
  "sdp": SdpMsg,
  "cancelled": CancelledMsg,
  "ended": EndedMsg,
  "caption": CaptionMsg,
  "feature.result": FeatureResultMsg,
  "event": EventMsg,
  "error": ErrorMsg,
  "pong": PongMsg,
} as const satisfies Record<string, TObject>;

/** An endpoint → service message type. */
export type ClientMessageType = keyof typeof CLIENT_MESSAGES;
/** A service → endpoint message type. */
export type ServerMessageType = keyof typeof SERVER_MESSAGES;

/** Every endpoint → service message type (SPEC §6). */
export const CLIENT_MESSAGE_TYPES = Object.keys(CLIENT_MESSAGES) as ClientMessageType[];
/** Every service → endpoint message type (SPEC §6). */
export const SERVER_MESSAGE_TYPES = Object.keys(SERVER_MESSAGES) as ServerMessageType[];

/** Any endpoint → service message (a union discriminated by `type`). */
export type ClientMessage = { [K in ClientMessageType]: Static<(typeof CLIENT_MESSAGES)[K]> }[ClientMessageType];

/** Any service → endpoint message (a union discriminated by `type`). */
export type ServerMessage = { [K in ServerMessageType]: Static<(typeof SERVER_MESSAGES)[K]> }[ServerMessageType];
