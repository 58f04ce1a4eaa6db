/**
 * The web client's E2EE handshake, protocol 3 (SPEC §5), written from SPEC.md with WebCrypto only (X25519,
 * HKDF-SHA256, SHA-256, HMAC-SHA256). Pure: no DOM, so the same module runs in the page and under Node/Deno in the
 * vector test. It imports nothing from src/crypto, src/peer or @noble/* (src/web/bundle_test.ts checks the bundle's
 * inputs).
 */

export { b64uDecode, b64uEncode, concat, HandshakeError, lp, utf8Of } from "./_bytes.ts";
import { b64uDecode, concat, HandshakeError, lp, utf8Of } from "./_bytes.ts";
import { checkChoice, choiceBytes, offerBytes } from "./profiles.ts";

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;
const utf8 = new TextEncoder();

/** SHA-256 (SPEC §5.1 `H`). */
export async function sha256(b: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest("SHA-256", b as BufferSource));
}

function need(code: string, name: string, b: Uint8Array, len: number): Uint8Array {
  if (!(b instanceof Uint8Array) || b.length !== len) {
    throw new HandshakeError(code, `Field "${name}" has the wrong length: ${b?.length} bytes, expected ${len}`);
  }
  return b;
}

/** SPEC §5.1: `versions` as one byte each (1..8 distinct ascending integers 1..255). @throws E2EE_BAD_INPUT */
export function versionBytes(versions: readonly number[]): Uint8Array {
  const ok = Array.isArray(versions) && versions.length >= 1 && versions.length <= 8 &&
    versions.every((v, i) => Number.isInteger(v) && v >= 1 && v <= 255 && (i === 0 || v > versions[i - 1]!));
  if (!ok) throw new HandshakeError("E2EE_BAD_INPUT", "Offered versions must be 1-8 ascending integers 1-255");
  return Uint8Array.from(versions);
}

/**
 * SPEC §5.2: commit = H(LP("ShieldCall v3 commit") ‖ LP(callId) ‖ LP(versions) ‖ LP(pkA) ‖ LP(fpA)), and SPEC
 * §13.10 (SF8): ‖ LP(profiles) at the end only when the caller offered `profiles`.
 */
export async function commitment(
  callId: string,
  versions: readonly number[],
  pkA: Uint8Array,
  fpA: Uint8Array,
  profiles?: readonly string[],
): Promise<Uint8Array> {
  need("E2EE_BAD_KEY", "pkA", pkA, 32);
  need("E2EE_BAD_FINGERPRINT", "fpA", fpA, 32);
  const label = lp(utf8.encode("ShieldCall v3 commit"));
  // SPEC §13.10 (SF8): the offered profiles are bound only when present, so every protocol-3 vector stands
  const offer = profiles === undefined ? [] : [lp(offerBytes(profiles))];
  return await sha256(
    concat(label, lp(utf8Of("callId", callId)), lp(versionBytes(versions)), lp(pkA), lp(fpA), ...offer),
  );
}

/** Constant-time equality of two byte strings (lengths are public). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

/**
 * SPEC §5.2 (V4): the callee's check of the reveal; it comes before the low-order check (SPEC §5.2).
 * @throws HandshakeError E2EE_BAD_INPUT (commit not 32 bytes), E2EE_COMMITMENT_MISMATCH
 */
export async function checkCommitment(
  commit: Uint8Array,
  callId: string,
  versions: readonly number[],
  pkA: Uint8Array,
  fpA: Uint8Array,
  profiles?: readonly string[],
): Promise<void> {
  need("E2EE_BAD_INPUT", "commit", commit, 32);
  if (!sameBytes(commit, await commitment(callId, versions, pkA, fpA, profiles))) {
    throw new HandshakeError("E2EE_COMMITMENT_MISMATCH", `Commitment mismatch in call "${callId}"`);
  }
}

const P = 2n ** 255n - 19n;
function le32(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
}
/** SPEC §5.3: the 14 encodings whose shared secret is all zero (five values, p and p+1; bit 255 clear and set). */
export const LOW_ORDER_KEYS: readonly Uint8Array[] = (() => {
  const values = [
    0n,
    1n,
    325606250916557431795983626356110631294008115727848805560023387167927233504n,
    39382357235489614581723060781553021112529911719440698176882885853963445705823n,
    P - 1n,
    P,
    P + 1n,
  ];
  return [...values.map(le32), ...values.map((v) => le32(v + 2n ** 255n))];
})();

const PKCS8_X25519 = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20];

/** An X25519 key pair: the private key stays a CryptoKey (SPEC §5.3: it never leaves the endpoint). */
export interface KeyPair {
  privateKey: CryptoKey;
  publicKey: Uint8Array;
}

/** SPEC §5.3 (V3): a fresh key pair per call; the private key is not extractable. */
export async function generateKeyPair(): Promise<KeyPair> {
  const k = (await subtle().generateKey({ name: "X25519" }, false, ["deriveBits"])) as CryptoKeyPair;
  return { privateKey: k.privateKey, publicKey: new Uint8Array(await subtle().exportKey("raw", k.publicKey)) };
}

/** A key pair from 32 raw private-key bytes (test vectors only). */
export async function importKeyPair(raw: Uint8Array): Promise<KeyPair> {
  need("E2EE_BAD_KEY", "privateKey", raw, 32);
  const key = await subtle().importKey("pkcs8", new Uint8Array([...PKCS8_X25519, ...raw]), { name: "X25519" }, true, [
    "deriveBits",
  ]);
  const jwk = await subtle().exportKey("jwk", key);
  return { privateKey: key, publicKey: b64uDecode(jwk.x!) };
}

/**
 * SPEC §5.3: ss = X25519(own private key, peer key as received). Exactly the 14 low-order encodings are refused
 * (before the ladder); every other 32-byte key is accepted, bit 255 masked by X25519 itself.
 * @throws HandshakeError E2EE_BAD_KEY (not 32 bytes), E2EE_LOW_ORDER_KEY
 */
export async function sharedSecret(privateKey: CryptoKey, peer: Uint8Array): Promise<Uint8Array> {
  need("E2EE_BAD_KEY", "peer key", peer, 32);
  if (LOW_ORDER_KEYS.some((k) => sameBytes(k, peer))) {
    throw new HandshakeError("E2EE_LOW_ORDER_KEY", "Peer key is low order");
  }
  const pub = await subtle().importKey("raw", peer as BufferSource, { name: "X25519" }, false, []);
  let ss: Uint8Array;
  try {
    ss = new Uint8Array(
      await subtle().deriveBits({ name: "X25519", public: pub } as unknown as AlgorithmIdentifier, privateKey, 256),
    );
  } catch {
    // WebCrypto refuses an all-zero result itself (RFC 7748 §6.1); the length was checked above
    throw new HandshakeError("E2EE_LOW_ORDER_KEY", "Shared secret is all zero");
  }
  if (ss.every((b) => b === 0)) throw new HandshakeError("E2EE_LOW_ORDER_KEY", "Shared secret is all zero");
  return ss;
}

/** The transcript fields as one side saw them (SPEC §5.4); A is the caller, B the callee. */
export interface Fields {
  callId: string;
  callerId: string;
  calleeId: string;
  /** SPEC §5.1: the caller's offered versions and the callee's chosen version, as this side saw them. */
  versions: readonly number[];
  version: number;
  commit: Uint8Array;
  pkA: Uint8Array;
  fpA: Uint8Array;
  pkB: Uint8Array;
  fpB: Uint8Array;
  /** SPEC §13.10: the offered profiles (absent when the caller sent none) and the choice (absent = dtls-srtp). */
  profiles?: readonly string[];
  profile?: string;
}

/** SPEC §5.4: T in role order, every field LP-encoded. */
export function transcript(f: Fields): Uint8Array {
  need("E2EE_BAD_INPUT", "commit", f.commit, 32);
  need("E2EE_BAD_KEY", "pkA", f.pkA, 32);
  need("E2EE_BAD_FINGERPRINT", "fpA", f.fpA, 32);
  need("E2EE_BAD_KEY", "pkB", f.pkB, 32);
  need("E2EE_BAD_FINGERPRINT", "fpB", f.fpB, 32);
  if (!Number.isInteger(f.version) || f.version < 1 || f.version > 255) {
    throw new HandshakeError("E2EE_BAD_VERSION", "The chosen version must be an integer 1-255");
  }
  return concat(
    lp(utf8.encode("ShieldCall v3 transcript")),
    lp(utf8Of("callId", f.callId)),
    lp(utf8Of("callerId", f.callerId)),
    lp(utf8Of("calleeId", f.calleeId)),
    lp(versionBytes(f.versions)),
    lp(Uint8Array.of(f.version)),
    lp(f.commit),
    lp(f.pkA),
    lp(f.fpA),
    lp(f.pkB),
    lp(f.fpB),
    // SPEC §13.10 (SF8): ‖ LP(profiles) ‖ LP(profile) only when profiles were offered
    ...(f.profiles === undefined ? [] : [lp(offerBytes(f.profiles)), lp(choiceBytes(f.profile ?? "dtls-srtp"))]),
  );
}

/** What the key schedule gives (SPEC §5.5): okm, the confirm keys kA/kB and the reserved SFrame keys. */
export interface Keys {
  okm: Uint8Array;
  kA: Uint8Array;
  kB: Uint8Array;
  sframeA: Uint8Array;
  sframeB: Uint8Array;
}

/** SPEC §5.5: HKDF-SHA256 with salt th and IKM ss; `info` is the label's raw ASCII bytes (not LP-encoded). */
export async function keySchedule(ss: Uint8Array, th: Uint8Array): Promise<Keys> {
  const ikm = await subtle().importKey("raw", ss as BufferSource, "HKDF", false, ["deriveBits"]);
  const expand = async (info: string, bytes: number) =>
    new Uint8Array(
      await subtle().deriveBits(
        { name: "HKDF", hash: "SHA-256", salt: th, info: utf8.encode(info) } as HkdfParams,
        ikm,
        bytes * 8,
      ),
    );
  return {
    okm: await expand("ShieldCall v3 verification number", 16),
    kA: await expand("ShieldCall v3 caller confirm key", 32),
    kB: await expand("ShieldCall v3 callee confirm key", 32),
    sframeA: await expand("ShieldCall v3 caller SFrame base key", 32),
    sframeB: await expand("ShieldCall v3 callee SFrame base key", 32),
  };
}

/** SPEC §5.6: okm as a big-endian integer mod 10^20, 20 digits with leading zeros. */
export function numberFromOkm(okm: Uint8Array): string {
  let n = 0n;
  for (const b of okm) n = (n << 8n) | BigInt(b);
  return (n % 10n ** 20n).toString().padStart(20, "0");
}

/** SPEC §5.6: four groups of five digits. */
export function displayNumber(n: string): string {
  return `${n.slice(0, 5)} ${n.slice(5, 10)} ${n.slice(10, 15)} ${n.slice(15)}`;
}

/** SPEC §5.6: only U+0020 and U+002D are ignored; 20 ASCII digits must remain. @throws E2EE_BAD_NUMBER */
export function parseNumber(input: string): string {
  const d = input.replace(/[ -]/g, "");
  if (!/^[0-9]{20}$/.test(d)) {
    throw new HandshakeError("E2EE_BAD_NUMBER", `Invalid verification number "${input.slice(0, 60)}"`);
  }
  return d;
}

/**
 * SPEC §5.7: the sha-256 fingerprint of an SDP in normal form. Lines end at LF (one CR before it belongs to the
 * ending); `a=` case-sensitive, `fingerprint:` any case; SP/HTAB only; every line sha-256 and equal; at least one.
 * @throws HandshakeError E2EE_BAD_FINGERPRINT
 */
export function fingerprintFromSdp(sdp: string): string {
  let found: string | null = null;
  for (let line of sdp.split("\n")) {
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (!line.startsWith("a=") || line.slice(2, 14).toLowerCase() !== "fingerprint:") continue;
    const tokens = line.slice(14).split(/[ \t]+/).filter((t) => t !== "");
    const bad = (why: string) =>
      new HandshakeError("E2EE_BAD_FINGERPRINT", `Fingerprint line ${why}: "${line.slice(0, 120)}"`);
    if (tokens.length !== 2) throw bad("needs two tokens");
    if (tokens[0]!.toLowerCase() !== "sha-256") throw bad("is not sha-256");
    if (!/^[0-9a-f]{2}(:[0-9a-f]{2}){31}$/i.test(tokens[1]!)) throw bad("is malformed");
    const fp = tokens[1]!.toUpperCase();
    if (found !== null && found !== fp) throw bad("disagrees with an earlier one");
    found = fp;
  }
  if (found === null) throw new HandshakeError("E2EE_BAD_FINGERPRINT", "SDP has no fingerprint line");
  return found;
}

/** The 32 bytes of a normal-form fingerprint (SPEC §5.1). */
export function fingerprintBytes(fp: string): Uint8Array {
  return new Uint8Array(fp.split(":").map((h) => parseInt(h, 16)));
}

/** What one side derives (SPEC §5.4–§5.6, §5.9). */
export interface Derived extends Keys {
  transcript: Uint8Array;
  transcriptHash: Uint8Array;
  sharedSecret: Uint8Array;
  number: string;
  display: string;
  /** SPEC §5.9: the caller's and the callee's key-confirmation tags. */
  tagA: Uint8Array;
  tagB: Uint8Array;
}

/**
 * One side's derivation, in SPEC order: the caller's version check and the callee's commitment check (§5.2),
 * transcript (§5.4), X25519 (§5.3), key schedule (§5.5), number (§5.6), tags (§5.9). `role` picks the peer key.
 */
export async function derive(role: "caller" | "callee", privateKey: CryptoKey, f: Fields): Promise<Derived> {
  if (role === "caller" && !f.versions.includes(f.version)) {
    throw new HandshakeError("E2EE_BAD_VERSION", `The chosen version ${f.version} was not offered`);
  }
  // SPEC §13.10: the caller checks the accepted profile before anything is derived (and so before reveal)
  if (role === "caller") checkChoice(f.profiles, f.profile);
  if (role === "callee") await checkCommitment(f.commit, f.callId, f.versions, f.pkA, f.fpA, f.profiles);
  const t = transcript(f);
  const th = await sha256(t);
  const ss = await sharedSecret(privateKey, role === "caller" ? f.pkB : f.pkA);
  const keys = await keySchedule(ss, th);
  const number = numberFromOkm(keys.okm);
  const tagA = await confirmTag("caller", keys.kA, th), tagB = await confirmTag("callee", keys.kB, th);
  return {
    ...keys,
    transcript: t,
    transcriptHash: th,
    sharedSecret: ss,
    number,
    display: displayNumber(number),
    tagA,
    tagB,
  };
}

/** The speech a party sends by default (SPEC §11.1 SM2a): six digits from SHA-256("ShieldCall speech <userId>"). */
export async function speechFor(userId: string): Promise<string> {
  const h = await sha256(utf8.encode(`ShieldCall speech ${userId}`));
  return Array.from(h.subarray(0, 6), (b) => String(b % 10)).join("");
}

/** SPEC §5.9: tagX = HMAC-SHA256(kX, LP("ShieldCall v3 <role> confirm") ‖ LP(th)), 32 bytes. */
export async function confirmTag(role: "caller" | "callee", key: Uint8Array, th: Uint8Array): Promise<Uint8Array> {
  const k = await subtle().importKey("raw", key as BufferSource, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const msg = concat(lp(utf8.encode(`ShieldCall v3 ${role} confirm`)), lp(th));
  return new Uint8Array(await subtle().sign("HMAC", k, msg as BufferSource));
}
