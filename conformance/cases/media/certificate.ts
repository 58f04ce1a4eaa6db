/**
 * The DTLS certificate on the wire is the one whose fingerprint went into the number (SPEC §2.3 M3, §4.3 TR8),
 * with the implementation in each role.
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import { expectCertificatesMatchSdp, precondition, relayCertificates, ROOT_CAUSES } from "../../verify.ts";
import { speechFor } from "../../../src/media/mod.ts";
import { e2eeCall, ROLES, roleTag } from "../_roles.ts";

// Catches an implementation whose media runs over a DTLS certificate other than the one its SDP announced (e.g.
// a second PeerConnection, or an SDP fingerprint it made up), which would leave the number proving nothing.
const cases: Case[] = ROLES.map((as) =>
  defineCase({
    id: `media.certificate-matches-sdp.${as}`,
    clause: "§2.3 M3",
    level: "MUST",
    title: `Each side's DTLS certificate on the wire matches the fingerprint in its SDP (implementation as ${as})`,
    requirement:
      "The DTLS certificate each endpoint presents on the wire MUST be the one whose fingerprint went into " +
      "the verification number (§5.7).",
    tags: ["media", "e2ee", "verify", roleTag(as)],
    async run(h) {
      const { impl, ref, call } = await e2eeCall(h, as);
      // Media flowed, so both DTLS handshakes crossed the relay.
      await precondition(ROOT_CAUSES.media, () => h.heard(impl, call.id, speechFor(ref.userId!)));
      const rec = await h.record(call.id);
      const certs = relayCertificates(rec);
      // SPEC §4.3 TR8: with DTLS 1.3 the certificates are encrypted; the case cannot conclude.
      if (certs.a.length === 0 || certs.b.length === 0) {
        h.skip(
          `The relay saw no DTLS 1.2 certificate of a side (a: ${certs.a.length}, b: ${certs.b.length}); DTLS 1.3?`,
        );
      }
      expectCertificatesMatchSdp(rec);
    },
  })
);

export default cases;
