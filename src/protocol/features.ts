/**
 * The features that are unavailable while a call is end-to-end encrypted (SPEC §2.4 F1–F9),
 * by the names the signaling (SPEC §6) and driver (SPEC §7) protocols use.
 */

/** SPEC §2.4 (F1–F9): every feature name, in clause order. */
export const FEATURES = [
  "recording", // F1
  "live-captions", // F2
  "transcription", // F3
  "transfer-blind", // F4
  "transfer-safe", // F4
  "transfer-consult", // F4
  "park", // F5
  "merge", // F6
  "companion", // F7
  "device-transfer", // F7
  "add-participant", // F8
  "voicemail", // F9
  "simultaneous-ring", // F9
] as const;

/** A feature name (SPEC §2.4). */
export type Feature = (typeof FEATURES)[number];

/** A SPEC §2.4 clause id that lists disabled features. */
export type FeatureClause = "F1" | "F2" | "F3" | "F4" | "F5" | "F6" | "F7" | "F8" | "F9";

/** SPEC §2.4: the clause that names each feature. */
export const FEATURE_CLAUSE: Readonly<Record<Feature, FeatureClause>> = Object.freeze({
  "recording": "F1",
  "live-captions": "F2",
  "transcription": "F3",
  "transfer-blind": "F4",
  "transfer-safe": "F4",
  "transfer-consult": "F4",
  "park": "F5",
  "merge": "F6",
  "companion": "F7",
  "device-transfer": "F7",
  "add-participant": "F8",
  "voicemail": "F9",
  "simultaneous-ring": "F9",
});

/** True when `s` is one of the 13 feature names of SPEC §2.4. */
export function isFeature(s: unknown): s is Feature {
  return typeof s === "string" && (FEATURES as readonly string[]).includes(s);
}

/**
 * SPEC §4.5 (CC5): call-control operations requested like features (`feature` message, `feature.request` method) that
 * are not in the §2.4 list: E2EE does not disable them, so they are never part of the offered features.
 */
export const CONTROL_OPERATIONS = ["hold", "resume"] as const;

/** A call-control operation name (SPEC §4.5). */
export type ControlOperation = (typeof CONTROL_OPERATIONS)[number];

/** True when `s` is a call-control operation of SPEC §4.5 ("hold", "resume"). */
export function isControlOperation(s: unknown): s is ControlOperation {
  return typeof s === "string" && (CONTROL_OPERATIONS as readonly string[]).includes(s);
}

/** SPEC §4.5 (CC7): an invite to `park:<code>` retrieves the call parked under that pickup code. */
export const PARK_PREFIX = "park:";
