/**
 * The signaling hub's configuration: its stores, timeouts and hooks (SPEC §4.1, §4.5, §2.5 S3). Re-exported by
 * hub.ts.
 */
import type { PolicyStore } from "../policy/mod.ts";
import type { AdversaryQueue } from "./adversary.ts";
import type { CallKind } from "./admission.ts";
import type { CallRecord } from "./calls.ts";
import type { ServiceEvent } from "./log.ts";
import type { MediaPlane } from "./media_plane.ts";

/** Options of the hub. */
export interface HubOptions {
  store: PolicyStore;
  media: MediaPlane;
  adversary: AdversaryQueue;
  /** Unanswered invites end with reason "no-answer" after this long (SPEC §4.1). */
  noAnswerMs?: number;
  /** SPEC §4.5: call-control timeouts (safe transfer ring, park, longest voicemail message), in ms. */
  safeTransferMs?: number;
  parkTimeoutMs?: number;
  voicemailMaxMs?: number;
  /** Called after a change to stored state (a user's setting), so the service can persist it. */
  onStateChange?: () => void;
  log?: (line: string) => void;
  /** Operator events (src/service/log.ts) and admission control (src/service/admission.ts, SPEC §2.5 S3). */
  hooks?: { event?: (e: ServiceEvent) => void; admit?: (kind: CallKind, calls: Iterable<CallRecord>) => void };
}
