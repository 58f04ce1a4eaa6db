/**
 * Protocol versions in the handshake (SPEC §5.1, §5.2): the caller's offered list and the callee's choice, both
 * bound into the commitment and the transcript.
 */
import { ShieldCallError } from "../errors.ts";

/** The signaling and handshake protocol version this release speaks (SPEC §5). */
export const PROTOCOL_VERSION = 3;
/** Every version this release speaks, ascending (SPEC §5.1: endpoints of this release speak only 3). */
export const SUPPORTED_VERSIONS: readonly number[] = Object.freeze([PROTOCOL_VERSION]);

/**
 * Checks an offered list: 1–8 distinct integers 1–255, strictly ascending (SPEC §5.1).
 * @throws ShieldCallError E2EE_BAD_INPUT otherwise
 */
export function checkVersions(versions: readonly number[]): readonly number[] {
  const ok = Array.isArray(versions) && versions.length >= 1 && versions.length <= 8 &&
    versions.every((v, i) => Number.isInteger(v) && v >= 1 && v <= 255 && (i === 0 || v > (versions[i - 1] as number)));
  // SPEC §5.1: `versions` is an ascending array of 1..8 distinct integers 1..255
  if (!ok) {
    throw new ShieldCallError("E2EE_BAD_INPUT", `Offered versions must be 1-8 ascending integers 1-255`, {
      versions: String(versions),
    });
  }
  return versions;
}

/** `versions` as bytes, one byte per version in order (SPEC §5.1; LP-encoded where it is hashed). */
export function versionsBytes(versions: readonly number[]): Uint8Array {
  return Uint8Array.from(checkVersions(versions));
}

/** `version` as one byte (SPEC §5.1). @throws ShieldCallError E2EE_BAD_VERSION when not 1–255 */
export function versionByte(version: number): Uint8Array {
  if (!Number.isInteger(version) || version < 1 || version > 255) {
    throw new ShieldCallError("E2EE_BAD_VERSION", `Protocol version must be an integer 1-255`, {
      version: String(version),
    });
  }
  return Uint8Array.of(version);
}

/**
 * The callee's choice (SPEC §5.2): the highest offered version it speaks.
 * @throws ShieldCallError E2EE_BAD_VERSION when it speaks none of them; E2EE_BAD_INPUT for a malformed list
 */
export function chooseVersion(offered: readonly number[], speaks: readonly number[] = SUPPORTED_VERSIONS): number {
  checkVersions(offered);
  const common = offered.filter((v) => speaks.includes(v));
  if (common.length === 0) {
    throw new ShieldCallError("E2EE_BAD_VERSION", `No offered version is spoken here`, { offered: String(offered) });
  }
  return common[common.length - 1]!;
}

/**
 * The caller's check of the accept (SPEC §5.2): the chosen version must be one it offered.
 * @throws ShieldCallError E2EE_BAD_VERSION otherwise
 */
export function checkChosenVersion(offered: readonly number[], version: number): number {
  // SPEC §5.2: a version that was not offered ends the call
  if (!offered.includes(version)) {
    throw new ShieldCallError("E2EE_BAD_VERSION", `The chosen protocol version ${version} was not offered`, {
      offered: String(offered),
      version: String(version),
    });
  }
  return version;
}
