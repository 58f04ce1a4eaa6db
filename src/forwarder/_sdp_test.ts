import { test } from "node:test";
import assert from "node:assert/strict";
import { checkSdp, MAX_SDP_LENGTH } from "./_sdp.ts";

const FP = Array.from({ length: 32 }, (_, i) => (i * 7 % 256).toString(16).padStart(2, "0").toUpperCase()).join(":");
const GOOD =
  `v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=fingerprint:sha-256 ${FP}\r\n`;

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code ?? (e as Error).name;
  }
  return undefined;
}

test("checkSdp() returns the fingerprint of a usable SDP", () => {
  assert.equal(checkSdp(GOOD, "Offer"), FP);
  assert.equal(checkSdp(GOOD.replaceAll("\r\n", "\n"), "Offer"), FP);
});

test("checkSdp() refuses what is not a usable SDP with PROTO_INVALID, and a non-string with TypeError", () => {
  assert.throws(() => checkSdp(42, "Offer"), TypeError);
  assert.throws(() => checkSdp(null, "Offer"), TypeError);
  for (
    const bad of [
      "",
      "hello",
      GOOD.replace("v=0", "v=1"),
      GOOD.replace("m=audio", "m=application"),
      GOOD.replace(/a=fingerprint.*\r\n/, ""),
      GOOD.replace("sha-256", "sha-1"),
      GOOD + `a=fingerprint:sha-256 ${FP.replace(/^../, "FF")}\r\n`,
      GOOD + "a=x:" + "y".repeat(MAX_SDP_LENGTH),
    ]
  ) assert.equal(code(() => checkSdp(bad, "Offer")), "PROTO_INVALID", JSON.stringify(bad.slice(0, 60)));
});
