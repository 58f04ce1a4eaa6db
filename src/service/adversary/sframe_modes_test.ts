/**
 * The forwarder's adversary modes (SPEC §8 sframe-*) on real SFrame frames of the profile (src/crypto/sframe): each
 * alters only the direction toward the seeded side, and the receiver's SFrame context drops exactly what the mode's
 * required outcome names. Controls: the honest direction opens every frame; an unaltered stream opens whole.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { profileContext, SFRAME_KID, sframeSenderKeys } from "../../crypto/sframe/mod.ts";
import type { PacketView } from "../../forwarder/mod.ts";
import type { CallRecord } from "../calls.ts";
import { ADVERSARY_MODULES, outcomeCases } from "./mod.ts";
import { REPLAY_LAG } from "./sframe_replay.ts";
import { STRIPPED } from "./sframe_strip.ts";

const keys = sframeSenderKeys(new Uint8Array(32).fill(7));
const mode = (name: string) => ADVERSARY_MODULES.find((m) => m.mode === name)!;

/** Plays `name` with `seed` over 40 audio frames each way; returns what each receiver opened and dropped. */
function play(name: string, seed: number, kind: "audio" | "video" = "audio") {
  const actions: string[] = [];
  const p = mode(name).play({
    call: {} as CallRecord,
    seed,
    rate: undefined,
    act: (a) => actions.push(a),
    anchorCallee: () => Promise.reject(new Error("unused")),
  });
  const result: Record<string, { opened: number; drops: Record<string, number>; ctrs: bigint[] }> = {};
  for (
    const [from, to, direction] of [["caller", "callee", "callerToCallee"], [
      "callee",
      "caller",
      "calleeToCaller",
    ]] as const
  ) {
    const tx = profileContext(from, keys);
    const rx = profileContext(to, keys);
    const r = (result[to] = { opened: 0, drops: {} as Record<string, number>, ctrs: [] as bigint[] });
    for (let i = 0; i < 40; i++) {
      const frame = tx.seal(SFRAME_KID[from], new TextEncoder().encode(`${from} frame ${i}`));
      const view: PacketView = {
        direction,
        kind,
        sequenceNumber: i,
        timestamp: i * 960,
        marker: true,
        payload: frame,
        deliverable: true,
      };
      for (const out of p.forwarded ? p.forwarded(view) ?? [frame] : [frame]) {
        try {
          r.ctrs.push(rx.open(out).ctr);
          r.opened++;
        } catch (e) {
          const code = (e as { code?: string }).code ?? "OTHER";
          r.drops[code] = (r.drops[code] ?? 0) + 1;
        }
      }
    }
  }
  return { result, actions };
}

test("sframe-tamper, -replay and -kid-spoof drop the altered frames for their reason, toward the seeded side only", () => {
  const expected = {
    "sframe-tamper": "SFRAME_AUTH_FAILED",
    "sframe-replay": "SFRAME_REPLAY",
    "sframe-kid-spoof": "SFRAME_UNKNOWN_KID",
  };
  for (const [name, code] of Object.entries(expected)) {
    for (const seed of [2, 3]) {
      const target = seed % 2 === 0 ? "caller" : "callee";
      const other = target === "caller" ? "callee" : "caller";
      const { result, actions } = play(name, seed);
      const acted = actions.filter((a) => a === name).length;
      assert.ok(acted >= 3, `${name} seed ${seed}: acted ${acted} times`);
      assert.deepEqual(result[target]!.drops, { [code]: acted }, `${name} seed ${seed}: drops at ${target}`);
      assert.ok(result[target]!.opened >= 30, `${name}: the call survives: frames keep opening`);
      assert.deepEqual(result[other]!.drops, {}, `${name}: the other direction is honest`);
      assert.equal(result[other]!.opened, 40);
      // the required outcome names the same drop reason for the same side
      const oc = outcomeCases(mode(name).outcome, seed)[0]!;
      assert.equal(oc.sframe?.at, target);
      assert.equal(
        `SFRAME_${{ auth: "AUTH_FAILED", replay: "REPLAY", kid: "UNKNOWN_KID" }[oc.sframe!.dropped as "auth"]}`,
        code,
      );
    }
  }
  // the replayed copy is REPLAY_LAG frames old: inside the window, refused only because it was accepted already
  assert.ok(REPLAY_LAG < 128);
});

test("sframe-reorder: frames reordered within the window all open (SPEC §13.5), out of order", () => {
  const { result, actions } = play("sframe-reorder", 3);
  assert.ok(actions.filter((a) => a === "sframe-reorder").length >= 3);
  assert.deepEqual(result.callee!.drops, {});
  assert.equal(result.callee!.opened, 40, "no frame lost: each held frame is sent after the next");
  const ctrs = result.callee!.ctrs;
  assert.ok(ctrs.some((c, i) => i > 0 && c < ctrs[i - 1]!), "some CTRs arrived out of order");
});

test("sframe-strip replaces every frame toward the target after the honest start; none opens", async () => {
  const p = mode("sframe-strip").play({
    call: {} as CallRecord,
    seed: 2,
    rate: undefined,
    act: () => {},
    anchorCallee: () => Promise.reject(new Error("unused")),
  });
  const frame = profileContext("callee", keys).seal(SFRAME_KID.callee, new TextEncoder().encode("x"));
  const view = (kind: "audio" | "video", payload: Uint8Array): PacketView => ({
    direction: "calleeToCaller",
    kind,
    sequenceNumber: 1,
    timestamp: 1,
    marker: true,
    payload,
    deliverable: true,
  });
  assert.equal(p.forwarded!({ ...view("audio", frame), deliverable: false }), null, "its leg not up: honest");
  const realNow0 = Date.now;
  Date.now = () => realNow0() + 60_000;
  assert.equal(p.forwarded!({ ...view("audio", frame), deliverable: false }), null, "the clock starts when it is up");
  Date.now = realNow0;
  assert.equal(p.forwarded!(view("audio", frame)), null, "before STRIP_AFTER_MS: honest");
  assert.equal(p.forwarded!({ ...view("audio", frame), direction: "callerToCallee" }), null, "other direction: honest");
  const realNow = Date.now;
  Date.now = () => realNow() + 60_000;
  try {
    const [audio] = p.forwarded!(view("audio", frame))!;
    assert.deepEqual(audio, STRIPPED);
    const vp8 = Uint8Array.of(0x90, 0x80, 0x81, 0x23, ...frame);
    const [video] = p.forwarded!(view("video", vp8))!;
    assert.deepEqual(video!.subarray(0, 4), vp8.subarray(0, 4), "the VP8 payload descriptor stays");
    assert.deepEqual(video!.subarray(4), STRIPPED);
    assert.throws(() => profileContext("caller", keys).open(audio!), "a stripped frame does not open");
  } finally {
    Date.now = realNow;
  }
});
