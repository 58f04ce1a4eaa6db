import { test } from "node:test";
import assert from "node:assert/strict";
import { mediaStart, vp8DescriptorLength } from "./_sframe_rtp.ts";

test("VP8 payload descriptor lengths (RFC 7741 §4.2)", () => {
  assert.equal(vp8DescriptorLength(Uint8Array.of(0x10, 0x9d)), 1, "no extension");
  assert.equal(vp8DescriptorLength(Uint8Array.of(0x90, 0x80, 0x12, 0x00)), 3, "7-bit PictureID");
  assert.equal(vp8DescriptorLength(Uint8Array.of(0x90, 0x80, 0x81, 0x23, 0x00)), 4, "15-bit PictureID");
  assert.equal(vp8DescriptorLength(Uint8Array.of(0x90, 0xe0, 0x81, 0x23, 0x05, 0x20, 0x00)), 6, "+ TL0PICIDX, TID");
  assert.equal(vp8DescriptorLength(Uint8Array.of(0x90, 0x10, 0x20)), 3, "K alone adds the TID/KEYIDX byte");
  assert.equal(vp8DescriptorLength(Uint8Array.of(0x90, 0x80, 0x81)), null, "truncated PictureID");
  assert.equal(vp8DescriptorLength(new Uint8Array(0)), null);
  assert.equal(mediaStart("audio", Uint8Array.of(0x90, 0x80)), 0, "an audio payload is a frame, whole");
});
