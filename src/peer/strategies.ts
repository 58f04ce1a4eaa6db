/**
 * The reference peer's strategies: the few decisions a one-fault variant of the peer replaces (SPEC §12.7). The
 * reference uses REFERENCE_STRATEGIES, which do exactly what SPEC.md says; the peer calls them unconditionally, so its
 * own code has no fault branches. Mutants (src/peer/mutants.ts, loaded only by `shieldcall peer --mutant ID`) supply
 * replacements through `ReferencePeerOptions.variant`.
 */
import { ShieldCallError } from "../errors.ts";
import {
  type AcceptFields,
  CalleeHandshake,
  type CalleeHandshakeOptions,
  CallerHandshake,
  type CallerHandshakeOptions,
  type Verification,
  verifyPeerConfirm,
} from "../crypto/mod.ts";
import type { CallState, ClientMessage, ServerMessage } from "../protocol/mod.ts";
import type { PeerCall } from "./call.ts";
import { localRefusal } from "./feature_guard.ts";
import { admitFrame, type FrameIntake } from "./frame_intake.ts";
import { type RequestSeam, sendEveryRequest } from "./request_seam.ts";
import type { ReferencePeer } from "./peer.ts";
import type { PeerSettings } from "./peer_types.ts";

/** The caller's side of the SPEC §5 handshake as the call flow uses it (CallerHandshake). */
export interface CallerSide {
  readonly publicKey: Uint8Array;
  readonly versions: readonly number[];
  commit(localFingerprint: string): Uint8Array;
  /** `profile`: the accept's `e2ee.profile` as received, undefined when absent (SPEC §13.10). */
  acceptReceived(pkB: Uint8Array, fpB: string | Uint8Array, version: number, profile?: string): Verification;
  reveal(): Uint8Array;
  checkFingerprint(side: "caller" | "callee", fingerprint: string): void;
}

/** The callee's side of the SPEC §5 handshake as the call flow uses it (CalleeHandshake). */
export interface CalleeSide {
  readonly publicKey: Uint8Array;
  readonly version: number;
  accept(localFingerprint: string): AcceptFields;
  onReveal(pkA: Uint8Array, remoteFingerprint: string): Verification;
  checkFingerprint(side: "caller" | "callee", fingerprint: string): void;
}

/** Builds the handshake of one call; `call` is the call it belongs to. */
export interface HandshakeFactory {
  caller(call: PeerCall, opts: CallerHandshakeOptions): CallerSide;
  callee(call: PeerCall, opts: CalleeHandshakeOptions): CalleeSide;
}

/** The SPEC §2.4 local refusal: a FEATURE_DISABLED_E2EE error for a request the peer must not send, or null. */
export type FeatureGuard = typeof localRefusal;

/** Every strategy of the peer. */
export interface PeerStrategies {
  /** SPEC §5: the E2EE handshakes (a fresh key pair per call, V3; the reveal checked against the commitment, V4). */
  handshakes: HandshakeFactory;
  /** SPEC §2.1 (P3): the user's setting as the peer shows it and acts on it, from what the service said. */
  settingsView(honest: PeerSettings): PeerSettings;
  /** SPEC §7: the CallState the peer reports, from the call's own record (V1–V3 live in PeerCall.snapshot()). */
  stateView(call: PeerCall, honest: CallState): CallState;
  /** SPEC §2.4 (F1–F10): refuses a feature locally before anything is sent. */
  featureGuard: FeatureGuard;
  /**
   * SPEC §6: sees each well-formed service message before the peer handles it, with the peer's send. The reference
   * answers service messages only through its dispatch (a rejected or unknown frame gets no reply), so it does nothing.
   */
  onServiceMessage(msg: ServerMessage, send: (m: ClientMessage) => boolean): void;
  /**
   * SPEC §5.9: checks the peer's key-confirmation tag; `role` is THIS side, the tag must be the peer role's (under
   * the peer's key and label). Throws E2EE_CONFIRM_FAILED when it does not verify.
   */
  confirmCheck: typeof verifyPeerConfirm;
  /** SPEC §6 (S2): admits one service frame or says why it is ignored (frame_intake.ts). */
  frameIntake: FrameIntake;
  /** SPEC §6, §3.3: which requests the peer sends the service, and which it answers itself (request_seam.ts). */
  requests: RequestSeam;
  /**
   * SPEC §6.1: the caller's check of the SDP answer's fingerprint against the `fp` bound from `accept`, BEFORE the
   * answer is applied; throws E2EE_FINGERPRINT_MISMATCH.
   */
  answerFingerprintCheck(call: PeerCall, answerFingerprint: string): void;
  /** SPEC §5.9, §2.3: whether outgoing RTP media may flow now (E2EE: only once the peer's tag verified). */
  mediaAllowed(call: PeerCall): boolean;
  /** SPEC §5.9: ms after sending its own `confirm` by which the peer's tag must have verified (null: no deadline). */
  confirmDeadlineMs: number | null;
  /** SPEC §5.9: the error a second `confirm` ends the call with (null: ignore it). */
  onSecondConfirm(call: PeerCall): ShieldCallError | null;
}

/** SPEC §5.9: the confirmation deadline of protocol 3. */
export const CONFIRM_DEADLINE_MS = 10_000;

/** The reference: each strategy is what SPEC.md requires. */
export const REFERENCE_STRATEGIES: Readonly<PeerStrategies> = Object.freeze({
  handshakes: Object.freeze({
    caller: (_call: PeerCall, opts: CallerHandshakeOptions): CallerSide => new CallerHandshake(opts),
    callee: (_call: PeerCall, opts: CalleeHandshakeOptions): CalleeSide => new CalleeHandshake(opts),
  }),
  settingsView: (honest: PeerSettings): PeerSettings => honest,
  stateView: (_call: PeerCall, honest: CallState): CallState => honest,
  featureGuard: localRefusal,
  onServiceMessage: (_msg: ServerMessage, _send: (m: ClientMessage) => boolean): void => {},
  confirmCheck: verifyPeerConfirm,
  frameIntake: admitFrame,
  requests: sendEveryRequest,
  answerFingerprintCheck: (call: PeerCall, fp: string): void => {
    // SPEC §6.1: every fingerprint of the answer must be the fp bound from `accept`
    if (!call.callerHs) throw new ShieldCallError("E2EE_BAD_INPUT", "No handshake to check the answer against");
    call.callerHs.checkFingerprint("callee", fp);
  },
  // SPEC §5.9: no outgoing RTP before the peer's tag verified; a standard call sends once the topology is known
  mediaAllowed: (call: PeerCall): boolean => call.topology === "processor" || call.confirmed,
  confirmDeadlineMs: CONFIRM_DEADLINE_MS,
  onSecondConfirm: (_call: PeerCall): ShieldCallError | null =>
    new ShieldCallError("E2EE_CONFIRM_FAILED", "A second key confirmation arrived"),
});

/** The strategies a variant replaces (each handshake role on its own); the rest stay the reference's. */
export type StrategyOverrides = Partial<Omit<PeerStrategies, "handshakes">> & {
  handshakes?: Partial<HandshakeFactory>;
};

/**
 * A variant of the peer: called once per ReferencePeer (in its constructor) with that peer, so a variant may keep
 * per-peer state and observe the peer's public events (`peer.on(...)`); returns the strategies it replaces.
 */
export type PeerVariant = (peer: ReferencePeer) => StrategyOverrides;

/** The strategies of a peer: the reference's, with those of `variant` (if any) in their place. */
export function strategiesFor(peer: ReferencePeer, variant: PeerVariant | undefined): PeerStrategies {
  const o = variant?.(peer) ?? {};
  return { ...REFERENCE_STRATEGIES, ...o, handshakes: { ...REFERENCE_STRATEGIES.handshakes, ...o.handshakes } };
}
