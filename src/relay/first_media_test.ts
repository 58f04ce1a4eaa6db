/**
 * SPEC §8 evidence "no media before confirmation": the relay records, per direction, when the first RTP media
 * datagram (RFC 7983 first byte 128–191, RTCP packet types 192–223 excluded) left each side, and how many did.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { isRtpMedia } from "./classify.ts";
import { TransportRelay } from "./relay.ts";

test("isRtpMedia(): RTP by its first byte, RTCP packet types and other classes are not media", () => {
  assert.equal(isRtpMedia(Uint8Array.of(0x80, 111)), true, "RTP, payload type 111");
  assert.equal(isRtpMedia(Uint8Array.of(0x80, 0x80 | 96)), true, "RTP with the marker bit, payload type 96");
  assert.equal(isRtpMedia(Uint8Array.of(191, 0)), true);
  for (const pt of [192, 200, 201, 205, 206, 223]) {
    assert.equal(isRtpMedia(Uint8Array.of(0x81, pt)), false, `RTCP ${pt}`);
  }
  assert.equal(isRtpMedia(Uint8Array.of(0x80, 224)), true, "224 is past the RTCP range");
  for (const first of [0, 1, 22, 63, 64, 127, 192, 255]) assert.equal(isRtpMedia(Uint8Array.of(first, 0)), false);
  assert.equal(isRtpMedia(Uint8Array.of(0x80)), false, "one byte is no RTP header");
  assert.equal(isRtpMedia(new Uint8Array(0)), false);
});

test("TransportRelay records the first RTP media time per direction; STUN, DTLS and RTCP leave it null", {
  timeout: 15000,
}, async () => {
  const relay = new TransportRelay();
  const open = async () => {
    const s = createSocket("udp4");
    await new Promise<void>((r) => s.bind(0, "127.0.0.1", () => r()));
    return s;
  };
  const [a, b] = await Promise.all([open(), open()]);
  const send = (s: typeof a, port: number, data: Uint8Array) =>
    new Promise<void>((r, j) => s.send(data, port, "127.0.0.1", (e) => (e ? j(e) : r())));
  try {
    const alloc = await relay.allocate("c-media");
    alloc.permit("a", [{ address: "127.0.0.1", port: a.address().port }]);
    alloc.permit("b", [{ address: "127.0.0.1", port: b.address().port }]);
    const pkt = (first: number, second: number) => Uint8Array.from({ length: 40 }, (_, i) => [first, second][i] ?? i);
    await send(a, alloc.ports.a, pkt(0, 1)); // STUN
    await send(a, alloc.ports.a, pkt(22, 254)); // DTLS
    await send(a, alloc.ports.a, pkt(0x80, 200)); // RTCP sender report
    await send(b, alloc.ports.b, pkt(0x80, 201)); // RTCP receiver report
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(alloc.stats().firstMedia, { a_to_b: null, b_to_a: null });
    const before = Date.now();
    await send(a, alloc.ports.a, pkt(0x80, 111)); // RTP (audio)
    const end = Date.now() + 3000;
    while (alloc.stats().firstMedia.a_to_b === null && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    const first = alloc.stats().firstMedia.a_to_b!;
    assert.ok(first >= before && first <= Date.now(), "epoch milliseconds, like the call log");
    await send(a, alloc.ports.a, pkt(0x80, 111));
    await new Promise((r) => setTimeout(r, 100));
    const s = alloc.stats();
    assert.equal(s.firstMedia.a_to_b, first, "the FIRST packet's time is kept");
    assert.equal(s.firstMedia.b_to_a, null, "nothing but RTCP from b");
    assert.deepEqual(s.rtpMedia, { a_to_b: 2, b_to_a: 0 });
  } finally {
    await relay.close();
    await Promise.all([a, b].map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
});
