/**
 * The mitm adversary and key confirmation (SPEC §5.9, §8): the service holds its own key on each leg, so it derives
 * each leg's transcript and confirm keys and answers each side with a tag valid on that side's leg. Key confirmation
 * does not detect a man in the middle — the numbers do (V2) — it stops an endpoint from showing the indicator
 * before the peer proved it holds the same keys (the anchor gap).
 */
import {
  base64urlDecode,
  base64urlEncode,
  confirmKeys,
  deriveVerification,
  ownConfirm,
  zeroFingerprint,
} from "../../crypto/mod.ts";
import type { CallRecord } from "../calls.ts";
import { calleeAccept, offeredProfiles, offeredVersions, sframeFirst } from "./_v3.ts";

/** The adversary's own keys on both legs and what it forged. */
export interface MitmSecrets {
  toCallee: { publicKey: Uint8Array; privateKey: Uint8Array };
  toCaller: { publicKey: Uint8Array; privateKey: Uint8Array };
  /** The forged commitment toward the callee and the processor's certificate in it. */
  forgedCommit: string;
  fpToCallee: string;
  /** The processor's fingerprint the caller got in `accepted.e2ee.fp` (protocol 3). */
  fpToCaller: string | null;
  /** The caller's own commitment and revealed key, as it sent them. */
  callerCommit: string;
  callerPk: string | null;
  /** SPEC §8 split toward the caller: the version the adversary chose itself (the callee sent no accept `e2ee`). */
  version?: number;
  /** SPEC §13.3: each leg's SFrame base keys (caller: the caller's leg), once that leg's keys are derived. */
  legKeys: { caller?: { caller: Uint8Array; callee: Uint8Array }; callee?: { caller: Uint8Array; callee: Uint8Array } };
}

type Detail = Record<string, unknown>;

/** From the call log: the fingerprint of the SDP `from` sent, and of the processor's answer to the caller. */
function logged(call: CallRecord, pred: (e: { event: string; detail?: Detail }) => boolean): string | null {
  const e = call.log.find((x) => pred(x as { event: string; detail?: Detail }));
  return ((e?.detail as Detail | undefined)?.fingerprint as string | undefined) ?? null;
}

/**
 * The tag to send to the side opposite `from`: on the callee's leg the adversary plays the caller, on the caller's
 * leg the callee.
 */
export function forgeMitmConfirm(call: CallRecord, m: MitmSecrets, from: "caller" | "callee"): string | null {
  try {
    return forge(call, m, from);
  } catch (e) {
    if (e instanceof NotYet) return null; // that leg's SDP has not passed yet
    throw e;
  }
}

class NotYet extends Error {}

function forge(call: CallRecord, m: MitmSecrets, from: "caller" | "callee"): string {
  const need = <T>(v: T | null, what: string): T => {
    if (v === null) throw new NotYet(`The adversary cannot confirm yet: no ${what}`);
    return v;
  };
  const ids = { callId: call.id, callerId: call.caller.userId, calleeId: call.callee.userId };
  const sdpFrom = (role: string) => logged(call, (e) => e.event === "sdp" && e.detail?.from === role);
  // SPEC §5.4: the versions the caller offered (forwarded unchanged under mitm) and the version the callee chose.
  const accept = calleeAccept(call);
  const versions = { versions: offeredVersions(call), version: m.version ?? need(accept, "callee accept").version };
  // SPEC §13.10: the offered profiles and the choice, bound as each leg saw them (forwarded unchanged under mitm)
  const profiles = offeredProfiles(call);
  const bound = profiles ? { profiles, ...(call.e2ee.profile ? { profile: call.e2ee.profile } : {}) } : {};
  if (from === "caller") {
    // Toward the callee: the adversary is the caller of the callee's leg.
    const v = deriveVerification({
      ...ids,
      ...versions,
      ...bound,
      role: "caller",
      privateKey: m.toCallee.privateKey.slice(),
      commit: base64urlDecode(m.forgedCommit),
      pkA: m.toCallee.publicKey,
      fpA: m.fpToCallee,
      pkB: base64urlDecode(need(call.e2ee.pk, "callee key")),
      fpB: need(accept, "callee accept").fp, // SPEC §5.7 normal form (calleeAccept decodes the base64url)
    });
    m.legKeys.callee = v.sframeKeys; // SPEC §13.3: the SFrame base keys of the callee's leg (mitm re-seals with them)
    return base64urlEncode(ownConfirm("caller", confirmKeys(v.sharedSecret, v.transcriptHash), v.transcriptHash));
  }
  // Toward the caller: the adversary is the callee of the caller's leg.
  const v = deriveVerification({
    ...ids,
    ...versions,
    ...bound,
    role: "callee",
    privateKey: m.toCaller.privateKey.slice(),
    commit: base64urlDecode(m.callerCommit),
    pkA: base64urlDecode(need(m.callerPk, "caller reveal")),
    // SPEC §13.10: the caller committed to the zero fingerprint when it offered sframe first
    fpA: sframeFirst(call) ? zeroFingerprint() : need(sdpFrom("caller"), "caller offer"),
    pkB: m.toCaller.publicKey,
    fpB: need(m.fpToCaller, "processor fingerprint toward the caller"),
  });
  m.legKeys.caller = v.sframeKeys; // SPEC §13.3: the SFrame base keys of the caller's leg
  return base64urlEncode(ownConfirm("callee", confirmKeys(v.sharedSecret, v.transcriptHash), v.transcriptHash));
}
