/** runStdioAdapter and the media profiles (SPEC §7, §13.10): what `hello` declares and what `call.place` accepts. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { CONFIG, start } from "./_testing/stdio_harness.ts";

describe("runStdioAdapter and profiles", () => {
  test("runStdioAdapter() declares the profiles it is given (SPEC §7)", { timeout: 5000 }, async () => {
    const a = start({ profiles: ["dtls-srtp", "sframe"] });
    const r = await a.request("hello", { protocol: 1 });
    assert.deepEqual(r.result.profiles, ["dtls-srtp", "sframe"]);
    await a.close();
  });

  test("runStdioAdapter() refuses call.place with an undeclared profile, and passes a declared one (SPEC §7)", {
    timeout: 5000,
  }, async () => {
    const ref = start();
    await ref.request("configure", CONFIG);
    const r = await ref.request("call.place", { to: "bob", profile: "sframe" });
    // SPEC §7, §13.10: unsupported (the suite skips), and nothing is placed as a dtls-srtp call instead
    assert.equal(r.error.code, -32000);
    assert.deepEqual(r.error.data, { code: "DRIVER_UNSUPPORTED" });
    assert.match(r.error.message, /Unsupported profile "sframe" for "call.place"/);
    assert.deepEqual((await ref.request("call.place", { to: "bob", profile: "dtls-srtp" })).result, { callId: "c1" });
    assert.deepEqual(ref.peers[0]!.calls, ["place bob dtls-srtp"], "the refused request reached no peer");
    await ref.close();
    const both = start({ profiles: ["dtls-srtp", "sframe"] });
    await both.request("configure", CONFIG);
    assert.deepEqual((await both.request("call.place", { to: "bob", profile: "sframe" })).result, { callId: "c1" });
    assert.deepEqual(both.peers[0]!.calls, ["place bob sframe"]);
    await both.close();
  });
});
