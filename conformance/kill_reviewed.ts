/**
 * The reviewed list (SPEC §12.7): MUST cases that may kill no mutant of the reference, each with the reason it still
 * belongs in the suite. `--mutants --kill-all` reports every MUST case that killed no mutant; one listed here is
 * accepted with its reason, any other makes the matrix NOT OK. An entry for a case that now kills a mutant is
 * reported as stale. Keep reasons specific: what the case guards and why no one-fault variant of the reference
 * can fail it. A test checks every id names a case of the catalogue.
 */
const FAULTS = "SRTP authentication and replay protection are libwebrtc's (node-webrtc), which the reference peer cannot " +
  "switch off, so no one-fault variant of the reference plays altered or replayed media; the case guards that the relay's " +
  "fault injection (§8.1) reaches the endpoints without ending the call or turning E2EE off, which a foreign stack can break";
const CERT = "libwebrtc generates the DTLS certificate and always presents the one whose fingerprint is in its SDP, so no " +
  "variant of the reference presents another; the case guards the relay's certificate capture (§4.3 TR8) that the " +
  "freshness and anchor cases rely on, and catches a foreign stack that re-keys DTLS outside its SDP";

/** Case id → why it may kill no mutant. */
export const KILL_REVIEWED: Record<string, string> = {
  "media.fault.tamper.caller": FAULTS,
  "media.fault.tamper.callee": FAULTS,
  "media.fault.replay.caller": FAULTS,
  "media.fault.replay.callee": FAULTS,
  "media.fault.drop.caller": FAULTS,
  "media.fault.drop.callee": FAULTS,
  "media.certificate-matches-sdp.caller": CERT,
  "media.certificate-matches-sdp.callee": CERT,
  // SPEC §7 CallState already requires e2ee.number to be 20 digits (^[0-9]{20}$) or null, and the suite checks every
  // reply against it (ADAPTER_PROTOCOL, an adapter-error, never a kill), so no variant reaches these cases' check.
  "verify.number-20-digits.caller": "The driver protocol's CallState schema (§7) already requires a 20-digit number, so a malformed one is an adapter-error before the case looks; the case guards the number as shown after a real E2EE call (V3, §5.6) and documents the requirement, and catches an adapter that reports null while showing the indicator",
  "verify.number-20-digits.callee": "The driver protocol's CallState schema (§7) already requires a 20-digit number, so a malformed one is an adapter-error before the case looks; the case guards the number as shown after a real E2EE call (V3, §5.6) and documents the requirement, and catches an adapter that reports null while showing the indicator",
  // The number always changes with the call id and the reference's fresh key, so a one-fault implementation whose
  // number repeats also disagrees with the reference and fails verify.honest-equal first (the freshness of the keys
  // themselves is verify.fresh-key.*). It guards the number as displayed: a client that shows a cached number.
  "verify.fresh-number.caller": "A repeated number also differs from the reference's fresh one, so verify.honest-equal catches every one-fault variant first; the case guards a foreign client that displays a cached number from an earlier call (V3), which no variant of the reference's derivation can produce without failing honest-equal",
};
