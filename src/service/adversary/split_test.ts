/**
 * SPEC §8 split: mitm toward the party the seed chooses (even: the caller, odd: the callee), a standard call toward
 * the other; the tag the service sends the party under mitm verifies on that party's own leg (§5.9).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  base64urlDecode,
  base64urlEncode,
  commitment,
  confirmKeys,
  deriveVerification,
  fingerprintToBytes,
  generateKeyPair,
  verifyPeerConfirm,
} from "../../crypto/mod.ts";
import type { CallRecord } from "../calls.ts";
import { type AdversaryContext, adversaryModule, outcomeCases } from "./mod.ts";

const FP = (byte: string) => Array(32).fill(byte).join(":");
const FP_CALLER = FP("A1");
const FP_CALLEE = FP("B2");
const FP_PROC_CALLER = FP("C3");
const FP_PROC_CALLEE = FP("D4");
const TAG = base64urlEncode(new Uint8Array(32).fill(5));

/** A caller and a callee with real keys; the call record as the service holds it after the invite. */
function call(o: { calleeAccepts: boolean }) {
  const a = generateKeyPair();
  const b = generateKeyPair();
  const rec = {
    id: "c-split",
    caller: { userId: "alice" },
    callee: { userId: "bob" },
    e2ee: {
      commit: base64urlEncode(commitment("c-split", [3], a.publicKey, fingerprintToBytes(FP_CALLER))),
      versions: [3],
      pk: o.calleeAccepts ? base64urlEncode(b.publicKey) : null,
      fp: o.calleeAccepts ? base64urlEncode(fingerprintToBytes(FP_CALLEE)) : null,
      version: o.calleeAccepts ? 3 : null,
    },
    log: [] as { at: number; event: string; detail?: Record<string, unknown> }[],
  };
  return { a, b, rec };
}

function ctx(rec: unknown, seed: number) {
  const actions: { action: string; detail?: Record<string, unknown> }[] = [];
  const anchored: string[] = [];
  const c: AdversaryContext & { actions: typeof actions; anchored: string[] } = {
    call: rec as CallRecord,
    seed,
    rate: undefined,
    act: (action, detail) => actions.push({ action, detail }),
    anchorCallee: (label) => {
      anchored.push(label);
      return Promise.resolve(`v=0\r\na=fingerprint:sha-256 ${FP_PROC_CALLEE}\r\n`);
    },
    anchorCaller: (label) => {
      anchored.push(label);
      return Promise.resolve(FP_PROC_CALLER);
    },
    actions,
    anchored,
  };
  return c;
}

test("split: the seed picks the party under mitm; the other side must show nothing", () => {
  const o = adversaryModule("split").outcome;
  assert.deepEqual([outcomeCases(o, 2)[0]!.caller, outcomeCases(o, 2)[0]!.callee], ["e2ee", "none"]);
  assert.deepEqual([outcomeCases(o, 3)[0]!.caller, outcomeCases(o, 3)[0]!.callee], ["none", "e2ee"]);
});

test("split, even seed: the service plays the callee toward the caller and its tag verifies on the caller's leg", async () => {
  const { a, rec } = call({ calleeAccepts: false });
  const c = ctx(rec, 4);
  const p = adversaryModule("split").play(c);
  assert.equal(p.commit, undefined, "the caller's commitment is kept, not forged");
  assert.equal(p.playCaller, undefined);
  const acc = await p.playCallee!();
  assert.deepEqual(c.anchored, ["split-caller"]);
  assert.equal(acc.fp, FP_PROC_CALLER);
  assert.equal(acc.version, 3);
  const pkA = base64urlEncode(a.publicKey);
  assert.equal(p.reveal!(pkA), null, "nothing is revealed to the callee in a standard call");
  assert.equal(p.confirm!("caller", TAG), null, "not before the caller's offer passed");
  rec.log.push({ at: 1, event: "sdp", detail: { from: "caller", type: "offer", fingerprint: FP_CALLER } });
  const out = p.confirm!("caller", TAG) as { to: string; tag: string }[];
  assert.deepEqual(out.map((f) => f.to), ["caller"], "the tag goes back to the caller, nothing to the callee");
  // The caller's own derivation from what its leg received: the service's tag verifies as the callee's.
  const v = deriveVerification({
    callId: rec.id,
    callerId: "alice",
    calleeId: "bob",
    versions: [3],
    version: acc.version,
    role: "caller",
    privateKey: a.privateKey.slice(),
    commit: base64urlDecode(rec.e2ee.commit),
    pkA: a.publicKey,
    fpA: FP_CALLER,
    pkB: base64urlDecode(acc.pk),
    fpB: acc.fp,
  });
  const keys = confirmKeys(v.sharedSecret, v.transcriptHash);
  verifyPeerConfirm("caller", keys, v.transcriptHash, base64urlDecode(out[0]!.tag));
  assert.deepEqual(p.confirm!("callee", TAG), [], "a tag from the standard side goes nowhere");
});

test("split, odd seed: the service plays the caller toward the callee and its tag verifies on the callee's leg", async () => {
  const { b, rec } = call({ calleeAccepts: true });
  const c = ctx(rec, 5);
  const p = adversaryModule("split").play(c);
  assert.equal(p.playCallee, undefined);
  const forged = await p.commit!(rec.e2ee.commit);
  assert.notEqual(forged, rec.e2ee.commit);
  assert.deepEqual(c.anchored, ["split-callee"]);
  const revealed = p.playCaller!();
  const keys = c.actions.find((x) => x.action === "forge-commit")!.detail!.keys as { toCallee: { pk: string } };
  assert.equal(revealed, keys.toCallee.pk, "the key revealed is the one the forged commitment covers");
  assert.deepEqual(p.confirm!("caller", TAG), [], "a tag from the standard side goes nowhere");
  const out = p.confirm!("callee", TAG) as { to: string; tag: string }[];
  assert.deepEqual(out.map((f) => f.to), ["callee"]);
  const v = deriveVerification({
    callId: rec.id,
    callerId: "alice",
    calleeId: "bob",
    versions: [3],
    version: 3,
    role: "callee",
    privateKey: b.privateKey.slice(),
    commit: base64urlDecode(forged!),
    pkA: base64urlDecode(revealed),
    fpA: FP_PROC_CALLEE,
    pkB: b.publicKey,
    fpB: FP_CALLEE,
  });
  verifyPeerConfirm(
    "callee",
    confirmKeys(v.sharedSecret, v.transcriptHash),
    v.transcriptHash,
    base64urlDecode(out[0]!.tag),
  );
});
