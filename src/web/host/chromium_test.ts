/**
 * The suite's Chromium is a stock one where WebRTC is concerned (SPEC §4.3 TR4, §6.1 "Candidates"): no fake media UI
 * or device, and no override of the mDNS hiding of host candidates, so `--impl web`, `interop` and the web tests take
 * the path a person's browser takes, and a relay that cannot learn mDNS-hidden addresses fails them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { CHROMIUM_ARGS } from "./chromium.ts";

test("CHROMIUM_ARGS: no fake media UI or device, no mDNS override, no permission granted by flag", () => {
  const stockBreaking = CHROMIUM_ARGS.filter((a) =>
    /^--use-fake-|^--use-file-for-fake-|WebRtcHideLocalIpsWithMdns|^--allow-loopback-in-peer-connection/.test(a) ||
    /^--enable-features=.*(Mdns|WebRtc)/.test(a)
  );
  assert.deepEqual(stockBreaking, []);
});
