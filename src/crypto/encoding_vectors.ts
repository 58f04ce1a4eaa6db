/**
 * Input-rule vectors of the handshake (SPEC §5.1, §5.3, §5.6, §5.7): base64url decoding, which X25519 keys are
 * accepted, wrong-length inputs, number parsing and SDP fingerprint lines. A deterministic generator and a verifier
 * with a pluggable implementation. File: fixtures/vectors/encoding.json (format in fixtures/vectors/README.md).
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { isShieldCallError } from "../errors.ts";
import { base64urlDecode, base64urlEncode } from "./_bytes.ts";
import { checkCommitment, commitment } from "./commitment.ts";
import { fingerprintFromSdp } from "./fingerprint.ts";
import { LOW_ORDER_PUBLIC_KEYS, publicKeyFromPrivate, sharedSecret } from "./keys.ts";
import { parseNumber } from "./number.ts";
import { encodeTranscript } from "./transcript.ts";

import type * as V from "./_encoding_vector_types.ts";

const P = 2n ** 255n - 19n;
const ORDER8 = [
  325606250916557431795983626356110631294008115727848805560023387167927233504n,
  39382357235489614581723060781553021112529911719440698176882885853963445705823n,
];

function seeded(label: string): Uint8Array {
  return sha256(new TextEncoder().encode(`ShieldCall vector encoding ${label}`));
}

function le(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
}

function fromLe(b: Uint8Array): bigint {
  let n = 0n;
  for (let i = 31; i >= 0; i--) n = (n << 8n) | BigInt(b[i]!);
  return n;
}

function codeOf(e: unknown): string {
  if (isShieldCallError(e)) return e.code;
  if (typeof e === "object" && e !== null && typeof (e as { code?: unknown }).code === "string") {
    return (e as { code: string }).code;
  }
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** `c` after `set()` filled in its result, or with `error` set to the code of what `set()` threw. */
function settle<T extends { error?: string }>(c: T, set: () => unknown): T {
  try {
    set();
  } catch (e) {
    c.error = codeOf(e);
  }
  return c;
}

/** The reference implementation's length steps (valid values everywhere except the named field). */
function referenceLengthStep(step: V.LengthStep, field: string, length: number): void {
  const bad = new Uint8Array(length).fill(7);
  const sk = seeded("A"), pk = publicKeyFromPrivate(seeded("B")), fp = seeded("fp"), commit = seeded("commit");
  const pick = (name: string, ok: Uint8Array) => (name === field ? bad : ok);
  switch (step) {
    case "sharedSecret":
      sharedSecret(pick("privateKey", sk), pick("publicKey", pk));
      return;
    case "commitment":
      commitment("call-1", [3], pick("pkA", pk), pick("fpA", fp));
      return;
    case "checkCommitment":
      checkCommitment(pick("commit", commit), "call-1", [3], pick("pkA", pk), pick("fpA", fp));
      return;
    case "transcript":
      encodeTranscript({
        callId: "call-1",
        callerId: "a",
        calleeId: "b",
        versions: [3],
        version: 3,
        commit: pick("commit", commit),
        pkA: pick("pkA", pk),
        fpA: pick("fpA", fp),
        pkB: pick("pkB", pk),
        fpB: pick("fpB", fp),
      });
  }
}

/** This package's implementation of the input rules. */
export const referenceEncodingImpl: V.EncodingImpl = {
  base64urlDecode,
  sharedSecret,
  lengthStep: referenceLengthStep,
  parseNumber,
  fingerprintFromSdp,
};

function base64Cases(): V.Base64Case[] {
  const key = publicKeyFromPrivate(seeded("A"));
  const k = base64urlEncode(key);
  const ok = (name: string, input: string): V.Base64Case => ({ name, input, valid: true });
  const bad = (name: string, input: string): V.Base64Case => ({ name, input, valid: false });
  const lastPos = "AEIMQUYcgkosw048".indexOf(k[42]!);
  const otherLast = "AEIMQUYcgkosw048"[(lastPos + 1) % 16]!;
  const nonCanonicalLast = "BCDFGHJKLNOPRSTVWXZabdefhijlmnpqrtuvxyz12356789-_"[lastPos]!;
  return [
    ok("key-43-chars", k),
    ok("all-zero-key", "A".repeat(43)),
    ok("empty", ""),
    ok("one-byte", "_w"),
    ok("two-bytes", "-_8"),
    ok("three-bytes", "____"),
    ok("other-key", k.slice(0, 42) + otherLast),
    bad("padding-equals", `${k}=`),
    bad("standard-alphabet-plus", `+${k.slice(1)}`),
    bad("standard-alphabet-slash", `/${k.slice(1)}`),
    bad("non-zero-trailing-bits", k.slice(0, 42) + nonCanonicalLast),
    bad("length-1-mod-4", "AAAAA"),
    bad("inner-space", `${k.slice(0, 20)} ${k.slice(21)}`),
    bad("trailing-newline", `${k}\n`),
    bad("non-ascii-letter", `é${k.slice(1)}`),
    bad("one-char", "A"),
    bad("two-bytes-dirty-bits", "-_9"),
  ].map((c) => (c.valid ? { ...c, bytes: bytesToHex(base64urlDecode(c.input)) } : c));
}

function keyCases(): V.KeyCase[] {
  const sk = seeded("A"), pkB = publicKeyFromPrivate(seeded("B"));
  const bit255 = pkB.slice();
  bit255[31]! |= 0x80;
  const out: Array<{ name: string; key: Uint8Array }> = [
    { name: "canonical", key: pkB },
    { name: "bit-255-set", key: bit255 },
    { name: "non-canonical-p+2", key: le(P + 2n) },
    { name: "non-canonical-p+9", key: le(P + 9n) },
    { name: "non-canonical-max", key: le(2n ** 255n - 1n) },
    { name: "all-ones", key: new Uint8Array(32).fill(0xff) },
    // SPEC §5.3: the five cr.yp.to values ≥ 2^255 are ordinary keys once bit 255 is masked
    { name: "cr.yp.to-p+order8a", key: le(P + ORDER8[0]!) },
    { name: "cr.yp.to-p+order8b", key: le(P + ORDER8[1]!) },
    { name: "cr.yp.to-2p-1", key: le(2n * P - 1n) },
    { name: "cr.yp.to-2p", key: le(2n * P) },
    { name: "cr.yp.to-2p+1", key: le(2n * P + 1n) },
  ];
  const names = ["u0", "u1", "order8a", "order8b", "p-1", "p", "p+1"];
  LOW_ORDER_PUBLIC_KEYS.forEach((key, i) =>
    out.push({ name: `low-order-${names[i % 7]}${i >= 7 ? "-bit255" : ""}`, key })
  );
  return out.map(({ name, key }) => {
    const c: V.KeyCase = { name, privateKey: bytesToHex(sk), publicKey: bytesToHex(key) };
    return settle(c, () => (c.sharedSecret = bytesToHex(sharedSecret(sk, key))));
  });
}

function lengthCases(): V.LengthCase[] {
  const rows: Array<[V.LengthStep, string, number, string]> = [
    ["sharedSecret", "publicKey", 31, "E2EE_BAD_KEY"],
    ["sharedSecret", "publicKey", 33, "E2EE_BAD_KEY"],
    ["sharedSecret", "publicKey", 0, "E2EE_BAD_KEY"],
    ["sharedSecret", "privateKey", 31, "E2EE_BAD_KEY"],
    ["commitment", "pkA", 31, "E2EE_BAD_KEY"],
    ["commitment", "fpA", 20, "E2EE_BAD_FINGERPRINT"],
    ["checkCommitment", "commit", 31, "E2EE_BAD_INPUT"],
    ["checkCommitment", "commit", 33, "E2EE_BAD_INPUT"],
    ["checkCommitment", "pkA", 33, "E2EE_BAD_KEY"],
    ["transcript", "commit", 0, "E2EE_BAD_INPUT"],
    ["transcript", "pkB", 64, "E2EE_BAD_KEY"],
    ["transcript", "fpB", 48, "E2EE_BAD_FINGERPRINT"],
  ];
  return rows.map(([step, field, length, error]) => ({
    name: `${step}-${field}-${length}`,
    step,
    field,
    length,
    error,
  }));
}

function numberCases(): V.NumberCase[] {
  const d = "04817229305512009384";
  const rows: Array<[string, string]> = [
    ["plain", d],
    ["display-form", "04817 22930 55120 09384"],
    ["hyphens", "04817-22930-55120-09384"],
    ["leading-trailing-spaces", `  ${d} `],
    ["mixed-separators", "0-4 8 1--7 22930 5512009384"],
    ["all-zero", "0".repeat(20)],
    ["19-digits", d.slice(1)],
    ["21-digits", `${d}1`],
    ["empty", ""],
    ["only-separators", " - - "],
    ["tab", "04817\t22930 55120 09384"],
    ["no-break-space", "04817\u00a022930 55120 09384"],
    ["en-dash", "04817\u201322930 55120 09384"],
    ["minus-sign", "04817\u221222930 55120 09384"],
    ["full-width-digit", `\uff10${d.slice(1)}`],
    ["arabic-indic-digit", `\u0660${d.slice(1)}`],
    ["plus-sign", `+${d}`],
    ["dot", "04817.22930.55120.09384"],
    ["newline", `${d}\n`],
    ["letter", `${d.slice(0, 19)}a`],
  ];
  return rows.map(([name, input]) => {
    const c: V.NumberCase = { name, input };
    return settle(c, () => (c.number = parseNumber(input)));
  });
}

function fingerprintCases(): V.FingerprintCase[] {
  const fp = bytesToHex(seeded("fp")).toUpperCase().match(/../g)!.join(":");
  const other = bytesToHex(seeded("fp2")).toUpperCase().match(/../g)!.join(":");
  const head = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
  const m = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n";
  const line = (v: string) => `a=fingerprint:sha-256 ${v}\r\n`;
  const rows: Array<[string, string]> = [
    ["session-level", head + line(fp) + m],
    ["media-level", head + m + line(fp)],
    ["both-levels-equal", head + line(fp) + m + line(fp)],
    ["one-per-media-section", head + m + line(fp) + m.replace("audio", "video") + line(fp)],
    ["lower-case-hex", head + m + line(fp.toLowerCase())],
    ["upper-case-algorithm", head + m + `a=fingerprint:SHA-256 ${fp}\r\n`],
    ["attribute-name-any-case", head + m + `a=Fingerprint:sha-256 ${fp}\r\n`],
    ["bare-lf-line-endings", (head + m + line(fp)).replaceAll("\r\n", "\n")],
    ["tabs-and-runs", head + m + `a=fingerprint:\tsha-256 \t ${fp} \t\r\n`],
    ["no-final-line-ending", head + m + `a=fingerprint:sha-256 ${fp}`],
    ["upper-case-type-letter-ignored", head + m + `A=fingerprint:sha-256 ${other}\r\n` + line(fp)],
    ["no-fingerprint", head + m],
    ["only-upper-case-type-letter", head + m + `A=fingerprint:sha-256 ${fp}\r\n`],
    ["lines-disagree", head + line(fp) + m + line(other)],
    ["sha-1-next-to-sha-256", head + m + line(fp) + "a=fingerprint:sha-1 " + fp.slice(0, 59) + "\r\n"],
    ["sha-512-only", head + m + "a=fingerprint:sha-512 " + `${fp}:${fp}` + "\r\n"],
    ["31-pairs", head + m + line(fp.slice(3))],
    ["33-pairs", head + m + line(`${fp}:AB`)],
    ["no-colons", head + m + line(fp.replaceAll(":", ""))],
    ["non-hex", head + m + line(`ZZ${fp.slice(2)}`)],
    ["three-tokens", head + m + `a=fingerprint:sha-256 ${fp} extra\r\n`],
    ["one-token", head + m + "a=fingerprint:sha-256\r\n"],
    ["no-break-space-separator", head + m + `a=fingerprint:sha-256\u00a0${fp}\r\n`],
    ["stray-cr-inside-line", head + m + `a=fingerprint:sha-256 ${fp.slice(0, 47)}\r${fp.slice(47)}\r\n`],
    ["cr-only-line-endings", (head + m + line(fp)).replaceAll("\r\n", "\r")],
  ];
  return rows.map(([name, sdp]) => {
    const c: V.FingerprintCase = { name, sdp };
    return settle(c, () => (c.fingerprint = fingerprintFromSdp(sdp)));
  });
}

/** Throws unless the generated cases say what SPEC §5 says (a generator self-check). */
function selfCheck(f: V.EncodingVectorFile): void {
  const key = (n: string) => f.keys.find((k) => k.name === n)!;
  if (key("bit-255-set").sharedSecret !== key("canonical").sharedSecret) throw new Error("bit 255 is not masked");
  const nine = bytesToHex(publicKeyFromPrivate(seeded("A")));
  if (key("non-canonical-p+9").sharedSecret !== nine) throw new Error("p+9 is not reduced to the base point");
  for (const k of f.keys) {
    const low = k.name.startsWith("low-order-");
    if (low !== (k.error === "E2EE_LOW_ORDER_KEY") || (!low && k.error !== undefined)) {
      throw new Error(`key case ${k.name}`);
    }
  }
  for (const k of f.keys.filter((x) => x.name.startsWith("cr.yp.to-"))) {
    if (fromLe(hexToBytes(k.publicKey)) < 2n ** 255n) throw new Error(`${k.name} is below 2^255`);
  }
  if (f.numbers.filter((n) => n.number !== undefined).length !== 6) throw new Error("number cases changed");
  if (f.fingerprints.filter((c) => c.fingerprint !== undefined).length !== 11) {
    throw new Error("fingerprint cases changed");
  }
}

let cache: V.EncodingVectorFile | undefined;

/** The encoding vector file, computed deterministically with the reference implementation. */
export function generateEncodingVectors(): V.EncodingVectorFile {
  if (cache === undefined) {
    cache = {
      version: 1,
      description: "ShieldCall handshake input-rule vectors (SPEC §5.1, §5.3, §5.6, §5.7). Generated by " +
        "`shieldcall vectors generate`; see fixtures/vectors/README.md.",
      base64url: base64Cases(),
      keys: keyCases(),
      lengths: lengthCases(),
      numbers: numberCases(),
      fingerprints: fingerprintCases(),
    };
    selfCheck(cache);
  }
  return structuredClone(cache);
}

/** One case an implementation handled differently from the file. */
export interface EncodingMismatch {
  section: string;
  name: string;
  expected: string;
  actual: string;
}

function attempt(fn: () => string): string {
  try {
    return fn();
  } catch (e) {
    return `error ${codeOf(e)}`;
  }
}

/**
 * Runs every case of an encoding vector file with `impl` (default: this package) and lists each difference.
 * Empty means the file verifies. Base64url refusals are compared as "refused", whatever the error.
 */
export function verifyEncodingVectors(file: unknown, impl: V.EncodingImpl = referenceEncodingImpl): EncodingMismatch[] {
  const out: EncodingMismatch[] = [];
  const f = file as Partial<V.EncodingVectorFile> | null;
  const sections = ["base64url", "keys", "lengths", "numbers", "fingerprints"] as const;
  if (typeof f !== "object" || f === null || f.version !== 1) {
    return [{
      section: "(file)",
      name: "version",
      expected: "1",
      actual: String((f as { version?: unknown })?.version),
    }];
  }
  for (const s of sections) {
    if (!Array.isArray(f[s]) || f[s]!.length === 0) {
      out.push({ section: s, name: "(section)", expected: "a non-empty array", actual: typeof f[s] });
    }
  }
  if (out.length > 0) return out;
  const check = (section: string, name: string, expected: string, actual: string) => {
    if (expected !== actual) out.push({ section, name, expected, actual });
  };
  for (const c of f.base64url!) {
    const got = attempt(() => bytesToHex(impl.base64urlDecode(c.input)));
    check("base64url", c.name, c.valid ? c.bytes ?? "" : "refused", got.startsWith("error ") ? "refused" : got);
  }
  for (const c of f.keys!) {
    const got = attempt(() => bytesToHex(impl.sharedSecret(hexToBytes(c.privateKey), hexToBytes(c.publicKey))));
    check("keys", c.name, c.error !== undefined ? `error ${c.error}` : c.sharedSecret ?? "", got);
  }
  for (const c of f.lengths!) {
    const got = attempt(() => (impl.lengthStep(c.step, c.field, c.length), "accepted"));
    check("lengths", c.name, `error ${c.error}`, got);
  }
  for (const c of f.numbers!) {
    check(
      "numbers",
      c.name,
      c.error !== undefined ? `error ${c.error}` : c.number ?? "",
      attempt(() => impl.parseNumber(c.input)),
    );
  }
  for (const c of f.fingerprints!) {
    const want = c.error !== undefined ? `error ${c.error}` : c.fingerprint ?? "";
    check("fingerprints", c.name, want, attempt(() => impl.fingerprintFromSdp(c.sdp)));
  }
  return out;
}
