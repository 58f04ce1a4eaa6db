/** The protocol-3 adversary modes (SPEC §8): what each forwards, seeded, with every action logged. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { base64urlDecode, base64urlEncode } from "../../crypto/mod.ts";
import type { CallRecord, Role } from "../calls.ts";
import { type AdversaryContext, adversaryModule, ConfirmHistory, confirmSends } from "./mod.ts";
import { malformedTag } from "./confirm_malformed.ts";
import { replaceFingerprints, swappedFingerprint } from "./answer_fp_swap.ts";

function ctx(seed: number, earlier: Partial<Record<Role, string[]>> = {}) {
  const actions: string[] = [];
  const c: AdversaryContext & { actions: string[] } = {
    call: { id: "c-1" } as CallRecord,
    seed,
    rate: undefined,
    act: (a) => actions.push(a),
    anchorCallee: () => Promise.reject(new Error("not used")),
    earlierConfirms: (r) => earlier[r] ?? [],
    actions,
  };
  return c;
}
const TAG_A = base64urlEncode(new Uint8Array(32).fill(0xa1));
const TAG_B = base64urlEncode(new Uint8Array(32).fill(0xb2));
const sends = (mode: Parameters<typeof adversaryModule>[0], c: AdversaryContext, from: Role, tag: string) =>
  confirmSends(from, adversaryModule(mode).play(c).confirm!(from, tag) as string);

test("confirm-strip forwards nothing in either direction and logs each tag", () => {
  const c = ctx(1);
  assert.deepEqual(sends("confirm-strip", c, "caller", TAG_A), []);
  assert.deepEqual(sends("confirm-strip", c, "callee", TAG_B), []);
  assert.deepEqual(c.actions, ["strip-confirm", "strip-confirm"]);
});

test("confirm-reflect sends the target its own tag back and drops the peer's (even seed: the caller)", () => {
  const c = ctx(2);
  const p = adversaryModule("confirm-reflect").play(c);
  assert.deepEqual(confirmSends("caller", p.confirm!("caller", TAG_A) as never), [
    { to: "callee", tag: TAG_A },
    { to: "caller", tag: TAG_A },
  ]);
  assert.deepEqual(confirmSends("callee", p.confirm!("callee", TAG_B) as never), []);
  const q = adversaryModule("confirm-reflect").play(ctx(3));
  assert.deepEqual(confirmSends("callee", q.confirm!("callee", TAG_B) as never), [
    { to: "caller", tag: TAG_B },
    { to: "callee", tag: TAG_B },
  ]);
});

test("confirm-replay forwards the newest earlier tag of the peer's role; none recorded: nothing", () => {
  const old = base64urlEncode(new Uint8Array(32).fill(7));
  const c = ctx(0, { callee: [old] });
  assert.deepEqual(sends("confirm-replay", c, "callee", TAG_B), [{ to: "caller", tag: old }]);
  assert.deepEqual(sends("confirm-replay", c, "caller", TAG_A), [{ to: "callee", tag: TAG_A }], "other way honest");
  assert.deepEqual(sends("confirm-replay", ctx(0), "callee", TAG_B), []);
  assert.deepEqual(c.actions, ["replay-confirm"]);
});

test("confirm-duplicate forwards the peer's tag twice to the target only", () => {
  assert.deepEqual(sends("confirm-duplicate", ctx(1), "caller", TAG_A), [
    { to: "callee", tag: TAG_A },
    { to: "callee", tag: TAG_A },
  ]);
  assert.deepEqual(sends("confirm-duplicate", ctx(1), "callee", TAG_B), [{ to: "caller", tag: TAG_B }]);
});

test("confirm-malformed: 31 bytes or non-canonical base64url, by the seed; never a valid 32-byte tag", () => {
  const short = malformedTag(TAG_A, 0);
  assert.equal(short.kind, "31-bytes");
  assert.equal(base64urlDecode(short.tag).length, 31);
  const odd = malformedTag(TAG_A, 2);
  assert.equal(odd.kind, "non-canonical");
  assert.equal(odd.tag.length, 43);
  assert.notEqual(odd.tag, TAG_A);
  assert.throws(() => base64urlDecode(odd.tag), "the decoder refuses non-zero unused bits");
  assert.deepEqual(sends("confirm-malformed", ctx(0), "callee", TAG_B).map((s) => s.to), ["caller"]);
});

test("answer-fp-swap rewrites every fingerprint of the answer to the caller, nothing else", () => {
  const fp = Array(32).fill("AB").join(":");
  const sdp = `v=0\r\na=fingerprint:sha-256 ${fp}\r\nm=audio 9\r\nA=fingerprint:x\r\na=Fingerprint:SHA-256 ${fp}\r\n`;
  const p = adversaryModule("answer-fp-swap").play(ctx(5));
  const out = p.sdpToward!("caller", { type: "answer", sdp });
  const swapped = swappedFingerprint(5);
  assert.notEqual(swapped, fp);
  assert.equal(out.sdp, replaceFingerprints(sdp, swapped));
  assert.equal(out.sdp.split(swapped).length - 1, 2);
  assert.ok(out.sdp.includes("A=fingerprint:x"), "not an attribute line: left alone");
  assert.equal(p.sdpToward!("callee", { type: "offer", sdp }).sdp, sdp);
  assert.equal(p.sdpToward!("caller", { type: "offer", sdp }).sdp, sdp);
});

test("version-lie: even seeds add a version toward the callee, odd seeds rewrite the choice toward the caller", () => {
  const even = adversaryModule("version-lie").play(ctx(4));
  const v = even.versionsToCallee!([3]);
  assert.equal(v.length, 2);
  assert.ok(v.includes(3));
  assert.deepEqual([...v].sort((a, b) => a - b), v);
  assert.equal(even.versionToCaller!(3), 3);
  const odd = adversaryModule("version-lie").play(ctx(5));
  assert.deepEqual(odd.versionsToCallee!([3]), [3]);
  const lie = odd.versionToCaller!(3);
  assert.ok(lie !== 3 && lie >= 1 && lie <= 255);
});

test("ConfirmHistory returns earlier calls' tags of a role, newest first, bounded", () => {
  const h = new ConfirmHistory();
  h.record("c-0", "caller", "a0");
  h.record("c-0", "callee", "b0");
  h.record("c-1", "caller", "a1");
  assert.deepEqual(h.before("c-1", "caller"), ["a0"]);
  assert.deepEqual(h.before("c-2", "caller"), ["a1", "a0"]);
  for (let i = 0; i < 40; i++) h.record(`x-${i}`, "caller", `t${i}`);
  assert.equal(h.before("none", "caller").length, 32);
  assert.deepEqual(h.before("none", "callee"), ["b0"]);
});

test("confirm-withhold: the seed's side never gets its peer's tag (even: the caller, odd: the callee)", () => {
  assert.deepEqual(sends("confirm-withhold", ctx(2), "callee", TAG_B), [], "even: the callee's tag is withheld");
  assert.deepEqual(sends("confirm-withhold", ctx(2), "caller", TAG_A), [{ to: "callee", tag: TAG_A }]);
  const odd = ctx(3);
  assert.deepEqual(sends("confirm-withhold", odd, "caller", TAG_A), [], "odd: the caller's tag is withheld");
  assert.deepEqual(sends("confirm-withhold", odd, "callee", TAG_B), [{ to: "caller", tag: TAG_B }]);
  assert.deepEqual(odd.actions, ["withhold-confirm"]);
});
