/**
 * Public types of the reference peer: its options, the user's setting, the welcome, its events and feature results.
 */
import type { CallState } from "../protocol/mod.ts";
import type { MediaTicker } from "./media_ticker.ts";
import type { PeerVariant } from "./strategies.ts";

/** Options of a ReferencePeer. */
export interface ReferencePeerOptions {
  /** Signaling URL, e.g. ws://127.0.0.1:7000/signal. */
  serviceUrl: string;
  /** Bearer token issued by the service's admin API. */
  token: string;
  /** Device id sent in `auth`. */
  device?: string;
  /** Digits this peer speaks (DTMF alphabet); default derived from the user id. */
  speech?: string;
  /**
   * SPEC §6 `auth.protocol`: 3 (default). 1 or 2 is TEST-ONLY: the peer then plays an older endpoint that is not
   * E2EE-capable (no `e2ee` fields, no `confirm`), so a case can mix versions.
   */
  protocol?: 1 | 2 | 3;
  /** Whether this endpoint implements the E2EE handshake (`auth.capabilities.e2ee`); default true. */
  supportsE2EE?: boolean;
  /** Bound on every request to the service, in ms (default 10000). */
  requestTimeoutMs?: number;
  /** Bound on ICE gathering, in ms (default 5000). */
  gatherTimeoutMs?: number;
  /** How long an E2EE callee waits for `reveal` after the offer, in ms (default 5000). */
  revealTimeoutMs?: number;
  /** Media clock shared by all calls (default: the process-wide one). */
  ticker?: MediaTicker;
  /** Diagnostic log; never stdout. */
  log?: (line: string) => void;
  /**
   * Replaced strategies: one deliberate fault (SPEC §12.7 self-validation only; src/peer/mutants.ts). Absent normally.
   */
  variant?: PeerVariant;
}

/** The user's E2EE setting (SPEC §3.3). */
export interface PeerSettings {
  visible: boolean;
  enabled: boolean;
}

/** What connect() resolves with (SPEC §6 `welcome`). */
export interface PeerWelcome {
  userId: string;
  tenantId: string;
  endpointId: string;
  settings: PeerSettings;
}

/** An incoming call; `via` says which feature made the service ring (SPEC §4.5), e.g. a transfer or a ring-back. */
export interface PeerIncoming {
  callId: string;
  from: string;
  via?: { feature: string; by: string };
}

/** A call-control event from the service (SPEC §4.5 `event`), e.g. "transferring", "parked", "members". */
export interface PeerCallEvent {
  callId: string;
  name: string;
  data?: Record<string, unknown>;
}

/** Events of a ReferencePeer. */
export interface PeerEvents {
  incoming: PeerIncoming;
  changed: CallState;
  event: PeerCallEvent;
}

/** Result of requestFeature() (SPEC §7 `feature.request`). */
export interface FeatureResult {
  ok: true;
  result?: Record<string, unknown>;
}
