/**
 * Freshness per call (SPEC §2.2 V3): in three consecutive calls between the same users the implementation presents a
 * different DTLS certificate (on the wire and in its SDP) in each. (Fresh keys: verify/fresh-key.ts.)
 */
import { CaseFailure, defineCase, PreconditionFailed } from "../../case.ts";
import type { Case } from "../../case.ts";
import type { CallHandle, Harness } from "../../harness.ts";
import {
  expectIndicatorOn,
  expectNumbersEqual,
  precondition,
  relayCertificates,
  ROOT_CAUSES,
  sdpFingerprints,
} from "../../verify.ts";
import { hangupBoth, pair, ROLES, roleTag } from "../_roles.ts";
import type { As } from "../_roles.ts";

const requirement =
  "The number MUST be exactly 20 decimal digits (§5.6) and fresh for every call: keys and DTLS certificates " +
  "MUST NOT be reused across calls.";

const CALLS = 3;

/** Three honest E2EE calls in a row between the same users, the implementation as `as` in each (SPEC §12.2 set-up). */
function threeCalls(h: Harness, as: As): Promise<CallHandle[]> {
  return precondition(ROOT_CAUSES.e2eeCall, () => honestCalls(h, as));
}

async function honestCalls(h: Harness, as: As): Promise<CallHandle[]> {
  await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true } } });
  const p = await pair(h, as);
  const calls: CallHandle[] = [];
  for (let i = 0; i < CALLS; i++) {
    const call = await h.call(p.caller, p.callee);
    expectIndicatorOn(call.caller, `The caller in call ${i + 1}`);
    expectIndicatorOn(call.callee, `The callee in call ${i + 1}`);
    expectNumbersEqual(call.caller, call.callee);
    await hangupBoth(p.caller, p.callee, call.id);
    calls.push(call);
  }
  return calls;
}

/** The values that occur more than once. */
const repeated = <T>(xs: T[]) => xs.filter((x, i) => xs.indexOf(x) !== i);

// Catches an implementation that keeps one DTLS certificate across calls (V3), seen in its SDP and on the wire.
const freshCertificate: Case[] = ROLES.map((as) =>
  defineCase({
    id: `verify.fresh-certificate.${as}`,
    clause: "§2.2 V3",
    level: "MUST",
    title: `The implementation presents a new DTLS certificate in each call (implementation as ${as})`,
    requirement,
    tags: ["verify", "e2ee", "media", roleTag(as)],
    async run(h) {
      const records = await Promise.all((await threeCalls(h, as)).map((c) => h.record(c.id)));
      const side = as === "caller" ? "a" : "b";
      const fps = records.map((r) => sdpFingerprints(r)[as]);
      if (fps.some((f) => f === null)) {
        throw new PreconditionFailed(
          ROOT_CAUSES.evidence,
          "The call log has no SDP fingerprint of the implementation",
          "a fingerprint per call",
          fps,
        );
      }
      if (repeated(fps).length) {
        throw new CaseFailure(
          `The implementation's SDP names the same certificate fingerprint in two of ${CALLS} calls`,
          `${CALLS} different fingerprints`,
          fps,
        );
      }
      const wire = records.map((r) => relayCertificates(r)[side][0] ?? null);
      if (wire.some((w) => w === null)) {
        h.note(
          "The relay saw no certificate of the implementation in some call (DTLS 1.3?): only the SDP " +
            "fingerprints were compared",
        );
        return;
      }
      if (repeated(wire).length) {
        throw new CaseFailure(
          `The implementation presented the same DTLS certificate on the wire in two of ${CALLS} calls`,
          `${CALLS} different certificates`,
          wire,
        );
      }
    },
  })
);

export default freshCertificate;
