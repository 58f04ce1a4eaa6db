/**
 * SFrame (RFC 9605) for ShieldCall's SFrame profile (SPEC §13): the header, key and salt derivation, the nonce, the
 * AES-GCM and AES-CTR + HMAC cipher suites, per-sender keys with a replay window, and the profile's keys from the
 * handshake. Pure: Uint8Array and bigint only.
 */
export { decodeHeader, encodeHeader, type SFrameHeader } from "./header.ts";
export { aeadDecrypt, aeadEncrypt, CIPHER_SUITES, type CipherSuite, cipherSuite, PROFILE_SUITE } from "./suites.ts";
export { type DerivedKey, deriveKeySalt, frameNonce } from "./derive.ts";
export { type FrameKey, openFrame, sealFrame } from "./frame.ts";
export { DEFAULT_REPLAY_WINDOW, ReplayWindow } from "./replay.ts";
export { type OpenedFrame, SFrameContext, type SFrameContextOptions, type SFrameStats } from "./context.ts";
export {
  CALLEE_SFRAME_LABEL,
  CALLER_SFRAME_LABEL,
  profileContext,
  type SenderKey,
  SFRAME_BASE_KEY_LENGTH,
  SFRAME_KID,
  sframePrk,
  type SFrameSenderKeys,
  sframeSenderKeys,
} from "./profile.ts";
export {
  MAX_U64,
  SFrameDropError,
  type SFrameDropReason,
  type SFrameErrorCode,
  SFrameHeaderError,
  SFrameRangeError,
  SFrameTypeError,
} from "./errors.ts";
