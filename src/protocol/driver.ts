/**
 * Driver protocol between the conformance suite and an implementation's adapter (SPEC §7): JSON-RPC 2.0, one JSON
 * object per line. TypeBox schemas for every method's params and result, the notifications, CallState and the
 * JSON-RPC envelopes; each `const X` has a matching `type X = Static<typeof X>`. Parsing lives in rpc.ts.
 */
import { type Static, type TObject, type TSchema, Type } from "@sinclair/typebox";
import {
  ErrorCodeSchema,
  FreeObject,
  Id,
  MAX_NAME_CHARS,
  MEDIA_PROFILES,
  type MediaProfile,
  Name,
  OneOf,
} from "./_common.ts";

export { MEDIA_PROFILES, type MediaProfile };

/** SPEC §7: driver protocol version. */
export const PROTOCOL_VERSION = 1;
/** SPEC §7: the longest line in either direction, in UTF-8 bytes (newline excluded). */
export const MAX_RPC_LINE_BYTES = 1024 * 1024;

/** SPEC §7: JSON-RPC 2.0 error codes the driver protocol uses. */
export const RPC_ERRORS = Object.freeze(
  {
    /** Not JSON; the response id is null. */
    PARSE_ERROR: -32700,
    /** Not a valid request object (also: a line over 1 MiB, a batch, a missing id). */
    INVALID_REQUEST: -32600,
    /** The method is unknown or the adapter does not support it: data {code: "DRIVER_UNSUPPORTED"}. */
    METHOD_NOT_FOUND: -32601,
    /** The params do not match the method's schema. */
    INVALID_PARAMS: -32602,
    /** The adapter failed unexpectedly. */
    INTERNAL_ERROR: -32603,
    /** An application error: data {code: <ErrorCode>}. */
    APPLICATION_ERROR: -32000,
  } as const,
);

const closed = (description?: string) => ({ additionalProperties: false, ...(description ? { description } : {}) });
const Empty = (description?: string) => Type.Object({}, closed(description));
const FeatureList = (description: string) =>
  Type.Array(Name("A feature name (SPEC §2.4)"), { maxItems: 64, uniqueItems: true, description });
const Count = (description: string) => Type.Integer({ minimum: 0, description });
const Millis = (description: string) => Type.Number({ minimum: 0, description });

/** SPEC §7: the profiles of an adapter whose `hello` result has no `profiles`. */
export const DEFAULT_PROFILES: readonly MediaProfile[] = Object.freeze(["dtls-srtp"]);

/** SPEC §7: the media profiles an adapter declared (`hello.profiles`, absent meaning DEFAULT_PROFILES). */
export function declaredProfiles(hello: { profiles?: readonly MediaProfile[] }): readonly MediaProfile[] {
  return hello.profiles ?? DEFAULT_PROFILES; // SPEC §7: absent means ["dtls-srtp"]
}

/** SPEC §7, §13.6: the SFrame counters of a call, named as the SFrame layer's stats (sealed, opened, dropped). */
export const SFrameCounters = Type.Object({
  sealed: Count("SPEC §13.6: frames this endpoint sealed"),
  opened: Count("SPEC §13.6: frames that opened"),
  dropped: Type.Object({
    header: Count("SPEC §13.6: dropped as SFRAME_BAD_HEADER"),
    kid: Count("SPEC §13.6: dropped as SFRAME_UNKNOWN_KID"),
    replay: Count("SPEC §13.6: dropped as SFRAME_REPLAY"),
    auth: Count("SPEC §13.6: dropped as SFRAME_AUTH_FAILED"),
  }, closed("SPEC §13.6: frames dropped, per reason")),
}, closed("SPEC §7, §13.6: SFrame counters, only in a call of the sframe profile"));
export type SFrameCounters = Static<typeof SFrameCounters>;

/** SPEC §7: the states a call passes through, as the adapter reports them. */
export const CALL_STATES = ["inviting", "ringing", "connecting", "connected", "ended"] as const;

/** SPEC §7: the state of one call as an adapter reports it (result of call.state, params of call.changed). */
export const CallState = Type.Object({
  callId: Id(),
  role: OneOf(["caller", "callee"] as const),
  peer: Id("The other party's user id"),
  state: OneOf(CALL_STATES),
  topology: Type.Union([Type.Literal("relay"), Type.Literal("processor"), Type.Literal("forwarder"), Type.Null()], {
    description: "SPEC §4.2, §13.11; null before accepted",
  }),
  e2ee: Type.Object({
    indicator: Type.Boolean({ description: "SPEC §2.2 (V1): lock and shield shown" }),
    number: Type.Union([Type.String({ pattern: "^[0-9]{20}$" }), Type.Null()], {
      description: "SPEC §5.6: the verification number as 20 digits without separators, or null when none is shown",
    }),
  }, closed()),
  features: FeatureList("Features offered in this call"),
  members: Type.Optional(Type.Array(Id(), {
    maxItems: 64,
    uniqueItems: true,
    description: "SPEC §4.5: the other users in the call (one for a 1:1 call, more in a group call)",
  })),
  profile: Type.Optional(
    OneOf(MEDIA_PROFILES, "SPEC §7, §13: the media profile of an E2EE call; absent in a standard call"),
  ),
  sframe: Type.Optional(SFrameCounters), // SPEC §7, §13.6: only in a call of the sframe profile
  endReason: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
  endCode: Type.Union([ErrorCodeSchema(), Type.Null()]),
  media: Type.Object({
    audio: Type.Object({
      framesReceived: Count("Audio frames received"),
      digits: Type.String({
        maxLength: 4096,
        description: "SPEC §11: digits decoded from the received synthetic speech",
      }),
      carrier: Type.Boolean({ description: "SPEC §11: the synthetic audio carrier is present" }),
    }, closed()),
    video: Type.Object({
      framesReceived: Count("Video frames received"),
      decoded: Count("SPEC §11: frames whose counter decoded"),
      gaps: Count("SPEC §11: counter gaps seen"),
      maxGapMs: Millis("Longest interval without a frame"),
      latencyMs: Type.Union([Millis("SPEC §11: frame latency"), Type.Null()]),
    }, closed()),
  }, closed()),
}, closed("SPEC §7: the state of one call"));
export type CallState = Static<typeof CallState>;

/** `call.incoming` notification params. */
export const CallIncoming = Type.Object({
  callId: Id(),
  from: Id("Caller user id"),
  via: Type.Optional(
    Type.Object(
      { feature: Name("A feature name (SPEC §2.4)"), by: Id() },
      closed("SPEC §4.5: why the service rings"),
    ),
  ),
}, closed("A call is ringing at this adapter"));
export type CallIncoming = Static<typeof CallIncoming>;

const Settings = Type.Object({ visible: Type.Boolean(), enabled: Type.Boolean() }, closed("The user's E2EE setting"));
const CallRef = Type.Object({ callId: Id() }, closed());

/** SPEC §7: params schema of every method. */
export const DRIVER_PARAMS = {
  "hello": Type.Object({ protocol: Type.Literal(PROTOCOL_VERSION) }, closed()),
  "configure": Type.Object({
    serviceUrl: Type.String({
      maxLength: 2048,
      pattern: "^wss?://[^\\s]+$",
      description: "Signaling URL, e.g. ws://127.0.0.1:7000/signal",
    }),
    user: Id("User id"),
    token: Type.String({ minLength: 1, maxLength: 4096 }),
    device: Type.Optional(Id("Device id")),
    protocol: Type.Optional(
      Type.Union([Type.Literal(2), Type.Literal(3)], {
        description: "SPEC §7: suite-internal; 2 makes the REFERENCE peer play an older, not E2EE-capable endpoint",
      }),
    ),
  }, closed()),
  "settings.get": Empty(),
  "settings.set": Type.Object({ enabled: Type.Boolean() }, closed()),
  "call.place": Type.Object({
    to: Id("Callee user id"),
    profile: Type.Optional(
      OneOf(MEDIA_PROFILES, "SPEC §7, §13.10: offer this profile first; absent: the implementation's default"),
    ),
  }, closed()),
  "call.answer": CallRef,
  "call.decline": CallRef,
  "call.hangup": CallRef,
  "call.state": CallRef,
  "feature.request": Type.Object({
    callId: Id(),
    feature: Name("A feature name (SPEC §2.4)"),
    args: Type.Optional(FreeObject("Feature arguments")),
  }, closed()),
  "reset": Empty("SPEC §7: back to the state right after start: no call, no configuration, nothing cached"),
  "shutdown": Empty("The adapter answers, then exits 0"),
} as const satisfies Record<string, TObject>;

/** SPEC §7: result schema of every method. */
export const DRIVER_RESULTS = {
  "hello": Type.Object({
    name: Type.String({ minLength: 1, maxLength: 128 }),
    version: Type.String({ minLength: 1, maxLength: 64 }),
    protocol: Type.Literal(PROTOCOL_VERSION),
    methods: Type.Array(Type.String({ minLength: 1, maxLength: MAX_NAME_CHARS }), { maxItems: 64, uniqueItems: true }),
    features: FeatureList("Features the implementation supports"),
    profiles: Type.Optional(
      Type.Array(OneOf(MEDIA_PROFILES), {
        minItems: 1,
        maxItems: MEDIA_PROFILES.length,
        uniqueItems: true,
        contains: Type.Literal("dtls-srtp"), // SPEC §7: every implementation implements the profile of §1–§12
        description: 'SPEC §7, §13: the media profiles the implementation implements; absent means ["dtls-srtp"]',
      }),
    ),
  }, closed()),
  "configure": Type.Object({ userId: Id(), endpointId: Id() }, closed()),
  "settings.get": Settings,
  "settings.set": Settings,
  "call.place": Type.Object({ callId: Id() }, closed()),
  "call.answer": Empty(),
  "call.decline": Empty(),
  "call.hangup": Empty(),
  "call.state": CallState,
  "feature.request": Type.Object({
    ok: Type.Literal(true),
    result: Type.Optional(FreeObject("Feature-specific result")),
  }, closed()),
  "reset": Empty(),
  "shutdown": Empty(),
} as const satisfies Record<keyof typeof DRIVER_PARAMS, TObject>;

/** SPEC §7: params schema of every notification (adapter → suite). */
export const DRIVER_NOTIFICATIONS = {
  "call.incoming": CallIncoming,
  "call.changed": CallState,
} as const satisfies Record<string, TObject>;

/** A driver method name. */
export type DriverMethod = keyof typeof DRIVER_PARAMS;
/** A driver notification name. */
export type DriverNotificationMethod = keyof typeof DRIVER_NOTIFICATIONS;
/** Params type of each method. */
export type DriverParamsMap = { [M in DriverMethod]: Static<(typeof DRIVER_PARAMS)[M]> };
/** Result type of each method. */
export type DriverResultMap = { [M in DriverMethod]: Static<(typeof DRIVER_RESULTS)[M]> };
/** Params type of each notification. */
export type DriverNotificationMap = { [N in DriverNotificationMethod]: Static<(typeof DRIVER_NOTIFICATIONS)[N]> };

/** SPEC §7: every method, in table order. */
export const DRIVER_METHODS = Object.keys(DRIVER_PARAMS) as DriverMethod[];
/** SPEC §7: every notification. */
export const DRIVER_NOTIFICATION_METHODS = Object.keys(DRIVER_NOTIFICATIONS) as DriverNotificationMethod[];

/** True when `s` is a method of SPEC §7. */
export function isDriverMethod(s: unknown): s is DriverMethod {
  return typeof s === "string" && Object.prototype.hasOwnProperty.call(DRIVER_PARAMS, s);
}

// ---- JSON-RPC 2.0 envelopes ----

/** A JSON-RPC id as the driver protocol allows it: a string of at most 128 chars or a safe integer. */
export const RpcId = Type.Union([
  Type.String({ maxLength: 128 }),
  Type.Integer({ minimum: -(2 ** 53 - 1), maximum: 2 ** 53 - 1 }),
]);
export type RpcId = Static<typeof RpcId>;

/** A JSON-RPC error object; SPEC §7: code -32000 carries data {code: <ErrorCode>}. */
export const RpcErrorObject = Type.Object({
  code: Type.Integer(),
  message: Type.String({ maxLength: 4096 }),
  data: Type.Optional(Type.Unknown()),
}, closed("JSON-RPC error object"));
export type RpcErrorObject = Static<typeof RpcErrorObject>;

/** A successful response. */
export const RpcSuccess = Type.Object(
  { jsonrpc: Type.Literal("2.0"), id: RpcId, result: Type.Unknown() },
  closed("JSON-RPC success response"),
);
export type RpcSuccess = Static<typeof RpcSuccess>;

/** An error response; id is null when the request's id could not be read. */
export const RpcFailure = Type.Object({
  jsonrpc: Type.Literal("2.0"),
  id: Type.Union([RpcId, Type.Null()]),
  error: RpcErrorObject,
}, closed("JSON-RPC error response"));
export type RpcFailure = Static<typeof RpcFailure>;

/** The request envelope for `method`, params optional (an absent params is `{}`). */
export function requestSchema(method: DriverMethod): TObject {
  return Type.Object({
    jsonrpc: Type.Literal("2.0"),
    id: RpcId,
    method: Type.Literal(method),
    params: Type.Optional(DRIVER_PARAMS[method]),
  }, closed(`JSON-RPC request for "${method}"`));
}

/** The notification envelope for `method`. */
export function notificationSchema(method: DriverNotificationMethod): TObject {
  return Type.Object({
    jsonrpc: Type.Literal("2.0"),
    method: Type.Literal(method),
    params: DRIVER_NOTIFICATIONS[method] as TSchema,
  }, closed(`JSON-RPC notification "${method}"`));
}

/** A valid request as parseRpcRequest() returns it, typed by method. */
export type DriverRequest = { [M in DriverMethod]: { id: RpcId; method: M; params: DriverParamsMap[M] } }[DriverMethod];
/** A valid notification, typed by method. */
export type DriverNotification = {
  [N in DriverNotificationMethod]: { jsonrpc: "2.0"; method: N; params: DriverNotificationMap[N] };
}[DriverNotificationMethod];
