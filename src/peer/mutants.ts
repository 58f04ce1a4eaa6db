/**
 * Mutants of the reference peer (SPEC §12.7): each is the reference with ONE deliberate fault, to prove the
 * conformance cases can fail. Loaded only by `shieldcall peer --mutant ID`; the normal path never imports this file.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { numberFromOkm } from "../crypto/mod.ts";
import { FEATURES } from "../protocol/mod.ts";
import type { PeerFaults } from "./faults.ts";

/** A mutant: an id, the clause it breaks, what it does wrong, case hints, and its fault. */
export interface Mutant {
  id: string;
  clause: string;
  description: string;
  /** Case tags or id prefixes likely to catch it (they run first in the kill run). */
  hints: string[];
  faults: PeerFaults;
}

const ALL_FEATURES: string[] = [...FEATURES];

/** Every mutant, in a stable order. */
export const MUTANTS: Mutant[] = [
  {
    id: "e2ee-on-by-default",
    clause: "§2.1 P3",
    description: "The E2EE setting shows (and acts) as on for a user who never turned it on",
    hints: ["default-off", "policy", "opt-in"],
    faults: { settings: (s) => ({ visible: s.visible, enabled: s.visible }) },
  },
  {
    id: "setting-visible-when-disabled",
    clause: "§2.1 P3",
    description: "The E2EE setting is visible although the effective policy is disabled",
    hints: ["default-off", "policy"],
    faults: { settings: (s) => ({ visible: true, enabled: s.enabled }) },
  },
  {
    id: "indicator-in-standard-call",
    clause: "§2.2 V1",
    description: "The E2EE indicator is shown in a standard call once it connects",
    hints: ["opt-in", "verify"],
    faults: { indicator: (c, honest) => honest || (!c.ended && c.topology === "processor" && c.engine?.connectionState === "connected") },
  },
  {
    id: "indicator-kept-after-downgrade",
    clause: "§2.2 V1",
    description: "A caller that committed keeps showing the indicator after a downgrade to a standard call",
    hints: ["adversary", "media"],
    faults: { indicator: (c, honest) => honest || (!c.ended && c.role === "caller" && c.localOffer !== undefined && c.topology === "processor" && c.engine?.connectionState === "connected") },
  },
  {
    id: "number-from-call-id",
    clause: "§2.2 V2",
    description: "The verification number is derived from the call id alone, so a man in the middle goes unnoticed",
    hints: ["verify", "adversary"],
    faults: { number: (c, honest) => (honest === null ? null : numberFromOkm(sha256(new TextEncoder().encode(c.callId)).subarray(0, 16))) },
  },
  {
    id: "nineteen-digit-number",
    clause: "§2.2 V3",
    description: "The verification number drops its last digit",
    hints: ["verify"],
    faults: { number: (_c, honest) => (honest === null ? null : honest.slice(0, 19)) },
  },
  {
    id: "commitment-not-checked",
    clause: "§2.2 V4",
    description: "The callee does not check the reveal against the commitment (libbzrtp CVE-2016-6271)",
    hints: ["verify", "adversary"],
    faults: { skipCommitmentCheck: true },
  },
  {
    id: "mismatch-falls-back",
    clause: "§2.2 V4",
    description: "On a commitment mismatch the callee continues as a standard call instead of ending it",
    hints: ["verify", "adversary"],
    faults: { continueOnMismatch: true },
  },
  {
    id: "keys-reused",
    clause: "§2.2 V3",
    description: "One X25519 key pair is reused for every call",
    hints: ["verify"],
    faults: { reuseKeys: true },
  },
  {
    id: "recording-allowed-e2ee",
    clause: "§2.4 F1",
    description: "Recording is not refused by the client in an E2EE call (the request goes to the service)",
    hints: ["F1", "features"],
    faults: { refuseLocally: (_c, f, honest) => honest && f !== "recording" },
  },
  {
    id: "transfer-offered-e2ee",
    clause: "§2.4 F4",
    description: "Transfer is offered in an E2EE call",
    hints: ["F4", "features"],
    faults: { features: (c, honest) => (c.isE2ee ? [...new Set([...honest, "transfer-blind", "transfer-consult", "transfer-safe"])] : honest) },
  },
  {
    id: "all-features-offered-e2ee",
    clause: "§2.4 F1–F9",
    description: "Every feature is offered in an E2EE call",
    hints: ["features"],
    faults: { features: (c, honest) => (c.isE2ee ? [...ALL_FEATURES] : honest) },
  },
  {
    id: "setting-applied-mid-call",
    clause: "§2.1 P5",
    description: "Turning E2EE off during a call drops the live call's indicator instead of affecting the next call",
    hints: ["policy", "P5"],
    faults: { applySettingMidCall: true },
  },
];

/** The mutant with this id, or undefined. */
export function findMutant(id: string): Mutant | undefined {
  return MUTANTS.find((m) => m.id === id);
}
