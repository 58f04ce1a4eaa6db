/**
 * E2EE handshake crypto, protocol 3 (SPEC §5): commitment, X25519 key agreement, transcript, key schedule, the
 * 20-digit verification number, key confirmation, SDP fingerprints, media-profile negotiation (SPEC §13.10), and the
 * test-vector generator and verifier.
 * Pure: Uint8Array only.
 */
export { base64urlDecode, base64urlEncode, constantTimeEqual } from "./_bytes.ts";
export {
  fingerprintFromBytes,
  fingerprintFromSdp,
  type FingerprintInput,
  fingerprintToBytes,
  normaliseFingerprint,
} from "./fingerprint.ts";
export { checkCommitment, COMMIT_LABEL, commitment } from "./commitment.ts";
export {
  checkSharedSecret,
  generateKeyPair,
  isLowOrderPublicKey,
  type KeyPair,
  LOW_ORDER_PUBLIC_KEYS,
  publicKeyFromPrivate,
  sharedSecret,
} from "./keys.ts";
export { encodeTranscript, TRANSCRIPT_LABEL, type TranscriptFields, transcriptHash } from "./transcript.ts";
export {
  CONFIRM_KEY_LABELS,
  type KeySchedule,
  keySchedule,
  NUMBER_LABEL,
  type RoleKeys,
  SFRAME_LABELS,
} from "./schedule.ts";
export { checkChosenVersion, checkVersions, chooseVersion, PROTOCOL_VERSION, SUPPORTED_VERSIONS } from "./versions.ts";
export { formatNumber, NUMBER_DIGITS, numberFromOkm, numbersEqual, parseNumber } from "./number.ts";
export {
  CONFIRM_TAG_LABELS,
  CONFIRM_TAG_LENGTH,
  type ConfirmKeys,
  confirmKeys,
  confirmTag,
  ownConfirm,
  PeerConfirmCheck,
  verifyPeerConfirm,
} from "./confirm.ts";
export { deriveVerification, type Role, type Verification, type VerificationInput } from "./derive.ts";
export {
  type AcceptFields,
  CalleeHandshake,
  type CalleeHandshakeOptions,
  CallerHandshake,
  type CallerHandshakeOptions,
  type HandshakeOptions,
} from "./handshake.ts";
export {
  boundFingerprint,
  checkChosenProfile,
  checkProfiles,
  chooseProfile,
  committedFingerprint,
  DEFAULT_PROFILE,
  type MediaProfileName,
  PROFILE_NAMES,
  zeroFingerprint,
} from "./profiles.ts";
export {
  generateVectors,
  type HandshakeImpl,
  type Mismatch,
  referenceImpl,
  type SideView,
  type Vector,
  type VectorFile,
  type VectorInputs,
  type VectorKind,
  verifyVectors,
} from "./vectors.ts";
export {
  type ConfirmCheck,
  type ConfirmVector,
  type ConfirmVectorFile,
  generateConfirmVectors,
  runConfirmChecks,
} from "./confirm_vectors.ts";
export {
  type EncodingMismatch,
  generateEncodingVectors,
  referenceEncodingImpl,
  verifyEncodingVectors,
} from "./encoding_vectors.ts";
export type {
  Base64Case,
  EncodingImpl,
  EncodingVectorFile,
  FingerprintCase,
  KeyCase,
  LengthCase,
  LengthStep,
  NumberCase,
} from "./_encoding_vector_types.ts";
