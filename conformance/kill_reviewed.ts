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
};
