/**
 * What an adversary mode is (SPEC §8): a named way for the service to alter what it forwards in one call. Each mode
 * is one module in this folder, registered in mod.ts; the media plane calls a mode's hooks at the invite, the accept
 * and the reveal, and every action a mode takes is logged through `act` (SPEC §8: seeded, every action logged).
 */
import type { PacketAlteration } from "../../forwarder/mod.ts";
import type { FaultPlan } from "../../relay/mod.ts";
import type { CallRecord, Role } from "../calls.ts";
import type { RequiredOutcome } from "./outcome.ts";

/** What a mode may use in the call it plays. */
export interface AdversaryContext {
  readonly call: CallRecord;
  /** The plan's seed: the same seed gives the same actions. */
  readonly seed: number;
  /** The plan's fault rate (tamper, replay, drop), if given. */
  readonly rate: number | undefined;
  /** Logs one adversary action with its evidence. */
  act(action: string, detail?: Record<string, unknown>): void;
  /** Anchors the callee's side at a new processor leg labelled `label`; resolves with that leg's offer. */
  anchorCallee(label: string): Promise<string>;
  /**
   * Protocol 3 (mitm): anchors the caller's side at a new processor leg labelled `label` BEFORE its offer, so
   * the leg's certificate can go into the caller's `accepted.e2ee.fp`; resolves with that leg's fingerprint. The
   * caller's offer is then answered from this leg.
   */
  anchorCaller?(label: string): Promise<string>;
  /** SPEC §8 confirm-replay: tags of role `from` the service forwarded in EARLIER calls, newest first. */
  earlierConfirms?(from: Role): string[];
}

/** One `confirm` frame the service sends: to which party, with which tag (SPEC §5.9, §8). */
export interface ConfirmOut {
  to: Role;
  tag: string;
}

/** SDP as carried in `sdp` messages. */
export interface SdpDescription {
  type: "offer" | "answer";
  sdp: string;
}

/** Where an E2EE call's media goes: through the transport relay (optionally with packet faults) or the processor. */
export type MediaRoute = { via: "relay"; fault?: FaultPlan } | { via: "processor" };

/** One call under a mode: each hook is optional; an absent hook forwards the message unchanged. */
export interface AdversaryPlay {
  /** `invite`: the commitment forwarded to the callee; null removes it (a downgrade). */
  commit?(commit: string): Promise<string | null>;
  /** `accept`: the callee's key as the service takes it; null removes it (a downgrade). */
  calleeKey?(pk: string): string | null;
  /** `accepted` of an E2EE call: the key sent to the caller in place of the callee's. */
  keyToCaller?(pk: string): string;
  /** `accepted` of an E2EE call: the DTLS fingerprint sent to the caller in place of the callee's (protocol 3). */
  fpToCaller?(fp: string): Promise<string>;
  /** The media route of an E2EE call (default: the relay, no fault). */
  media?(): Promise<MediaRoute>;
  /**
   * `reveal`: the key forwarded to the callee; `hold` delays it until the caller's offer has passed; null forwards
   * nothing (split: the callee is in a standard call).
   */
  reveal?(pk: string): { pk: string; hold?: boolean } | null;
  /**
   * SPEC §8 split toward the caller: the callee gets a standard call (its invite carries no `e2ee`, its `accepted`
   * says `processor`) and the service plays the callee's side of the handshake: this is the `e2ee` of the caller's
   * `accepted`.
   */
  playCallee?(): Promise<{ pk: string; fp: string; version: number }>;
  /**
   * SPEC §8 split toward the callee: the caller gets a standard call (`accepted` says `processor`) and the service
   * plays the caller's side of the handshake: this is the key it reveals to the callee right after `accepted`.
   */
  playCaller?(): string;
  /**
   * SPEC §5.9 `confirm` from `from`: a string is the tag forwarded to the other side (default: unchanged); null: not
   * yet, ask again after the next SDP; an array: exactly these frames are sent (none, a reflection, two copies).
   */
  confirm?(from: Role, tag: string): string | null | readonly ConfirmOut[];
  /** `incoming.e2ee.versions`: the caller's offered versions as forwarded to the callee (SPEC §6). */
  versionsToCallee?(offered: readonly number[]): number[];
  /** The caller's `accepted.e2ee.version`: the version the callee chose, as forwarded to the caller (SPEC §6). */
  versionToCaller?(chosen: number): number;
  /** A relay-routed SDP just before it goes to `to` (after the relay rewrote its candidates). */
  sdpToward?(to: Role, d: SdpDescription): SdpDescription;
  /**
   * SPEC §8 sframe-* (a forwarder call, §13.11): what the forwarder sends in place of each packet (see
   * PacketAlteration); absent: every packet leaves as received.
   */
  forwarded?: PacketAlteration;
  /** Log the certificate the processor presents to each side (evidence of anchoring). */
  readonly logsProcessorAnswers?: boolean;
}

/** An adversary mode: its name (the admin API's `mode`), what it does, and how it plays one call. */
export interface AdversaryModule<M extends string = string> {
  readonly mode: M;
  /** One line from SPEC §8. */
  readonly summary: string;
  /** SPEC §8: the outcome the mode requires of the endpoints (the CLI's verdict and the cases read it). */
  readonly outcome: RequiredOutcome;
  play(ctx: AdversaryContext): AdversaryPlay;
}

/** Declares a mode, keeping its name as a literal type. */
export function defineMode<M extends string>(m: AdversaryModule<M>): AdversaryModule<M> {
  return m;
}
