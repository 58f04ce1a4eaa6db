import { test } from "node:test";
import assert from "node:assert/strict";
import { isShieldCallError } from "../errors.ts";
import { sdpFingerprint, waitGathered } from "./_sdp.ts";

const FP = Array.from({ length: 32 }, (_, i) => (i * 7 + 3).toString(16).padStart(2, "0")).join(":");

test("sdpFingerprint() returns the normal form, or null without a usable line", () => {
  const sdp = `v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=fingerprint:sha-256 ${FP}\r\n`;
  assert.equal(sdpFingerprint(sdp), FP.toUpperCase());
  assert.equal(sdpFingerprint("v=0\r\n"), null);
  assert.equal(sdpFingerprint(sdp.replace("sha-256", "sha-1")), null);
  assert.equal(sdpFingerprint(null), null);
  assert.equal(sdpFingerprint(""), null);
});

/** An event target standing in for RTCPeerConnection's gathering state. */
class FakePc {
  iceGatheringState = "gathering";
  connectionState = "new";
  readonly #fns = new Set<(ev: never) => void>();
  addEventListener(_t: string, fn: (ev: never) => void): void {
    this.#fns.add(fn);
  }
  removeEventListener(_t: string, fn: (ev: never) => void): void {
    this.#fns.delete(fn);
  }
  complete(): void {
    this.iceGatheringState = "complete";
    for (const f of this.#fns) (f as (e: unknown) => void)({});
  }
  udpCandidate(): void {
    for (const f of this.#fns) {
      (f as (e: unknown) => void)({
        candidate: { candidate: "candidate:1 1 udp 2122194687 192.0.2.2 46197 typ host" },
      });
    }
  }
  get listeners(): number {
    return this.#fns.size;
  }
}

test("waitGathered() resolves when gathering completes and removes its listener", async () => {
  const pc = new FakePc();
  const p = waitGathered(pc, 5000, "leg", () => false);
  setTimeout(() => pc.complete(), 10);
  await p;
  assert.equal(pc.listeners, 0);
  await waitGathered(pc, 5000, "leg", () => false); // already complete
});

test("waitGathered() rejects with INTERNAL on timeout and BAD_STATE when the leg closes", async () => {
  await assert.rejects(waitGathered(new FakePc(), 30, "leg", () => false), (e) => isShieldCallError(e, "INTERNAL"));
  let closed = false;
  const p = waitGathered(new FakePc(), 5000, "leg", () => closed);
  closed = true;
  await assert.rejects(p, (e) => isShieldCallError(e, "BAD_STATE"));
});

test("waitGathered() returns once the UDP candidates are gathered, without waiting for gathering to complete", async () => {
  const pc = new FakePc();
  const p = waitGathered(pc, 5000, "leg", () => false, 10);
  pc.udpCandidate();
  await p;
  assert.equal(pc.iceGatheringState, "gathering");
  assert.equal(pc.listeners, 0);
});
