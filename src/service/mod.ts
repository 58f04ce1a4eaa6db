/**
 * The call service (SPEC §4, §6, §8, §10): signaling hub, call state machine, call control (§4.5), admin API,
 * media plane.
 */
export { startService } from "./service.ts";
export type { RunningService, ServiceOptions } from "./service.ts";
export { ADVERSARY_MODES, parseAdversaryPlan } from "./adversary.ts";
export type { AdversaryMode, AdversaryPlan } from "./adversary.ts";
export type { CallLogEntry, CallPhase, CallRecord, CallSide, CallVia, Role, Topology } from "./calls.ts";
export type { CallControlSettingsOf } from "./callcontrol/settings.ts";
export { AdminClient } from "./admin_client.ts";
export type { CallEvidence, ForwarderEvidence, ProcessorEvidence, RelayEvidence } from "./admin_client.ts";
export { ServiceLog } from "./log.ts";
export { defaultCapacity } from "./admission.ts";
export type { Capacity } from "./admission.ts";
