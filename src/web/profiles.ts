/**
 * The web client's media-profile rules (SPEC §13.10, SF8), written from SPEC.md: the offered list and the choice as
 * they are hashed into the commitment and the transcript, the callee's choice, the caller's check of it, and the zero
 * fingerprints of the SFrame profile. Pure: nothing from src/crypto.
 */
import { HandshakeError, utf8Of } from "./_bytes.ts";

/** SPEC §7: the closed list of media profiles. */
export type MediaProfile = "dtls-srtp" | "sframe";
const NAMES: readonly string[] = ["dtls-srtp", "sframe"];

/** SPEC §13.10: an absent `profiles` means this list. */
export const DEFAULT_OFFER: readonly MediaProfile[] = ["dtls-srtp"];

/** SPEC §13.10: what an SFrame caller offers, in its order of preference. */
export const SFRAME_OFFER: readonly MediaProfile[] = ["sframe", "dtls-srtp"];

/** SPEC §13.10: `fpA` and `fpB` of the SFrame profile, 32 zero bytes (on the wire: 43 `A`s). */
export const ZERO_FP: Uint8Array = new Uint8Array(32);

/**
 * SPEC §13.10: an offered list is 1–2 distinct names from the closed list.
 * @throws HandshakeError E2EE_BAD_INPUT
 */
export function checkOffer(profiles: readonly string[]): readonly MediaProfile[] {
  const ok = Array.isArray(profiles) && profiles.length >= 1 && profiles.length <= 2 &&
    profiles.every((p, i) => NAMES.includes(p) && profiles.indexOf(p) === i);
  if (!ok) throw new HandshakeError("E2EE_BAD_INPUT", "Offered profiles must be 1-2 distinct known profile names");
  return profiles as readonly MediaProfile[];
}

/** SPEC §13.10: `profiles` as hashed, the offered names joined by `,` (UTF-8). @throws E2EE_BAD_INPUT */
export function offerBytes(profiles: readonly string[]): Uint8Array {
  return utf8Of("profiles", checkOffer(profiles).join(","));
}

/** SPEC §13.10: `profile` as hashed, the chosen name. @throws E2EE_BAD_INPUT for a name outside the list */
export function choiceBytes(profile: string): Uint8Array {
  if (!NAMES.includes(profile)) throw new HandshakeError("E2EE_BAD_INPUT", `Unknown media profile "${profile}"`);
  return utf8Of("profile", profile);
}

/**
 * SPEC §13.10 (callee): the first offered profile it implements (an absent offer is `["dtls-srtp"]`). An
 * SFrame-first offer is only ever completed as SFrame.
 * @throws HandshakeError E2EE_BAD_PROFILE when it implements none, or SFrame is first and it does not implement it;
 *   E2EE_BAD_INPUT for a malformed offer
 */
export function chooseProfile(
  offered: readonly string[] | undefined,
  implemented: readonly MediaProfile[],
): MediaProfile {
  const offer = offered === undefined ? DEFAULT_OFFER : checkOffer(offered);
  const choice = offer.find((p) => implemented.includes(p));
  // SPEC §13.10: a dtls-srtp-only callee offered sframe first ends the call (the commitment has no certificate)
  if (choice === undefined || (offer[0] === "sframe" && choice !== "sframe")) {
    throw new HandshakeError("E2EE_BAD_PROFILE", `None of the offered profiles "${offer.join(",")}" can complete`);
  }
  return choice;
}

/**
 * SPEC §13.10 (caller): the accepted profile (absent = `dtls-srtp`) must be one it offered, and an SFrame-first
 * offer completes only as SFrame.
 * @throws HandshakeError E2EE_BAD_PROFILE
 */
export function checkChoice(offered: readonly string[] | undefined, chosen: string | undefined): MediaProfile {
  const offer = offered === undefined ? DEFAULT_OFFER : checkOffer(offered);
  const choice = chosen ?? "dtls-srtp";
  if (!offer.includes(choice as MediaProfile) || (offer[0] === "sframe" && choice !== "sframe")) {
    throw new HandshakeError("E2EE_BAD_PROFILE", `The accepted profile "${choice}" was not offered`);
  }
  return choice as MediaProfile;
}

/** SPEC §13.10: the caller commits with zero `fpA` exactly when `sframe` is its first offered profile. */
export function sframeFirst(offered: readonly string[] | undefined): boolean {
  return offered?.[0] === "sframe";
}
