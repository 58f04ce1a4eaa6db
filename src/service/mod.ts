/**
 * The call service (SPEC §4, §6, §8, §10): signaling hub, call state machine, admin API, media plane.
 */
export { startService } from "./service.ts";
export type { RunningService, ServiceOptions } from "./service.ts";
export { ADVERSARY_MODES, parseAdversaryPlan } from "./adversary.ts";
export type { AdversaryMode, AdversaryPlan } from "./adversary.ts";
export type { CallLogEntry, CallPhase, CallRecord, Role, Topology } from "./calls.ts";
export { SERVICE_FEATURES } from "./features.ts";
export { AdminClient } from "./admin_client.ts";
export type { CallEvidence, ProcessorEvidence, RelayEvidence } from "./admin_client.ts";
