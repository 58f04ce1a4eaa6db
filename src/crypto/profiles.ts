/**
 * Media profiles in the handshake (SPEC §13.10, SF8): the caller's offered list and the callee's choice, bound at the
 * end of the commitment and the transcript when offered, and the zero fingerprints of the SFrame profile.
 * Pure: Uint8Array only.
 */
import { ShieldCallError } from "../errors.ts";
import { utf8Field } from "./_bytes.ts";
import { FINGERPRINT_LENGTH, type FingerprintInput, toFingerprintBytes } from "./fingerprint.ts";

/** A media profile name (SPEC §13.10: the closed list). */
export type MediaProfileName = "dtls-srtp" | "sframe";
/** Every profile name, the closed list of SPEC §13.10. */
export const PROFILE_NAMES: readonly MediaProfileName[] = Object.freeze(["dtls-srtp", "sframe"]);
/** The profile of an absent `profiles` or `profile` (SPEC §13.10). */
export const DEFAULT_PROFILE: MediaProfileName = "dtls-srtp";
/** At most this many offered profiles (SPEC §13.10: 1–2 distinct names). */
const MAX_PROFILES = 2;

function isProfileName(p: unknown): p is MediaProfileName {
  return p === "dtls-srtp" || p === "sframe";
}

/**
 * Checks an offered list: 1–2 distinct names from the closed list, in the caller's order (SPEC §13.10).
 * @throws ShieldCallError E2EE_BAD_INPUT otherwise
 */
export function checkProfiles(profiles: readonly string[]): readonly MediaProfileName[] {
  const ok = Array.isArray(profiles) && profiles.length >= 1 && profiles.length <= MAX_PROFILES &&
    profiles.every((p, i) => isProfileName(p) && profiles.indexOf(p) === i);
  // SPEC §13.10 (SF8): `profiles` is 1-2 distinct names from the closed list "sframe", "dtls-srtp"
  if (!ok) {
    throw new ShieldCallError(
      "E2EE_BAD_INPUT",
      `Offered profiles must be 1-2 distinct names of "dtls-srtp", "sframe"`,
      {
        profiles: Array.isArray(profiles) ? profiles.map(String).join(",").slice(0, 100) : String(profiles),
      },
    );
  }
  return profiles as readonly MediaProfileName[];
}

/** `profiles` as hashed: the names joined by "," as UTF-8 (SPEC §13.10; LP-encoded where it is hashed). */
export function profilesBytes(profiles: readonly string[]): Uint8Array {
  // SPEC §13.10 (SF8): the offered names joined by ","
  return utf8Field("profiles", checkProfiles(profiles).join(","));
}

/**
 * `profile` as hashed: the chosen name as UTF-8 (SPEC §13.10).
 * @throws ShieldCallError E2EE_BAD_PROFILE when it is not a name of the closed list
 */
export function profileBytes(profile: string): Uint8Array {
  return utf8Field("profile", checkProfileName(profile));
}

function checkProfileName(profile: unknown): MediaProfileName {
  // SPEC §13.10 (SF8): an unknown name can never have been offered
  if (!isProfileName(profile)) {
    throw new ShieldCallError("E2EE_BAD_PROFILE", `Unknown media profile "${String(profile).slice(0, 40)}"`);
  }
  return profile;
}

/** Checks a list of implemented profiles (an argument, not wire input). @throws TypeError, RangeError */
function checkImplemented(implemented: readonly string[]): readonly MediaProfileName[] {
  if (!Array.isArray(implemented)) throw new TypeError("Implemented profiles must be an array");
  const bad = implemented.find((p) => !isProfileName(p));
  if (implemented.length === 0 || bad !== undefined) {
    throw new RangeError(`Implemented profiles must be names of "dtls-srtp", "sframe": got "${String(bad ?? "")}"`);
  }
  return implemented as readonly MediaProfileName[];
}

/**
 * The one profile an offer can be completed as, given its first entry: the caller commits with zero `fpA` exactly
 * when `sframe` is first, so an sframe-first offer completes only as `sframe` and any other only as a non-SFrame
 * profile (SPEC §13.10).
 */
function completes(offered: readonly MediaProfileName[], chosen: MediaProfileName): boolean {
  return (chosen === "sframe") === (offered[0] === "sframe");
}

/**
 * The callee's choice (SPEC §13.10): the first offered profile it implements. `offered` undefined is an absent
 * `profiles`, i.e. `["dtls-srtp"]`.
 * @example chooseProfile(["sframe", "dtls-srtp"], ["dtls-srtp", "sframe"]) // "sframe"
 * @throws ShieldCallError E2EE_BAD_PROFILE when it implements none, or when its choice cannot complete the offer (an
 *   sframe-first offer chosen as dtls-srtp); E2EE_BAD_INPUT for a malformed offer
 */
export function chooseProfile(
  offered: readonly string[] | undefined,
  implemented: readonly string[],
): MediaProfileName {
  const list = offered === undefined ? [DEFAULT_PROFILE] : checkProfiles(offered);
  const mine = checkImplemented(implemented);
  // SPEC §13.10 (SF8): the first offered profile this endpoint implements
  const chosen = list.find((p) => mine.includes(p));
  // SPEC §13.10 (SF8): none implemented, or an sframe-first offer that would complete as dtls-srtp: end the call
  if (chosen === undefined || !completes(list, chosen)) {
    throw new ShieldCallError(
      "E2EE_BAD_PROFILE",
      chosen === undefined
        ? `No offered media profile is implemented here: offered "${list.join(",")}"`
        : `The offer "${list.join(",")}" cannot complete as "${chosen}", the first offered profile implemented here`,
    );
  }
  return chosen;
}

/**
 * The caller's check of `accepted.e2ee.profile` (SPEC §13.10): the chosen profile (absent = dtls-srtp) must be one it
 * offered (absent = `["dtls-srtp"]`) and one that completes its offer (sframe exactly when sframe was first).
 * @throws ShieldCallError E2EE_BAD_PROFILE otherwise, before the reveal
 */
export function checkChosenProfile(
  offered: readonly string[] | undefined,
  profile: string | undefined,
): MediaProfileName {
  const list = offered === undefined ? [DEFAULT_PROFILE] : checkProfiles(offered);
  const chosen = checkProfileName(profile ?? DEFAULT_PROFILE);
  // SPEC §13.10 (SF8): a profile that was not offered, or cannot complete the offer, ends the call before `reveal`
  if (!list.includes(chosen) || !completes(list, chosen)) {
    throw new ShieldCallError(
      "E2EE_BAD_PROFILE",
      `The chosen media profile "${chosen}" was not offered or cannot complete the offer "${list.join(",")}"`,
    );
  }
  return chosen;
}

/** 32 zero bytes: `fpA` and `fpB` in the SFrame profile (SPEC §13.10). A fresh array on every call. */
export function zeroFingerprint(): Uint8Array {
  return new Uint8Array(FINGERPRINT_LENGTH);
}

/**
 * The `fpA` a caller commits to (SPEC §13.10): zero exactly when `sframe` is its first offered profile, else its
 * offer's fingerprint (§5.2). The callee recomputes the commitment with the same rule on the profiles it received.
 */
export function committedFingerprint(
  profiles: readonly string[] | undefined,
  fp: FingerprintInput | undefined,
): Uint8Array {
  // SPEC §13.10 (SF8): the caller commits with zero fpA exactly when sframe is its FIRST offered profile
  if (profiles !== undefined && checkProfiles(profiles)[0] === "sframe") return zeroFingerprint();
  return toFingerprintBytes(fp as FingerprintInput);
}

/**
 * A fingerprint as the transcript binds it (SPEC §13.10): zero when the chosen profile is `sframe` (then `fp` may be
 * undefined), else `fp`.
 */
export function boundFingerprint(profile: string | undefined, fp: FingerprintInput | undefined): Uint8Array {
  // SPEC §13.10 (SF8): in the sframe profile fpA and fpB are 32 zero bytes in the transcript
  if (profile !== undefined && checkProfileName(profile) === "sframe") return zeroFingerprint();
  return toFingerprintBytes(fp as FingerprintInput);
}
