/**
 * Test vectors of key confirmation (SPEC §5.9), as committed in fixtures/vectors/confirm.json. They form one chain
 * with the handshake vectors: each vector names a handshake vector and copies its transcript hash, kA, kB, tagA and
 * tagB; its checks give the tags a verifier receives, in order, and the outcome each must have — the peer's tag, and
 * negatives beyond bit flips: a reflected tag, the wrong role label, the wrong version, another call's tag, a
 * duplicate, a short tag.
 */
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { concat, lp } from "./_bytes.ts";
import { CONFIRM_TAG_LABELS, CONFIRM_TAG_LENGTH, PeerConfirmCheck } from "./confirm.ts";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { CONFIRM_KEY_LABELS, keySchedule } from "./schedule.ts";
import { encodeTranscript, transcriptHash } from "./transcript.ts";
import { generateVectors, type Vector } from "./vectors.ts";
import { isShieldCallError } from "../errors.ts";

/** One check: the tags a verifier of role `verifier` receives in this call, in order, and each one's outcome. */
export interface ConfirmCheck {
  name: string;
  description: string;
  verifier: "caller" | "callee";
  tags: string[];
  /** Per tag: "ok" (it verified) or the SPEC §9 code the verifier ends the call with. */
  results: string[];
}

/** One vector, derived from the handshake vector `handshake` (its caller side's values). */
export interface ConfirmVector {
  name: string;
  handshake: string;
  th: string;
  kA: string;
  kB: string;
  tagA: string;
  tagB: string;
  checks: ConfirmCheck[];
}

/** The vector file. */
export interface ConfirmVectorFile {
  version: 3;
  description: string;
  labels: { confirmKey: { caller: string; callee: string }; tag: { caller: string; callee: string } };
  vectors: ConfirmVector[];
}

const enc = new TextEncoder();
const FAIL = "E2EE_CONFIRM_FAILED";

/** An HMAC-SHA256 tag over LP(label) ‖ LP(th) under `key` with any label (to build wrong-label negatives). */
function tagWithLabel(key: Uint8Array, label: string, th: Uint8Array): Uint8Array {
  return hmac(sha256, key, concat(lp(enc.encode(label)), lp(th)));
}

function byName(vectors: Vector[], name: string): Vector {
  const v = vectors.find((x) => x.name === name);
  if (v === undefined) throw new Error(`No handshake vector "${name}"`);
  return v;
}

/** The callee's tag of the same call had the transcript named other versions (SPEC §5.4: the versions are bound). */
function otherVersionTag(h: Vector): string {
  const c = h.caller!;
  const t = encodeTranscript({
    callId: h.inputs.callId,
    callerId: h.inputs.callerId,
    calleeId: h.inputs.calleeId,
    versions: [2, 3],
    version: 2,
    commit: hexToBytes(c.commit),
    pkA: hexToBytes(c.pkA!),
    fpA: hexToBytes(c.fpA!),
    pkB: hexToBytes(c.pkB!),
    fpB: hexToBytes(c.fpB!),
  });
  const th = transcriptHash(t);
  const ks = keySchedule(hexToBytes(c.sharedSecret!), th);
  return bytesToHex(tagWithLabel(ks.confirmKeys.callee, CONFIRM_TAG_LABELS.callee, th));
}

function vectorFrom(h: Vector, other: Vector): ConfirmVector {
  const c = h.caller!;
  const th = hexToBytes(c.transcriptHash!);
  const kA = c.callerConfirmKey!, kB = c.calleeConfirmKey!, tagA = c.callerTag!, tagB = c.calleeTag!;
  const flipped = hexToBytes(tagB);
  flipped[CONFIRM_TAG_LENGTH - 1]! ^= 1;
  const check = (
    name: string,
    description: string,
    verifier: ConfirmCheck["verifier"],
    tags: string[],
    r: string[],
  ) => ({ name, description, verifier, tags, results: r });
  return {
    name: `confirm-${h.name}`,
    handshake: h.name,
    th: c.transcriptHash!,
    kA,
    kB,
    tagA,
    tagB,
    checks: [
      check("caller-verifies-tagB", "The caller receives the callee's tag", "caller", [tagB], ["ok"]),
      check("callee-verifies-tagA", "The callee receives the caller's tag", "callee", [tagA], ["ok"]),
      check("reflected-to-caller", "The caller receives its own tagA back", "caller", [tagA], [FAIL]),
      check("reflected-to-callee", "The callee receives its own tagB back", "callee", [tagB], [FAIL]),
      check(
        "wrong-role-label",
        'kB under the caller\'s label "ShieldCall v3 caller confirm"',
        "caller",
        [bytesToHex(tagWithLabel(hexToBytes(kB), CONFIRM_TAG_LABELS.caller, th))],
        [FAIL],
      ),
      check(
        "wrong-version-label",
        'kB under the label "ShieldCall v2 callee confirm"',
        "caller",
        [bytesToHex(tagWithLabel(hexToBytes(kB), "ShieldCall v2 callee confirm", th))],
        [FAIL],
      ),
      check(
        "wrong-version-transcript",
        "The callee's tag of this call had the transcript carried versions [2, 3] and version 2",
        "caller",
        [otherVersionTag(h)],
        [FAIL],
      ),
      check("other-call", `tagB of the handshake vector "${other.name}"`, "caller", [other.caller!.calleeTag!], [FAIL]),
      check("duplicate", "The callee's tag twice: the second copy fails", "caller", [tagB, tagB], ["ok", FAIL]),
      check("bit-flip", "tagB with its last bit flipped", "caller", [bytesToHex(flipped)], [FAIL]),
      check("short", "The first 31 bytes of tagB", "caller", [tagB.slice(0, 62)], [FAIL]),
    ],
  };
}

/** Builds the vectors from the handshake vectors. */
export function generateConfirmVectors(): ConfirmVectorFile {
  const hv = generateVectors().vectors;
  const pairs: Array<[string, string]> = [
    ["honest-basic", "honest-second-call"],
    ["honest-second-call", "honest-basic"],
    ["honest-two-versions-offered", "honest-basic"],
    ["leading-zero-1", "honest-basic"],
  ];
  return {
    version: 3,
    description: "ShieldCall key confirmation vectors, protocol 3 (SPEC §5.9), each derived from the handshake " +
      "vector it names in handshake.json. See fixtures/vectors/README.md.",
    labels: { confirmKey: { ...CONFIRM_KEY_LABELS }, tag: { ...CONFIRM_TAG_LABELS } },
    vectors: pairs.map(([a, b]) => vectorFrom(byName(hv, a), byName(hv, b))),
  };
}

/**
 * Runs every check of `file` through this package's PeerConfirmCheck (one per check, fresh) and lists what differs
 * from the file, as `"<vector> <check>: got <results>"`. Empty means every check has its stated outcome.
 */
export function runConfirmChecks(file: ConfirmVectorFile): string[] {
  const bad: string[] = [];
  for (const v of file.vectors) {
    const keys = { caller: hexToBytes(v.kA), callee: hexToBytes(v.kB) };
    for (const c of v.checks) {
      const check = new PeerConfirmCheck(c.verifier, keys, hexToBytes(v.th));
      const got = c.tags.map((t) => {
        try {
          check.check(hexToBytes(t));
          return "ok";
        } catch (e) {
          return isShieldCallError(e) ? e.code : String(e);
        }
      });
      if (got.join() !== c.results.join()) bad.push(`${v.name} ${c.name}: got ${got.join()}`);
    }
  }
  return bad;
}
