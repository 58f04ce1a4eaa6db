import { test } from "node:test";
import assert from "node:assert/strict";
import { legRtcConfig } from "./_forward_wiring.ts";

test("legRtcConfig() adds the service's own address to the forwarder legs' candidates, never an unspecified one", () => {
  assert.deepEqual(legRtcConfig("127.0.0.1", 4), { iceAdditionalHostAddresses: ["127.0.0.1"], iceUseIpv6: false });
  assert.deepEqual(legRtcConfig("::1", 6), { iceAdditionalHostAddresses: ["::1"], iceUseIpv6: true });
  assert.deepEqual(legRtcConfig("0.0.0.0", 4), {});
  assert.deepEqual(legRtcConfig("::", 6), {});
  assert.deepEqual(legRtcConfig("localhost", 0), {}, "a name is not an address werift can offer");
});
