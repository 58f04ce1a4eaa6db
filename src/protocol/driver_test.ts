/**
 * SPEC §7, §13: the media profiles an adapter declares in `hello` and the profile and SFrame counters a CallState
 * reports, as the suite validates an adapter's replies (validateRpcResult, the ADAPTER_PROTOCOL path).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  type CallState,
  declaredProfiles,
  DEFAULT_PROFILES,
  type DriverResultMap,
  MEDIA_PROFILES,
  type SFrameCounters,
  validateRpcResult,
} from "./mod.ts";
import { CALL_STATE_EXAMPLE, DRIVER_RESULT_EXAMPLES } from "./_examples.ts";
import { SFrameContext, type SFrameStats } from "../crypto/sframe/context.ts";

const hello = (profiles?: unknown) => {
  const h: Record<string, unknown> = { ...DRIVER_RESULT_EXAMPLES.hello };
  if (profiles === undefined) delete h.profiles;
  else h.profiles = profiles;
  return validateRpcResult("hello", h);
};
const state = (patch: (s: Record<string, unknown>) => void) => {
  const s = structuredClone(CALL_STATE_EXAMPLE) as Record<string, unknown>;
  patch(s);
  return validateRpcResult("call.state", s);
};
const msg = (r: { ok: boolean; error?: { message: string } }) => (r.ok ? "ok" : r.error!.message);

describe("hello.profiles (SPEC §7)", () => {
  test("the closed list is dtls-srtp and sframe; absent means dtls-srtp only", () => {
    assert.deepEqual([...MEDIA_PROFILES], ["dtls-srtp", "sframe"]);
    assert.deepEqual(declaredProfiles({}), ["dtls-srtp"]);
    assert.deepEqual(declaredProfiles({ profiles: ["dtls-srtp", "sframe"] }), ["dtls-srtp", "sframe"]);
    assert.throws(() => (DEFAULT_PROFILES as string[]).push("sframe"), TypeError);
  });

  test("a hello result without profiles, with dtls-srtp, or with both profiles is valid", () => {
    for (const p of [undefined, ["dtls-srtp"], ["dtls-srtp", "sframe"], ["sframe", "dtls-srtp"]]) {
      assert.equal(msg(hello(p)), "ok", JSON.stringify(p));
    }
  });

  test("an unknown profile, a non-array, an empty or repeated list, or one without dtls-srtp is refused", () => {
    const refused: [unknown, RegExp][] = [
      [["dtls-srtp", "sframe-v0"], /\/profiles\/1 must be one of "dtls-srtp", "sframe"/],
      [["DTLS-SRTP"], /\/profiles\/0 must be one of "dtls-srtp", "sframe"/],
      [["dtls-srtp", 3], /\/profiles\/1 must be one of/],
      ["dtls-srtp", /\/profiles must be an array/],
      [{ 0: "dtls-srtp" }, /\/profiles must be an array/],
      [null, /\/profiles must be an array/],
      [[], /\/profiles must have at least 1 item/],
      [["dtls-srtp", "dtls-srtp"], /\/profiles must not repeat items/],
      [["sframe"], /\/profiles must contain "dtls-srtp"/],
    ];
    for (const [p, words] of refused) {
      const r = hello(p);
      assert.equal(r.ok, false, `accepted ${JSON.stringify(p)}`);
      assert.match(msg(r), /^Invalid result for "hello": /);
      assert.match(msg(r), words, JSON.stringify(p));
    }
  });

  test("the typed result carries the profiles", () => {
    const h: DriverResultMap["hello"] = { name: "x", version: "1", protocol: 1, methods: [], features: [] };
    assert.deepEqual(declaredProfiles(h), DEFAULT_PROFILES);
  });
});

describe("CallState profile and sframe counters (SPEC §7, §13.6)", () => {
  test("a state with neither, with the dtls-srtp profile alone, or with sframe counters is valid", () => {
    assert.equal(msg(state((s) => (delete s.profile, delete s.sframe))), "ok");
    assert.equal(msg(state((s) => (s.profile = "dtls-srtp", delete s.sframe))), "ok");
    assert.equal(msg(state(() => {})), "ok");
  });

  test("the counters of a real SFrame context validate as they are (the same names)", () => {
    const alice = new SFrameContext(4);
    const bob = new SFrameContext(4);
    const key = new Uint8Array(32).fill(7);
    alice.addEncryptKey(0, key);
    bob.addDecryptKey(0, key);
    const frame = alice.seal(0, new Uint8Array([1, 2, 3]));
    bob.open(frame);
    assert.throws(() => bob.open(frame)); // a replay: dropped and counted
    const counters: SFrameCounters = bob.stats;
    const stats: SFrameStats = counters; // both ways: the schema's names are SFrameStats'
    assert.equal(msg(state((s) => (s.sframe = stats))), "ok");
    assert.deepEqual(bob.stats, { sealed: 0, opened: 1, dropped: { header: 0, kid: 0, replay: 1, auth: 0 } });
  });

  test("an unknown profile, a negative or non-integer counter, or a missing or extra reason is refused", () => {
    const refused: [(s: Record<string, unknown>) => void, RegExp][] = [
      [(s) => (s.profile = "srtp"), /\/profile must be one of "dtls-srtp", "sframe"/],
      [(s) => (s.profile = null), /\/profile must be one of/],
      [(s) => ((s.sframe as SFrameCounters).sealed = -1), /\/sframe\/sealed must be at least 0/],
      [(s) => ((s.sframe as SFrameCounters).opened = 1.5), /\/sframe\/opened must be an integer/],
      [(s) => ((s.sframe as SFrameCounters).dropped.auth = -3), /\/sframe\/dropped\/auth must be at least 0/],
      [(s) => ((s.sframe as SFrameCounters).dropped.replay = 0.5), /\/sframe\/dropped\/replay must be an integer/],
      [(s) => ((s.sframe as Record<string, unknown>).opened = "7"), /\/sframe\/opened must be an integer/],
      [(s) => delete (s.sframe as { dropped: Partial<SFrameCounters["dropped"]> }).dropped.kid, /kid is required/],
      [(s) => ((s.sframe as { dropped: Record<string, number> }).dropped.tag = 0), /\/dropped\/tag is not allowed/],
      [(s) => ((s.sframe as Record<string, unknown>).forwarded = 0), /\/sframe\/forwarded is not allowed/],
      [(s) => (s.sframe = [0, 0, 0]), /\/sframe must be an object/],
    ];
    for (const [patch, words] of refused) {
      const r = state(patch);
      assert.equal(r.ok, false, `accepted ${patch}`);
      assert.match(msg(r), words, String(patch));
    }
  });

  test("the typed CallState has both fields optional", () => {
    const s: CallState = structuredClone(CALL_STATE_EXAMPLE) as CallState;
    delete s.profile;
    delete s.sframe;
    assert.equal(msg(validateRpcResult("call.state", s)), "ok");
  });
});
