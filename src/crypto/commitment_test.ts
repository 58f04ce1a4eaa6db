import { test } from "node:test";
import assert from "node:assert/strict";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { checkCommitment, commitment } from "./commitment.ts";
import { fingerprintFromBytes } from "./fingerprint.ts";
import { seededBytes } from "./_testing/helpers.ts";

const rnd = seededBytes("commitment");
const V = [3];
const pkA = rnd(32), fpA = rnd(32);

test("commitment() hashes exactly LP(label) ‖ LP(callId) ‖ LP(versions) ‖ LP(pkA) ‖ LP(fpA) (SPEC §5.2)", () => {
  const label = new TextEncoder().encode("ShieldCall v3 commit");
  const layout = "00000014" + bytesToHex(label) + "00000004" + bytesToHex(new TextEncoder().encode("c-42")) +
    "00000002" + "0304" + "00000020" + bytesToHex(pkA) + "00000020" + bytesToHex(fpA);
  assert.equal(bytesToHex(commitment("c-42", [3, 4], pkA, fpA)), bytesToHex(sha256(hexToBytes(layout))));
  assert.deepEqual(
    commitment("c-42", V, pkA, fingerprintFromBytes(fpA).toLowerCase()),
    commitment("c-42", V, pkA, fpA),
  );
});

/** Runs the rejection checks against a checker; returns what it wrongly accepted. */
function acceptedForgeries(check: typeof checkCommitment): string[] {
  const accepted: string[] = [];
  const commit = commitment("c-1", V, pkA, fpA);
  const tryIt = (what: string, c: Uint8Array, callId: string, pk: Uint8Array, fp: Uint8Array) => {
    try {
      check(c, callId, V, pk, fp);
      accepted.push(what);
    } catch (e) {
      if ((e as { code?: string }).code !== "E2EE_COMMITMENT_MISMATCH") throw e;
    }
  };
  for (let i = 0; i < 32; i++) {
    const c = commit.slice();
    c[i]! ^= 0x80;
    tryIt(`commit byte ${i}`, c, "c-1", pkA, fpA);
    const pk = pkA.slice();
    pk[i]! ^= 0x01;
    tryIt(`pkA byte ${i}`, commit, "c-1", pk, fpA);
    const fp = fpA.slice();
    fp[i]! ^= 0x01;
    tryIt(`fpA byte ${i}`, commit, "c-1", pkA, fp);
  }
  tryIt("callId", commit, "c-2", pkA, fpA);
  try {
    check(commit, "c-1", [2, 3], pkA, fpA);
    accepted.push("versions");
  } catch (e) {
    if ((e as { code?: string }).code !== "E2EE_COMMITMENT_MISMATCH") throw e;
  }
  tryIt("swapped pkA", commit, "c-1", rnd(32), fpA);
  return accepted;
}

test("checkCommitment() accepts the committed values and rejects any changed byte or call id", () => {
  assert.doesNotThrow(() => checkCommitment(commitment("c-1", V, pkA, fpA), "c-1", V, pkA, fpA));
  assert.deepEqual(acceptedForgeries(checkCommitment), []);
});

test("checkCommitment()'s byte-flip checks catch a checker that compares only a prefix", () => {
  const prefixOnly: typeof checkCommitment = (c, id, vs, pk, fp) => {
    if (bytesToHex(c.subarray(0, 16)) !== bytesToHex(commitment(id, vs, pk, fp).subarray(0, 16))) {
      throw Object.assign(new Error("mismatch"), { code: "E2EE_COMMITMENT_MISMATCH" });
    }
  };
  assert.deepEqual(acceptedForgeries(prefixOnly), Array.from({ length: 16 }, (_, i) => `commit byte ${i + 16}`));
});

test("checkCommitment() and commitment() reject malformed inputs with stable codes", () => {
  for (const bad of [[], [3, 3], [4, 3], [0], [256], [1, 2, 3, 4, 5, 6, 7, 8, 9], [3.5]]) {
    assert.throws(() => commitment("c-1", bad, pkA, fpA), { code: "E2EE_BAD_INPUT" }, JSON.stringify(bad));
  }
  const commit = commitment("c-1", V, pkA, fpA);
  assert.throws(() => checkCommitment(commit.subarray(0, 31), "c-1", V, pkA, fpA), { code: "E2EE_BAD_INPUT" });
  assert.throws(() => commitment("c-1", V, pkA.subarray(0, 31), fpA), { code: "E2EE_BAD_KEY" });
  assert.throws(() => commitment("c-1", V, pkA, fpA.subarray(0, 20)), { code: "E2EE_BAD_FINGERPRINT" });
  assert.throws(() => commitment("c-\uD800", V, pkA, fpA), { code: "E2EE_BAD_INPUT" });
  assert.throws(() => checkCommitment(commit, "c-1", V, pkA, "AB:CD"), { code: "E2EE_BAD_FINGERPRINT" });
  assert.throws(() => checkCommitment(commitment("c-1", V, pkA, fpA), "c-1", V, rnd(32), fpA), {
    code: "E2EE_COMMITMENT_MISMATCH",
  });
});
