/**
 * What the service observed on the signaling it carried (SPEC §5.2, §8): the handshake messages each role sent
 * (`signal` log entries, recorded before any adversary), the SDP fingerprints, and under `mitm` the adversary's own
 * keys and certificates, from which the suite computes the exact number the implementation's leg MUST show.
 */
import { base64urlDecode, deriveVerification, fingerprintFromBytes, zeroFingerprint } from "../../src/crypto/mod.ts";
import type { CallEvidence } from "../../src/service/mod.ts";
import { CaseFailure, PreconditionFailed } from "../case.ts";
import type { Harness } from "../harness.ts";
import { expectEqual, expectIndicatorOn, expectNumbersDiffer, preconditionSync, ROOT_CAUSES } from "../verify.ts";
import { type As, pair, sides } from "./_roles.ts";

type Entry = CallEvidence["log"][number];
type Detail = Record<string, unknown>;

/** The `signal` entries of one role and type, in arrival order. */
export function signals(
  r: CallEvidence,
  from: As,
  type: "invite" | "accept" | "reveal",
): (Detail & { phase: string })[] {
  return r.log.filter((e: Entry) =>
    e.event === "signal" && (e.detail as Detail)?.from === from && (e.detail as Detail)?.type === type
  )
    .map((e: Entry) => e.detail as Detail & { phase: string });
}

/** The X25519 key a role sent on the wire in this call (accept for the callee, reveal for the caller), or null. */
export function wireKey(r: CallEvidence, as: As): string | null {
  const s = as === "caller" ? signals(r, "caller", "reveal")[0] : signals(r, "callee", "accept")[0];
  return typeof s?.pk === "string" ? s.pk : null;
}

/** The fingerprint in the SDP a role sent, as the service logged it. */
function sdpFingerprint(r: CallEvidence, from: As): string | null {
  const e = r.log.find((x: Entry) => x.event === "sdp" && (x.detail as Detail)?.from === from);
  return ((e?.detail as Detail | undefined)?.fingerprint as string | undefined) ?? null;
}

function action(r: CallEvidence, name: string, pred: (d: Detail) => boolean = () => true): Detail | null {
  const a = (r.adversary?.actions ?? []).find((x: Entry) => x.event === name && pred((x.detail ?? {}) as Detail));
  return (a?.detail as Detail | undefined) ?? null;
}

/**
 * SPEC §8 (mitm), §5.4–§5.6: the number the implementation's leg MUST show — the one derived from exactly what
 * it received (the adversary's key and the processor's certificate) and what it sent. The suite computes it as the
 * adversary's end of that leg does; an implementation that binds the number to anything else shows another.
 */
export function mitmExpectedNumber(r: CallEvidence, as: As): string {
  const forge = action(r, "forge-commit");
  const keys = forge?.keys as
    | { toCaller: { pk: string; sk: string }; toCallee: { pk: string; sk: string } }
    | undefined;
  if (!forge || !keys) {
    throw new PreconditionFailed(
      ROOT_CAUSES.evidence,
      "The service's mitm evidence lacks the adversary's keys",
      "forge-commit with keys",
      r.adversary?.actions ?? null,
    );
  }
  const need = <T>(v: T | null | undefined, what: string): T => {
    if (v === null || v === undefined) {
      throw new PreconditionFailed(ROOT_CAUSES.evidence, `The service did not observe ${what}`, what, null);
    }
    return v;
  };
  const ids = { callId: r.id, callerId: r.caller.userId, calleeId: r.callee.userId };
  const b = (s: string) => base64urlDecode(s);
  // SPEC §5.4 (protocol 3): the caller's offered versions and the callee's accept (chosen version, fingerprint).
  const e2ee = r.e2ee as { versions?: number[] | null; fp?: string | null; version?: number | null };
  const invite = signals(r, "caller", "invite")[0];
  const accept = signals(r, "callee", "accept")[0];
  const versions = need((invite?.versions as number[] | undefined) ?? e2ee.versions, "the caller's offered versions");
  const version = need((accept?.version as number | undefined) ?? e2ee.version, "the callee's chosen version");
  const acceptFp = need((accept?.fp as string | undefined) ?? e2ee.fp, "the callee's accept fingerprint");
  // SPEC §6: the accept carries the 32 fingerprint bytes as base64url
  const calleeFp = acceptFp.includes(":") ? acceptFp : fingerprintFromBytes(base64urlDecode(acceptFp));
  // SPEC §13.10: the offered profiles and the choice are bound when the caller offered any; in the sframe profile
  // both fingerprints are 32 zero bytes (deriveVerification hashes zeros there) and no SDP carries them end to end
  const offered = invite?.profiles as string[] | undefined;
  const bound = offered === undefined
    ? {}
    : { profiles: offered, profile: (accept?.profile as string | undefined) ?? "dtls-srtp" };
  const zero = bound.profile === "sframe" ? fingerprintFromBytes(zeroFingerprint()) : null;
  try {
    if (as === "caller") {
      // The caller's leg: its own commit, key and certificate; the adversary's key and the processor's answer.
      return deriveVerification({
        ...ids,
        ...bound,
        versions,
        version,
        role: "callee",
        privateKey: b(keys.toCaller.sk),
        commit: b(need(signals(r, "caller", "invite")[0]?.commit as string | undefined, "the caller's commitment")),
        pkA: b(need(wireKey(r, "caller"), "the caller's reveal")),
        fpA: zero ?? need(sdpFingerprint(r, "caller"), "the caller's SDP fingerprint"),
        pkB: b(keys.toCaller.pk),
        fpB: zero ?? need(
          (action(r, "substitute-fp")?.to as string | undefined) ??
            (action(r, "processor-answer", (d) => d.to === "caller")?.fingerprint as string | undefined),
          "the processor's fingerprint given to the caller",
        ),
      }).number;
    }
    // The callee's leg: the forged commitment, the adversary's key and the processor's offer; its own key and answer.
    return deriveVerification({
      ...ids,
      ...bound,
      versions,
      version,
      role: "caller",
      privateKey: b(keys.toCallee.sk),
      commit: b(forge.commit as string),
      pkA: b(keys.toCallee.pk),
      fpA: forge.fingerprint as string,
      pkB: b(need(wireKey(r, "callee"), "the callee's accept key")),
      fpB: calleeFp,
    }).number;
  } catch (e) {
    if (e instanceof PreconditionFailed) throw e;
    // The caller's own commitment does not match what it revealed and offered: that is the implementation's fault.
    throw new CaseFailure(
      `The number the implementation must show cannot be derived from what it sent: ${(e as Error).message}`,
      "a consistent commitment, key and fingerprint",
      (e as { code?: string }).code ?? null,
    );
  }
}

/**
 * SPEC §5.2 (V4): the caller sent its key only after it had received the callee's accept — every `reveal` it sent
 * arrived while the call was accepted or connected (a reveal before the accept arrives while inviting or ringing).
 */
export function expectRevealAfterAccept(r: CallEvidence, who: string): void {
  const reveals = signals(r, "caller", "reveal");
  if (reveals.length === 0) {
    throw new CaseFailure(`${who} never revealed its key`, "one reveal after the accept", "none");
  }
  const early = reveals.find((s) => s.phase !== "accepted" && s.phase !== "connected");
  if (early) {
    throw new CaseFailure(
      `${who} revealed its key before it received the callee's accept`,
      "reveal after accept (phase accepted)",
      `reveal in phase "${early.phase}"`,
    );
  }
}

/**
 * SPEC §2.2 (V2), §8 (mitm): both users opted in, the service an active man in the middle, the implementation as
 * `as`. The call comes up with the indicator at both ends (set-up, SPEC §12.2); the two numbers differ, and the
 * implementation's is the one derived from exactly what its leg received (the adversary's key and the processor's
 * certificate), which the service's evidence lets the suite compute.
 */
export async function expectMitmNumbers(h: Harness, as: As): Promise<void> {
  await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true } } });
  const p = await pair(h, as);
  await h.adversary("mitm", "alice");
  const call = await h.call(p.caller, p.callee);
  const s = sides(call, as);
  preconditionSync(ROOT_CAUSES.adversaryCall, () => {
    expectIndicatorOn(s.impl, `The implementation (${as})`);
    expectIndicatorOn(s.ref, `The reference (${as === "caller" ? "callee" : "caller"})`);
  });
  expectNumbersDiffer(call.caller, call.callee);
  const expected = mitmExpectedNumber(await h.record(call.id), as);
  expectEqual(
    s.impl.e2ee.number,
    expected,
    "The implementation's number is not the one its leg's keys and certificates give",
  );
}
