import { test } from "node:test";
import assert from "node:assert/strict";
import {
  fingerprintFromBytes,
  fingerprintFromSdp,
  fingerprintToBytes,
  normaliseFingerprint,
  toFingerprintBytes,
} from "./fingerprint.ts";
import { seededBytes } from "./_testing/helpers.ts";

const FP = fingerprintFromBytes(seededBytes("fp")(32));
const FP2 = fingerprintFromBytes(seededBytes("fp2")(32));

function sdp(lines: { session?: string; media: string[] }, eol = "\r\n"): string {
  const out = ["v=0", "o=- 4611731400430051336 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0 1"];
  if (lines.session) out.push(lines.session);
  lines.media.forEach((m, i) => {
    out.push(
      `m=${i === 0 ? "audio" : "video"} 9 UDP/TLS/RTP/SAVPF 111`,
      "c=IN IP4 0.0.0.0",
      `a=mid:${i}`,
      "a=setup:actpass",
    );
    if (m) out.push(m);
  });
  return out.join(eol) + eol;
}

test("fingerprintFromSdp() returns the normal form from session- and media-level lines", () => {
  const s = sdp({
    session: `a=fingerprint:sha-256 ${FP.toLowerCase()}`,
    media: [`a=fingerprint:sha-256 ${FP}`, `a=fingerprint:SHA-256 ${FP}`],
  });
  assert.equal(fingerprintFromSdp(s), FP);
  assert.equal(fingerprintFromSdp(sdp({ media: [`a=fingerprint:sha-256 ${FP}`] }, "\n")), FP);
});

test("fingerprintFromSdp() rejects sha-1 with a clear message", () => {
  const sha1 = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01";
  assert.throws(() => fingerprintFromSdp(sdp({ media: [`a=fingerprint:sha-1 ${sha1}`] })), {
    code: "E2EE_BAD_FINGERPRINT",
    message: 'Unsupported fingerprint algorithm "sha-1": only sha-256 is accepted',
  });
});

test("fingerprintFromSdp() rejects an SDP where any line is not sha-256, even after a good one", () => {
  const s = sdp({ media: [`a=fingerprint:sha-256 ${FP}`, `a=fingerprint:sha-512 ${FP}`] });
  assert.throws(() => fingerprintFromSdp(s), { code: "E2EE_BAD_FINGERPRINT", message: /"sha-512"/ });
});

test("fingerprintFromSdp() rejects lines that disagree, where a first-line-only parser would not", () => {
  const s = sdp({
    session: `a=fingerprint:sha-256 ${FP}`,
    media: [`a=fingerprint:sha-256 ${FP}`, `a=fingerprint:sha-256 ${FP2}`],
  });
  // broken variant: taking the first line only returns FP, hiding the second certificate
  const firstLineOnly = (x: string) => normaliseFingerprint(/a=fingerprint:sha-256 (\S+)/.exec(x)![1]!);
  assert.equal(firstLineOnly(s), FP);
  assert.throws(() => fingerprintFromSdp(s), { code: "E2EE_BAD_FINGERPRINT", message: /disagree/ });
});

test("fingerprintFromSdp() rejects an SDP without a fingerprint and malformed lines", () => {
  assert.throws(() => fingerprintFromSdp(sdp({ media: [""] })), {
    code: "E2EE_BAD_FINGERPRINT",
    message: /no a=fingerprint/,
  });
  const bad = [
    "a=fingerprint:sha-256",
    `a=fingerprint:sha-256 ${FP} extra`,
    `a=fingerprint:sha-256 ${FP.slice(3)}`,
    `a=fingerprint:sha-256 ${FP}:00`,
    `a=fingerprint:sha-256 ${FP.replaceAll(":", "")}`,
    `a=fingerprint:sha-256 ${FP.replace(/^../, "GG")}`,
    `a=fingerprint: ${FP}`,
  ];
  for (const line of bad) {
    assert.throws(() => fingerprintFromSdp(sdp({ media: [line] })), { code: "E2EE_BAD_FINGERPRINT" }, line);
  }
  assert.throws(() => fingerprintFromSdp(sdp({ media: [`A=Fingerprint:sha-1 ${FP}`] })), {
    code: "E2EE_BAD_FINGERPRINT",
  });
});

test("normaliseFingerprint() upper-cases and trims, and fingerprintToBytes() decodes 32 bytes", () => {
  assert.equal(normaliseFingerprint(`  ${FP.toLowerCase()} `), FP);
  const bytes = fingerprintToBytes(FP.toLowerCase());
  assert.equal(bytes.length, 32);
  assert.equal(fingerprintFromBytes(bytes), FP);
  assert.deepEqual(toFingerprintBytes(bytes), bytes);
  assert.deepEqual(toFingerprintBytes(FP), bytes);
});

test("fingerprintFromBytes() and toFingerprintBytes() reject wrong lengths", () => {
  assert.throws(() => fingerprintFromBytes(new Uint8Array(31)), { code: "E2EE_BAD_FINGERPRINT" });
  assert.throws(() => toFingerprintBytes(new Uint8Array(33)), { code: "E2EE_BAD_FINGERPRINT" });
  assert.throws(() => toFingerprintBytes("AB:CD"), { code: "E2EE_BAD_FINGERPRINT" });
});
