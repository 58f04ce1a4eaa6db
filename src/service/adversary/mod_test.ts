import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { base64urlDecode, base64urlEncode, isLowOrderPublicKey } from "../../crypto/mod.ts";
import type { CallRecord } from "../calls.ts";
import { parseAdversaryPlan } from "../adversary.ts";
import { ADVERSARY_MODES, ADVERSARY_MODULES, type AdversaryContext, adversaryModule } from "./mod.ts";

/** A context that records actions; the call record is only read for its id. */
function ctx(seed = 7): AdversaryContext & { actions: string[]; anchored: string[] } {
  const actions: string[] = [];
  const anchored: string[] = [];
  return {
    call: { id: "c-1", e2ee: { versions: [3] } } as unknown as CallRecord,
    seed,
    rate: undefined,
    act: (a) => actions.push(a),
    anchorCallee: (label) => {
      anchored.push(label);
      return Promise.resolve("v=0\r\na=fingerprint:sha-256 " + Array(32).fill("AB").join(":") + "\r\n");
    },
    actions,
    anchored,
  };
}
const PK = base64urlEncode(new Uint8Array(32).fill(9));

test("ADVERSARY_MODULES: unique modes, each a row of the SPEC §8 table and accepted by parseAdversaryPlan()", () => {
  const spec = readFileSync(new URL("../../../SPEC.md", import.meta.url), "utf8");
  const section = spec.slice(spec.indexOf("## 8. Adversary model"), spec.indexOf("### 8.1"));
  assert.equal(new Set(ADVERSARY_MODES).size, ADVERSARY_MODES.length);
  for (const m of ADVERSARY_MODULES) {
    assert.ok(section.includes(`\`${m.mode}\``), `mode "${m.mode}" has no row in SPEC §8`);
    assert.ok(m.summary.length > 0);
    assert.equal(adversaryModule(m.mode), m);
    assert.equal(parseAdversaryPlan({ mode: m.mode, seed: 1 }).mode, m.mode);
  }
  assert.throws(() => parseAdversaryPlan({ mode: "no-such-mode", seed: 1 }), { code: "POLICY_INVALID" });
});

test("observe changes nothing; strip removes the commitment and the key, logging both", async () => {
  assert.deepEqual(adversaryModule("observe").play(ctx()), {});
  const c = ctx();
  const p = adversaryModule("strip").play(c);
  assert.equal(await p.commit!("x"), null);
  assert.equal(p.calleeKey!(PK), null);
  assert.deepEqual(c.actions, ["strip-commit", "strip-pk"]);
});

test("swap-commit and reorder reveal a seeded key other than the caller's; only reorder holds it", () => {
  const s = adversaryModule("swap-commit").play(ctx(3)).reveal!(PK)!;
  assert.notEqual(s.pk, PK);
  assert.equal(base64urlDecode(s.pk).length, 32);
  assert.equal(s.hold, undefined);
  assert.equal(adversaryModule("swap-commit").play(ctx(3)).reveal!(PK)!.pk, s.pk, "same seed, same key");
  const r = adversaryModule("reorder").play(ctx(3)).reveal!(PK)!;
  assert.notEqual(r.pk, PK);
  assert.equal(r.hold, true);
});

test("mitm forges the commitment, substitutes both keys, anchors the callee and logs its keys", async () => {
  const c = ctx();
  const p = adversaryModule("mitm").play(c);
  const forged = await p.commit!(base64urlEncode(new Uint8Array(32)));
  assert.equal(base64urlDecode(forged!).length, 32);
  assert.notEqual(p.keyToCaller!(PK), PK);
  assert.notEqual(p.reveal!(PK)!.pk, PK);
  assert.deepEqual(await p.media!(), { via: "processor" });
  assert.deepEqual(c.anchored, ["mitm-callee"]);
  assert.deepEqual(c.actions, ["forge-commit", "substitute-pk", "substitute-reveal"]);
});

test("anchor routes the media to the processor; tamper/replay/drop keep the relay with a seeded fault", async () => {
  const c = ctx();
  assert.deepEqual(await adversaryModule("anchor").play(c).media!(), { via: "processor" });
  assert.deepEqual(c.anchored, ["anchor-callee"]);
  for (const mode of ["tamper", "replay", "drop"] as const) {
    assert.deepEqual(await adversaryModule(mode).play({ ...ctx(5), rate: 0.5 }).media!(), {
      via: "relay",
      fault: { mode, seed: 5, rate: 0.5 },
    });
  }
});

test("low-order gives the caller a low-order key chosen by the seed", () => {
  const out = adversaryModule("low-order").play(ctx(2)).keyToCaller!(PK);
  assert.ok(isLowOrderPublicKey(base64urlDecode(out)));
});

test("flip-bit255 and flip-bit255-accept flip exactly bit 255 of the key they forward, whatever the seed (§5.3)", () => {
  const honest = base64urlDecode(PK);
  for (const seed of [0, 1, 2, 3, 7]) {
    const c = ctx(seed);
    const r = adversaryModule("flip-bit255").play(c).reveal!(PK)!;
    const a = adversaryModule("flip-bit255-accept").play(c).keyToCaller!(PK);
    for (const out of [r.pk, a]) {
      const b = base64urlDecode(out);
      assert.deepEqual(b.slice(0, 31), honest.slice(0, 31));
      assert.equal(b[31]! ^ honest[31]!, 0x80);
    }
    assert.equal(r.hold, undefined);
    assert.deepEqual(c.actions, ["flip-bit255-reveal", "flip-bit255-accept"]);
  }
});
