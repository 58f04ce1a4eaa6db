/**
 * Freshness per call (SPEC §2.2 V3): two consecutive calls between the same users show different numbers, and the
 * implementation presents a different DTLS certificate (on the wire and in its SDP) in each.
 */
import { CaseFailure, defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import type { CallHandle, Harness } from "../../harness.ts";
import { expectIndicatorOn, expectNumbersEqual, relayCertificates, sdpFingerprints } from "../../verify.ts";
import { hangupBoth, pair, roleTag, ROLES } from "../_roles.ts";
import type { As } from "../_roles.ts";

const requirement = "The number MUST be exactly 20 decimal digits (§5.6) and fresh for every call: keys and DTLS certificates MUST NOT be reused across calls.";

/** Two honest E2EE calls in a row between the same users, the implementation as `as` in both. */
async function twoCalls(h: Harness, as: As): Promise<[CallHandle, CallHandle]> {
  await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true } } });
  const p = await pair(h, as);
  const calls: CallHandle[] = [];
  for (let i = 0; i < 2; i++) {
    const call = await h.call(p.caller, p.callee);
    expectIndicatorOn(call.caller, `The caller in call ${i + 1}`);
    expectIndicatorOn(call.callee, `The callee in call ${i + 1}`);
    expectNumbersEqual(call.caller, call.callee);
    await hangupBoth(p.caller, p.callee, call.id);
    calls.push(call);
  }
  return [calls[0]!, calls[1]!];
}

// Catches an implementation that reuses its X25519 key pair (and so, with a reused certificate, its number).
const freshNumber = defineCase({
  id: "verify.fresh-number.caller",
  clause: "§2.2 V3",
  level: "MUST",
  title: "Two consecutive calls between the same users show different numbers",
  requirement,
  tags: ["verify", "e2ee", "impl-caller"],
  async run(h) {
    const [c1, c2] = await twoCalls(h, "caller");
    if (c1.caller.e2ee.number === c2.caller.e2ee.number) throw new CaseFailure("Two calls showed the same verification number", "different numbers", c1.caller.e2ee.number);
  },
});

// Catches an implementation that keeps one DTLS certificate across calls (V3), seen in its SDP and on the wire.
const freshCertificate: Case[] = ROLES.map((as) => defineCase({
  id: `verify.fresh-certificate.${as}`,
  clause: "§2.2 V3",
  level: "MUST",
  title: `The implementation presents a new DTLS certificate in each call (implementation as ${as})`,
  requirement,
  tags: ["verify", "e2ee", "media", roleTag(as)],
  async run(h) {
    const [c1, c2] = await twoCalls(h, as);
    const [r1, r2] = await Promise.all([h.record(c1.id), h.record(c2.id)]);
    const side = as === "caller" ? "a" : "b";
    const [fp1, fp2] = [sdpFingerprints(r1)[as], sdpFingerprints(r2)[as]];
    if (fp1 === null || fp2 === null) throw new CaseFailure("The call log has no SDP fingerprint of the implementation", "a fingerprint per call", [fp1, fp2]);
    if (fp1 === fp2) throw new CaseFailure("The implementation's SDP names the same certificate fingerprint in both calls", "different fingerprints", fp1);
    const [w1, w2] = [relayCertificates(r1)[side], relayCertificates(r2)[side]];
    if (w1.length === 0 || w2.length === 0) {
      h.note("The relay saw no certificate of the implementation (DTLS 1.3?): only the SDP fingerprints were compared");
      return;
    }
    if (w1[0] === w2[0]) throw new CaseFailure("The implementation presented the same DTLS certificate on the wire in both calls", "different certificates", w1[0]);
  },
}));

export default [freshNumber, ...freshCertificate];
