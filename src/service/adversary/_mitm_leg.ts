/**
 * The adversary's end of a man-in-the-middle leg (SPEC §8 mitm, split): its own key toward each party, the commitment
 * it forges toward the callee, the processor leg whose certificate the caller gets in `accepted.e2ee.fp`, and the
 * `confirm` tag valid on each leg (§5.9). `mitm` plays both legs, `split` one of them.
 */
import {
  base64urlEncode,
  commitment,
  fingerprintFromBytes,
  fingerprintFromSdp,
  fingerprintToBytes,
  generateKeyPair,
  zeroFingerprint,
} from "../../crypto/mod.ts";
import { forgeMitmConfirm, type MitmSecrets } from "./_confirm_forge.ts";
import type { Role } from "../calls.ts";
import { offeredProfiles, offeredVersions, sframeFirst } from "./_v3.ts";
import { otherRole } from "./outcome.ts";
import type { AdversaryContext } from "./types.ts";

/** The zero fingerprint of the SFrame profile (SPEC §13.10), in normal form. */
const ZERO_FP = fingerprintFromBytes(zeroFingerprint());

/** Fresh adversary keys for both legs; the rest is filled in as the call goes. */
export function mitmSecrets(): MitmSecrets {
  return {
    toCallee: generateKeyPair(),
    toCaller: generateKeyPair(),
    forgedCommit: "",
    fpToCallee: "",
    fpToCaller: null,
    callerCommit: "",
    callerPk: null,
    legKeys: {},
  };
}

/** The adversary's keys on both legs, as logged (SPEC §8: the suite computes each leg's number from them). */
export function loggedKeys(s: MitmSecrets): Record<string, { pk: string; sk: string }> {
  return {
    toCallee: { pk: base64urlEncode(s.toCallee.publicKey), sk: base64urlEncode(s.toCallee.privateKey) },
    toCaller: { pk: base64urlEncode(s.toCaller.publicKey), sk: base64urlEncode(s.toCaller.privateKey) },
  };
}

/**
 * Toward the callee: anchors the callee's processor leg (labelled `label`) and commits to the adversary's key and that
 * leg's certificate over the caller's offered versions (SPEC §5.2); logs `forge-commit` with the keys.
 */
export async function forgeCommit(ctx: AdversaryContext, s: MitmSecrets, label: string): Promise<string> {
  // SPEC §13.10: an sframe-first offer commits to zero fingerprints and its media goes through the forwarder, so no
  // processor leg is anchored; the offered profiles are bound as forwarded
  const profiles = offeredProfiles(ctx.call);
  const fp = sframeFirst(ctx.call) ? ZERO_FP : fingerprintFromSdp(await ctx.anchorCallee(label));
  const versions = offeredVersions(ctx.call);
  const forged = base64urlEncode(
    commitment(ctx.call.id, versions, s.toCallee.publicKey, fingerprintToBytes(fp), profiles),
  );
  s.forgedCommit = forged;
  s.fpToCallee = fp;
  ctx.act("forge-commit", { fingerprint: fp, commit: forged, versions, keys: loggedKeys(s) });
  return forged;
}

/**
 * Toward the caller (protocol 3): the caller binds the fingerprint of `accepted`, so it gets the certificate of the
 * processor leg (labelled `label`) that will answer its offer.
 */
export async function callerLegFp(ctx: AdversaryContext, s: MitmSecrets, label: string): Promise<string> {
  // SPEC §13.10: in the SFrame profile the accept carries the zero fingerprint, and no leg is anchored
  if (sframeFirst(ctx.call)) return (s.fpToCaller = ZERO_FP);
  if (!ctx.anchorCaller) throw new Error("the adversary needs the caller's processor leg before the caller's offer");
  s.fpToCaller = await ctx.anchorCaller(label);
  return s.fpToCaller;
}

/**
 * SPEC §5.9: the tag the adversary sends toward `to`, valid on that party's leg (it plays the peer role there) and
 * logged as `forge-confirm`; null while that leg's SDP has not passed (the media plane asks again after each SDP).
 */
export function legConfirm(ctx: AdversaryContext, s: MitmSecrets, to: Role, tag: string): string | null {
  const out = forgeMitmConfirm(ctx.call, s, otherRole(to));
  if (out !== null) ctx.act("forge-confirm", { from: otherRole(to), tag, to: out });
  return out;
}
