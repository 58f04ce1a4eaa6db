/**
 * The reviewed list (SPEC §12.7): MUST cases that may kill no mutant of the reference, each with the reason it still
 * belongs in the suite. `--mutants --kill-all` reports every MUST case that killed no mutant; one listed here is
 * accepted with its reason, any other makes the matrix NOT OK. An entry for a case that now kills a mutant is reported
 * as stale. Keep reasons specific: what the case guards and why no one-fault variant of the reference can fail it. A
 * test checks every id names a case of the catalogue.
 *
 * From the first full run (28 mutants × 177 cases, 2026-11-29): 17 MUST cases killed nothing. Twelve were feature
 * cases whose implementation request was not an assertion (a refusal surfaced as a harness error); they now use
 * expectPerformed() and kill the mutant features-refused-standard. Of the other five,
 * feature.f9.e2ee-invite-not-rung-elsewhere checked the service, not the implementation, and became a service test
 * (src/service/f9_e2ee_invite_test.ts); policy.set-on.stored-by-service now kills setting-kept-local (the request seam,
 * src/peer/request_seam.ts), feature.park.works-standard-parked kills parked-hangs-up and
 * feature.simultaneous-ring.works-standard-caller kills other-answerer-refused (both through the service-message hook);
 * media.anchor.caller left the list with protocol 3, whose own assertions (no indicator, no media, the call ends) a
 * caller that shows the indicator from the topology fails.
 *
 * Reviewed in 0.3 (first kill map, kills.json): the M2/M3 wire checks below, whose faults the reference's own stack
 * cannot produce in a call that still comes up.
 */

/** Case id → why it may kill no mutant. */
export const KILL_REVIEWED: Record<string, string> = {
  "verify.confirm-malformed.callee":
    "Checks that the callee hangs up with E2EE_CONFIRM_FAILED when the service forwards it a malformed tag. The " +
    "reference ends the call on the malformed tag before its handshake or media strategies are consulted, so no " +
    "one-fault variant keeps the call; the first kill map's only kill here (offer-first-unchecked) was a race and " +
    "broke its re-proof. It guards implementations that treat the malformed `confirm` as valid or keep the call with " +
    "no deadline; verify.confirm-malformed.caller checks the same rule with a killing mutant.",
  "robustness.inject.reveal-out-of-state":
    "Checks that a caller ignores a `reveal` for its live call (only a callee receives one). The reference's " +
    "dispatch routes `reveal` to the callee's handshake only, and no strategy seam reaches a caller's handling of " +
    "it, so no one-fault variant re-derives or drops its number on it. It guards implementations whose caller acts " +
    "on any " +
    "`reveal` it is sent.",
  "robustness.inject.accepted-other-call":
    "Checks that an `accepted` for another call changes nothing in the live (connected) call. The reference " +
    "matches frames to calls by id and applies `accepted` only while its call is inviting, so a one-fault variant " +
    "(tried: `accepted` re-routed to the live call, accepted-any-call) still changes nothing: it would take a second " +
    "fault, re-applying `accepted` after the call connected. It guards implementations that route by call id loosely " +
    "and re-apply `accepted`.",
  "robustness.inject.accepted-other-call.callee":
    "Checks that an `accepted` for another call changes nothing in the live (connected) call. The reference " +
    "matches frames to calls by id and applies `accepted` only while its call is inviting, so a one-fault variant " +
    "(tried: `accepted` re-routed to the live call, accepted-any-call) still changes nothing: it would take a second " +
    "fault, re-applying `accepted` after the call connected. It guards implementations that route by call id loosely " +
    "and re-apply `accepted`.",
  "media.certificate-matches-sdp.caller":
    "Checks on the relay's wire that the DTLS certificate the implementation presents is the one its SDP names " +
    "(M3). node-webrtc builds its SDP fingerprint from the certificate it presents, so a one-fault reference cannot " +
    "differ; one that announces a made-up fingerprint fails DTLS against the reference, whose call then never comes " +
    "up (a precondition failure, not a kill). It guards foreign stacks that run media over a second " +
    "PeerConnection or " +
    "a certificate other than the announced one.",
  "media.certificate-matches-sdp.callee":
    "Checks on the relay's wire that the DTLS certificate the implementation presents is the one its SDP names " +
    "(M3). node-webrtc builds its SDP fingerprint from the certificate it presents, so a one-fault reference cannot " +
    "differ; one that announces a made-up fingerprint fails DTLS against the reference, whose call then never comes " +
    "up (a precondition failure, not a kill). It guards foreign stacks that run media over a second " +
    "PeerConnection or " +
    "a certificate other than the announced one.",
  "media.relay-only.caller":
    "Checks that E2EE media crossed the relay both ways and none reached the processor (M2). The service rewrites " +
    "every candidate to the relay, and node-webrtc sends only to candidates of the SDP it applied, so a one-fault " +
    "reference cannot send around the relay in a call that still comes up (the precondition is an honest call with " +
    "equal numbers and heard digits). It guards foreign stacks that add candidates learned elsewhere (their own TURN " +
    "server, peer-reflexive addresses).",
  "media.relay-only.callee":
    "Checks that E2EE media crossed the relay both ways and none reached the processor (M2). The service rewrites " +
    "every candidate to the relay, and node-webrtc sends only to candidates of the SDP it applied, so a one-fault " +
    "reference cannot send around the relay in a call that still comes up (the precondition is an honest call with " +
    "equal numbers and heard digits). It guards foreign stacks that add candidates learned elsewhere (their own TURN " +
    "server, peer-reflexive addresses).",
  "verify.fresh-certificate.caller":
    "Checks that two calls in a row show different DTLS certificates (V3: no certificate reused across calls). " +
    "node-webrtc has no RTCPeerConnection.generateCertificate and no `certificates` option, so every PeerConnection " +
    "makes its own certificate and no one-fault variant of the reference can reuse one; the first kill map's kill " +
    "(nineteen-digit-number) came through the honest calls, now a precondition. It guards stacks that keep one " +
    "certificate per device (Chromium can, through generateCertificate).",
  "verify.fresh-certificate.callee":
    "Checks that two calls in a row show different DTLS certificates (V3: no certificate reused across calls). " +
    "node-webrtc has no RTCPeerConnection.generateCertificate and no `certificates` option, so every PeerConnection " +
    "makes its own certificate and no one-fault variant of the reference can reuse one; the first kill map's kill " +
    "(nineteen-digit-number) came through the honest calls, now a precondition. It guards stacks that keep one " +
    "certificate per device (Chromium can, through generateCertificate).",
};
