import { test } from "node:test";
import assert from "node:assert/strict";
import { PictureLossIndication, RtcpPayloadSpecificFeedback, RtcpRrPacket } from "werift";
import { isPliFor } from "./_rtcp.ts";

test("isPliFor() matches a PLI by its media SSRC only", () => {
  const pli = new RtcpPayloadSpecificFeedback({
    feedback: new PictureLossIndication({ senderSsrc: 7, mediaSsrc: 42 }),
  });
  assert.equal(isPliFor(pli, 42), true);
  assert.equal(isPliFor(pli, 7), false, "the sender SSRC is not the media SSRC");
  assert.equal(isPliFor(new RtcpRrPacket({ ssrc: 42 }), 42), false, "a receiver report is not a PLI");
});
