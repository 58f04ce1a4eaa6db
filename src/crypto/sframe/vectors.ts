/**
 * ShieldCall's own SFrame vectors (the `shieldcall` section of fixtures/vectors/sframe.json, SPEC §13): the
 * profile's keys from the handshake with one frame per sender, and negative cases built from the RFC 9605
 * Appendix C.3 frames. The `rfc9605` section is the RFC's and is never generated. Pure.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { SFrameContext } from "./context.ts";
import { deriveKeySalt } from "./derive.ts";
import { encodeHeader } from "./header.ts";
import { profileContext, sframePrk, sframeSenderKeys } from "./profile.ts";
import { cipherSuite, PROFILE_SUITE } from "./suites.ts";

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const unhex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
const utf8 = (s: string) => new TextEncoder().encode(s);
const u64 = (v: bigint) => "0x" + v.toString(16).padStart(16, "0");

/** An RFC 9605 Appendix C.3 vector as the JSON holds it (the fields the negative cases use). */
export interface RfcFrameVector {
  cipherSuite: number;
  kid: string;
  ctr: string;
  baseKey: string;
  metadata: string;
  pt: string;
  ct: string;
}

/** One frame offered to the receiver and what must happen: `ok` or the SFRAME_* code it is dropped with. */
export interface OfferedFrame {
  what: string;
  frame: string;
  metadata: string;
  expect: string;
}

/** A negative case: a fresh receiver holding `baseKey` under `kid` is offered `frames` in order. */
export interface NegativeCase {
  name: string;
  cipherSuite: number;
  kid: string;
  baseKey: string;
  frames: OfferedFrame[];
}

/** One sender's side of a profile vector. */
export interface ProfileSender {
  kid: string;
  baseKey: string;
  sframeKey: string;
  sframeSalt: string;
  frames: { ctr: string; pt: string; ct: string }[];
}

/** The profile's keys from `ss` and `th` (SPEC §13.3), with frames sealed in the profile suite. */
export interface ProfileVector {
  name: string;
  cipherSuite: number;
  ss: string;
  th: string;
  prk: string;
  caller: ProfileSender;
  callee: ProfileSender;
}

/** The generated section of sframe.json. */
export interface ShieldCallSFrameVectors {
  profile: ProfileVector[];
  negative: NegativeCase[];
}

function sender(role: "caller" | "callee", ctx: SFrameContext, kid: bigint, baseKey: Uint8Array): ProfileSender {
  const d = deriveKeySalt(cipherSuite(PROFILE_SUITE), kid, baseKey);
  const frames = [0n, 1n].map((ctr) => {
    const pt = utf8(`ShieldCall SFrame ${role} frame ${ctr}`);
    return { ctr: u64(ctr), pt: hex(pt), ct: hex(ctx.seal(kid, pt)) };
  });
  return { kid: u64(kid), baseKey: hex(baseKey), sframeKey: hex(d.sframeKey), sframeSalt: hex(d.sframeSalt), frames };
}

function profileVector(seed: string): ProfileVector {
  const ss = sha256(utf8(`ShieldCall SFrame vector ${seed} ss`)),
    th = sha256(utf8(`ShieldCall SFrame vector ${seed} th`));
  const prk = sframePrk(ss, th);
  const keys = sframeSenderKeys(prk);
  const a = profileContext("caller", keys), b = profileContext("callee", keys);
  return {
    name: `profile-${seed}`,
    cipherSuite: PROFILE_SUITE,
    ss: hex(ss),
    th: hex(th),
    prk: hex(prk),
    caller: sender("caller", a, keys.caller.kid, keys.caller.baseKey),
    callee: sender("callee", b, keys.callee.kid, keys.callee.baseKey),
  };
}

/** The negative sequence for one RFC frame (SPEC §13.6): every kind of bad frame, then the good one twice. */
function negative(v: RfcFrameVector): NegativeCase {
  const ct = unhex(v.ct), kid = BigInt(v.kid), ctr = BigInt(v.ctr);
  if (ct[0] !== 0x99) throw new RangeError(`Negative cases need a frame with a 2-byte KID and CTR: "${v.ct}"`);
  const hl = encodeHeader(kid, ctr).length;
  const flip = (i: number) => hex(ct.map((b, j) => (j === i ? b ^ 0x01 : b)));
  const relabel = (k: bigint, c: bigint) => hex(encodeHeader(k, c)) + hex(ct.subarray(hl));
  const m = v.metadata;
  const frames: OfferedFrame[] = [
    {
      what: "header CTR changed (last header byte flipped)",
      frame: flip(hl - 1),
      metadata: m,
      expect: "SFRAME_AUTH_FAILED",
    },
    { what: "ciphertext byte flipped", frame: flip(hl + 2), metadata: m, expect: "SFRAME_AUTH_FAILED" },
    { what: "tag byte flipped", frame: flip(ct.length - 1), metadata: m, expect: "SFRAME_AUTH_FAILED" },
    { what: "metadata changed", frame: v.ct, metadata: m.slice(0, -2) + "00", expect: "SFRAME_AUTH_FAILED" },
    { what: "KID with no key", frame: relabel(kid + 1n, ctr), metadata: m, expect: "SFRAME_UNKNOWN_KID" },
    { what: "truncated by one byte", frame: v.ct.slice(0, -2), metadata: m, expect: "SFRAME_AUTH_FAILED" },
    {
      what: "truncated inside the header",
      frame: v.ct.slice(0, 2 * (hl - 1)),
      metadata: m,
      expect: "SFRAME_BAD_HEADER",
    },
    {
      what: "KID not in its minimal form (an extra leading zero byte)",
      // header 0x99 = KID and CTR in 2 bytes each; 0xa9 = KID in 3 bytes, so "a9 00 0123 4567"
      frame: "a900" + v.ct.slice(2),
      metadata: m,
      expect: "SFRAME_BAD_HEADER",
    },
    { what: "the RFC frame itself", frame: v.ct, metadata: m, expect: "ok" },
    { what: "the same frame again (replayed CTR)", frame: v.ct, metadata: m, expect: "SFRAME_REPLAY" },
  ];
  return {
    name: `rfc9605-c3-suite-${v.cipherSuite}`,
    cipherSuite: v.cipherSuite,
    kid: v.kid,
    baseKey: v.baseKey,
    frames,
  };
}

/**
 * Generates the `shieldcall` section from the RFC's Appendix C.3 frames (read from the same file). Deterministic.
 */
export function generateProfileVectors(rfcFrames: readonly RfcFrameVector[]): ShieldCallSFrameVectors {
  return {
    profile: ["basic", "second"].map(profileVector),
    negative: rfcFrames.filter((v) => v.cipherSuite === 1 || v.cipherSuite === 4).map(negative),
  };
}
