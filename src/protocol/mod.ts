/**
 * Wire protocol layer (pure): signaling messages (SPEC §6), driver protocol (SPEC §7), feature names (SPEC §2.4),
 * their TypeBox schemas, total parsers that never throw, and the schemas as JSON Schema documents.
 * Each schema constant `X` has a matching static type `X` (e.g. `InviteMsg` is both).
 */
export {
  CONTROL_OPERATIONS,
  FEATURE_CLAUSE,
  FEATURES,
  isControlOperation,
  isFeature,
  PARK_PREFIX,
} from "./features.ts";
export type { ControlOperation, Feature, FeatureClause } from "./features.ts";

export { B64URL_32_PATTERN, ID_PATTERN, isId, MAX_ID_CHARS } from "./_common.ts";

export {
  AcceptedMsg,
  AcceptMsg,
  AuthMsg,
  CancelledMsg,
  CaptionMsg,
  CLIENT_MESSAGE_TYPES,
  CLIENT_MESSAGES,
  ConfirmMsg,
  DeclineMsg,
  EndedMsg,
  ErrorMsg,
  EventMsg,
  FeatureMsg,
  FeatureResultMsg,
  HangupMsg,
  IncomingMsg,
  InvitedMsg,
  InviteMsg,
  MAX_CAPTION_CHARS,
  MAX_ERROR_MESSAGE_CHARS,
  MAX_FEATURES,
  MAX_FRAME_BYTES,
  MAX_OFFERED_VERSIONS,
  MAX_REASON_CHARS,
  MAX_SDP_CHARS,
  MAX_TOKEN_CHARS,
  MediaMsg,
  NEW_CALL_ID_PATTERN,
  PingMsg,
  PongMsg,
  RevealMsg,
  RingingMsg,
  SdpMsg,
  SERVER_MESSAGE_TYPES,
  SERVER_MESSAGES,
  ServerConfirmMsg,
  SessionDescription,
  SettingsGetMsg,
  SettingsMsg,
  SettingsSetMsg,
  SIGNALING_PROTOCOL_VERSION,
  SIGNALING_PROTOCOL_VERSIONS,
  Via,
  WelcomeMsg,
} from "./signaling.ts";
export type { ClientMessage, ClientMessageType, ServerMessage, ServerMessageType } from "./signaling.ts";

export {
  errorMsg,
  parseClientMessage,
  parseServerMessage,
  validateClientMessage,
  validateServerMessage,
} from "./parse.ts";
export type { MessageError, MessageResult } from "./parse.ts";

export {
  CALL_STATES,
  CallIncoming,
  CallState,
  declaredProfiles,
  DEFAULT_PROFILES,
  DRIVER_METHODS,
  DRIVER_NOTIFICATION_METHODS,
  DRIVER_NOTIFICATIONS,
  DRIVER_PARAMS,
  DRIVER_RESULTS,
  isDriverMethod,
  MAX_RPC_LINE_BYTES,
  MEDIA_PROFILES,
  notificationSchema,
  PROTOCOL_VERSION,
  requestSchema,
  RPC_ERRORS,
  RpcErrorObject,
  RpcFailure,
  RpcId,
  RpcSuccess,
  SFrameCounters,
} from "./driver.ts";
export type {
  DriverMethod,
  DriverNotification,
  DriverNotificationMap,
  DriverNotificationMethod,
  DriverParamsMap,
  DriverRequest,
  DriverResultMap,
  MediaProfile,
} from "./driver.ts";

export {
  parseRpcRequest,
  parseRpcResponse,
  rpcAppError,
  rpcError,
  rpcErrorCode,
  rpcLine,
  rpcNotification,
  rpcRequest,
  rpcResult,
  rpcUnsupported,
  validateRpcResult,
} from "./rpc.ts";
export type { RpcMessage, RpcRequestResult } from "./rpc.ts";

export { jsonSchemas, SCHEMA_BASE_URL, SCHEMA_DIALECT, schemaFiles } from "./schemas.ts";

export {
  candidateTransport,
  type GatheredBy,
  type GatheringSource,
  UDP_QUIET_MS,
  udpGathered,
  type UdpGatheredOptions,
} from "./gathering.ts";
