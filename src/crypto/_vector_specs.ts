/**
 * The handshake test vectors' scenarios (SPEC §5): names, kinds, ids and seeds; vectors.ts computes each one.
 * Every id is one SPEC §6 accepts on the wire (22-char invite call ids, user ids of at most 128 chars).
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import type { VectorInputs, VectorKind } from "./_vector_build.ts";
import { LOW_ORDER_PUBLIC_KEYS } from "./keys.ts";

const SEED_LABELS: Record<string, string> = {
  callerPrivateKey: "A",
  calleePrivateKey: "B",
  fpA: "fpA",
  fpB: "fpB",
  m1PrivateKey: "M1",
  fpM1: "fpM1",
  m2PrivateKey: "M2",
  fpM2: "fpM2",
};

/** Hex of SHA-256("ShieldCall vector <seed> <label>"): how every vector key and fingerprint is made. */
export function seededValue(seed: string, label: string): string {
  return bytesToHex(sha256(new TextEncoder().encode(`ShieldCall vector ${seed} ${label}`)));
}

export interface Spec {
  name: string;
  kind: VectorKind;
  description: string;
  ids: [callId: string, callerId: string, calleeId: string];
  seed?: string;
  seeded: string[];
  extra?: Partial<VectorInputs>;
}

export function inputsOf(s: Spec, seed = s.seed ?? s.name): VectorInputs {
  const inp: Record<string, unknown> = {
    seed,
    callId: s.ids[0],
    callerId: s.ids[1],
    calleeId: s.ids[2],
    versions: [3],
    version: 3,
  };
  for (const field of s.seeded) inp[field] = seededValue(seed, SEED_LABELS[field]!);
  return { ...inp, ...s.extra } as unknown as VectorInputs;
}

export const ALICE = "alice@example.com", BOB = "bob@example.com";
/** A call id as an invite must carry it (SPEC §6: exactly 22 chars of [A-Za-z0-9_-]). */
export const cid = (tag: string) => `v3-call-${tag}`.padEnd(22, "-");
export const BOTH = ["callerPrivateKey", "calleePrivateKey", "fpA", "fpB"];
const LOW_ORDER_NAMES = ["u0", "u1", "order8a", "order8b", "p-1", "p", "p+1"];

export function specs(): Spec[] {
  const out: Spec[] = [
    {
      name: "honest-basic",
      kind: "honest",
      ids: [cid("0001"), ALICE, BOB],
      seeded: BOTH,
      description: "Honest call: both sides see the same values and derive the same number",
    },
    {
      name: "honest-second-call",
      kind: "honest",
      ids: [cid("0002"), ALICE, BOB],
      seeded: BOTH,
      description: "Same users, next call, fresh keys and certificates: a different number (V3)",
    },
    {
      name: "honest-longest-ids",
      kind: "honest",
      ids: [cid("0003"), `${"a".repeat(116)}@example.com`, `${"b".repeat(116)}@example.com`],
      seeded: BOTH,
      description: "User ids of 128 chars, the longest SPEC §6 allows, hashed as their UTF-8 bytes (SPEC §5.1)",
    },
    {
      name: "honest-boundary-1",
      kind: "honest",
      ids: [cid("0005"), "ab", "c"],
      seed: "boundary",
      seeded: BOTH,
      description: 'callerId "ab", calleeId "c"; same keys as honest-boundary-2, whose number must differ (SPEC §5.1)',
    },
    {
      name: "honest-boundary-2",
      kind: "honest",
      ids: [cid("0005"), "a", "bc"],
      seed: "boundary",
      seeded: BOTH,
      description: 'callerId "a", calleeId "bc"; same keys as honest-boundary-1, whose number must differ (SPEC §5.1)',
    },
    {
      name: "honest-two-versions-offered",
      kind: "honest",
      ids: [cid("0006"), ALICE, BOB],
      seeded: BOTH,
      extra: { versions: [3, 4], version: 3 },
      description: "The caller offers [3, 4], the callee chooses 3: both lists enter the commitment and the " +
        "transcript (SPEC §5.2, §5.4)",
    },
    {
      name: "mitm-full",
      kind: "mitm",
      ids: [cid("0101"), ALICE, BOB],
      seeded: [...BOTH, "m1PrivateKey", "fpM1", "m2PrivateKey", "fpM2"],
      description: "Active MITM swaps keys and fingerprints both ways: the two numbers differ (V2)",
    },
  ];
  out.push({
    name: "mitm-keys-only",
    kind: "mitm",
    ids: [cid("0102"), ALICE, BOB],
    seeded: [...BOTH, "m1PrivateKey", "m2PrivateKey"],
    extra: { fpM1: seededValue("mitm-keys-only", "fpA"), fpM2: seededValue("mitm-keys-only", "fpB") },
    description: "MITM swaps only the X25519 keys and forwards the real fingerprints: the numbers still differ",
  });
  out.push({
    name: "mitm-fingerprints-only",
    kind: "mitm",
    ids: [cid("0103"), ALICE, BOB],
    seeded: [...BOTH, "fpM1", "fpM2"],
    extra: {
      m1PrivateKey: seededValue("mitm-fingerprints-only", "A"),
      m2PrivateKey: seededValue("mitm-fingerprints-only", "B"),
    },
    description:
      "MITM forwards the real X25519 keys and substitutes only the DTLS fingerprints (toward the callee it " +
      "commits over the real pkA, as it could if that key leaked): the numbers still differ (SPEC §5.4, §5.7)",
  });
  out.push({
    name: "bad-version-not-offered",
    kind: "bad-version",
    ids: [cid("0501"), ALICE, BOB],
    seeded: BOTH,
    extra: { seenVersion: 2 },
    description: "The accept the caller receives names version 2, which it never offered: it stops with " +
      "E2EE_BAD_VERSION before the reveal (SPEC §5.2)",
  });
  LOW_ORDER_PUBLIC_KEYS.forEach((key, i) => {
    const what = `${LOW_ORDER_NAMES[i % 7]}${i >= 7 ? "-bit255" : ""}`;
    out.push({
      name: `low-order-pkB-${what}`,
      kind: "low-order",
      ids: [cid("0201"), ALICE, BOB],
      seeded: ["callerPrivateKey", "fpA", "fpB"],
      extra: { lowOrderKey: bytesToHex(key), lowOrderAs: "pkB" },
      description: `The accept carries the low-order key ${what}${i >= 7 ? " (bit 255 set)" : ""}: ` +
        "the caller must reject the all-zero shared secret (SPEC §5.3)",
    });
  });
  for (const i of [0, 3, 11]) {
    const what = `${LOW_ORDER_NAMES[i % 7]}${i >= 7 ? "-bit255" : ""}`;
    out.push({
      name: `low-order-pkA-${what}`,
      kind: "low-order",
      ids: [cid("0202"), ALICE, BOB],
      seeded: ["calleePrivateKey", "fpA", "fpB"],
      extra: { lowOrderKey: bytesToHex(LOW_ORDER_PUBLIC_KEYS[i]!), lowOrderAs: "pkA" },
      description: `The caller commits to and reveals the low-order key ${what}: the commitment holds, ` +
        "the callee must reject the all-zero shared secret (SPEC §5.3)",
    });
  }
  out.push(
    {
      name: "commitment-mismatch-swapped-key",
      kind: "commitment-mismatch",
      ids: [cid("0301"), ALICE, BOB],
      seeded: [...BOTH, "m1PrivateKey"],
      description: "The reveal carries a key other than the committed one (CVE-2016-6271 class, V4)",
    },
    {
      name: "commitment-mismatch-swapped-fingerprint",
      kind: "commitment-mismatch",
      ids: [cid("0302"), ALICE, BOB],
      seeded: [...BOTH, "fpM1"],
      description: "The caller SDP the callee applied carries a fingerprint other than the committed one (V4)",
    },
    {
      name: "commitment-mismatch-swapped-both",
      kind: "commitment-mismatch",
      ids: [cid("0303"), ALICE, BOB],
      seeded: [...BOTH, "m1PrivateKey", "fpM1"],
      description: "A MITM replays the caller's commitment but reveals its own key and fingerprint (V4)",
    },
    {
      name: "commitment-mismatch-other-call",
      kind: "commitment-mismatch",
      ids: [cid("0304"), ALICE, BOB],
      seeded: BOTH,
      extra: { commitCallId: cid("0300") },
      description: "The commitment was made for another call and replayed into this one (SPEC §5.2)",
    },
    {
      name: "commitment-mismatch-versions-rewritten",
      kind: "commitment-mismatch",
      ids: [cid("0306"), ALICE, BOB],
      seeded: BOTH,
      extra: { versions: [3], version: 3, seenVersions: [2, 3] },
      description: "A service rewrote the offered versions [3] to [2, 3] in `incoming`: the callee's commitment " +
        "check fails (SPEC §5.2)",
    },
    {
      name: "commitment-mismatch-low-order-key",
      kind: "commitment-mismatch",
      ids: [cid("0305"), ALICE, BOB],
      seeded: BOTH,
      extra: { lowOrderKey: bytesToHex(LOW_ORDER_PUBLIC_KEYS[0]!) },
      description: "The reveal carries a low-order key (u = 0) that is not the committed one: the commitment check " +
        "comes first, so the error is E2EE_COMMITMENT_MISMATCH, not E2EE_LOW_ORDER_KEY (SPEC §5.2)",
    },
  );
  return out;
}

/** The media-profile vectors (SPEC §13.10), after every protocol-3 vector of the file. */
export function profileSpecs(): Spec[] {
  const spec = (name: string, kind: VectorKind, tag: string, extra: Partial<VectorInputs>, description: string) => ({
    name,
    kind,
    ids: [cid(tag), ALICE, BOB] as Spec["ids"],
    // a callee that cannot choose never uses its key: the vector has none
    seeded: extra.calleeImplements === undefined ? BOTH : BOTH.filter((f) => f !== "calleePrivateKey"),
    extra,
    description,
  });
  return [
    spec(
      "honest-sframe-profile",
      "honest",
      "0601",
      { profiles: ["sframe", "dtls-srtp"], profile: "sframe" },
      'The caller offers ["sframe", "dtls-srtp"], the callee chooses sframe: fpA and fpB are zero in the commitment ' +
        "and the transcript, the profiles are bound at their end, and callerSframeKey/calleeSframeKey are the " +
        "SFrame base keys (SPEC §13.3, §13.10)",
    ),
    spec(
      "honest-sframe-only-offered",
      "honest",
      "0602",
      { profiles: ["sframe"], profile: "sframe" },
      'The caller offers only ["sframe"], the callee chooses it: zero fingerprints, profiles bound (SPEC §13.10)',
    ),
    spec(
      "honest-dtls-srtp-profile-bound",
      "honest",
      "0603",
      { profiles: ["dtls-srtp", "sframe"], profile: "dtls-srtp" },
      'The caller offers ["dtls-srtp", "sframe"], the callee chooses dtls-srtp: the real fingerprints and the ' +
        "profiles are bound (SPEC §13.10)",
    ),
    spec(
      "honest-dtls-srtp-profile-omitted",
      "honest",
      "0604",
      { profiles: ["dtls-srtp", "sframe"] },
      'The accept omits `profile`: both sides hash "dtls-srtp" as the chosen profile (SPEC §13.10)',
    ),
    spec(
      "commitment-mismatch-profiles-dropped",
      "commitment-mismatch",
      "0701",
      { profiles: ["dtls-srtp", "sframe"], profile: "dtls-srtp", seenProfiles: null },
      "A service dropped `profiles` from `incoming`: the callee's commitment check fails (SPEC §13.10)",
    ),
    spec(
      "commitment-mismatch-profiles-reordered",
      "commitment-mismatch",
      "0702",
      { profiles: ["dtls-srtp", "sframe"], profile: "dtls-srtp", seenProfiles: ["sframe", "dtls-srtp"] },
      'A service reordered `profiles` to ["sframe", "dtls-srtp"] in `incoming`: the callee chooses sframe, hashes ' +
        "a zero fpA, and its commitment check fails (SPEC §13.10)",
    ),
    spec(
      "commitment-mismatch-sframe-offer-dropped",
      "commitment-mismatch",
      "0703",
      { profiles: ["sframe", "dtls-srtp"], profile: "sframe", seenProfiles: null },
      "A service dropped an sframe-first `profiles`: the callee binds the real fpA of the offer, the caller had " +
        "committed the zero fpA and the profiles, so the check fails (SPEC §13.10)",
    ),
    spec(
      "bad-profile-rewritten-to-caller",
      "bad-profile",
      "0801",
      { profiles: ["sframe"], profile: "sframe", seenProfile: "dtls-srtp" },
      'A service rewrote the accept\'s profile "sframe" to "dtls-srtp", which the caller never offered: ' +
        "E2EE_BAD_PROFILE before the reveal (SPEC §13.10)",
    ),
    spec(
      "bad-profile-sframe-first-as-dtls-srtp",
      "bad-profile",
      "0802",
      { profiles: ["sframe", "dtls-srtp"], profile: "sframe", seenProfile: "dtls-srtp" },
      'The caller offered ["sframe", "dtls-srtp"] and sees "dtls-srtp" chosen: an sframe-first offer never ' +
        "completes as dtls-srtp (it committed no certificate), E2EE_BAD_PROFILE before the reveal (SPEC §13.10)",
    ),
    spec(
      "bad-profile-added-toward-caller",
      "bad-profile",
      "0803",
      { seenProfile: "sframe" },
      'The caller offered no profiles (dtls-srtp) and sees "sframe" chosen: E2EE_BAD_PROFILE (SPEC §13.10)',
    ),
    spec(
      "bad-profile-callee-dtls-srtp-only",
      "bad-profile",
      "0804",
      { profiles: ["sframe", "dtls-srtp"], calleeImplements: ["dtls-srtp"] },
      'A callee implementing only dtls-srtp is offered ["sframe", "dtls-srtp"]: it cannot complete an sframe-first ' +
        "offer, so it ends the call with E2EE_BAD_PROFILE and sends no accept (SPEC §13.10)",
    ),
    spec(
      "bad-profile-callee-none-implemented",
      "bad-profile",
      "0805",
      { profiles: ["sframe"], calleeImplements: ["dtls-srtp"] },
      'A callee implementing only dtls-srtp is offered ["sframe"]: no offered profile is implemented, ' +
        "E2EE_BAD_PROFILE (SPEC §13.10)",
    ),
  ];
}
