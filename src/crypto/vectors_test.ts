import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { plainX25519 } from "./_testing/helpers.ts";
import { concat } from "./_bytes.ts";
import { bytesToHex } from "@noble/hashes/utils.js";
import { LOW_ORDER_PUBLIC_KEYS } from "./keys.ts";
import { NUMBER_DIGITS } from "./number.ts";
import {
  generateVectors,
  type HandshakeImpl,
  type Mismatch,
  referenceImpl,
  type Vector,
  verifyVectors,
} from "./vectors.ts";

const FILE = new URL("../../fixtures/vectors/handshake.json", import.meta.url);
const generated = generateVectors();
const byName = (name: string) => generated.vectors.find((v) => v.name === name)!;
const one = (v: Vector) => ({ version: 3, description: "", vectors: [v] });

test("fixtures/vectors/handshake.json equals generateVectors()", () => {
  const committed = JSON.parse(readFileSync(FILE, "utf8"));
  assert.deepEqual(committed, generated, "regenerate with `shieldcall vectors generate`");
});

test("generateVectors() is deterministic, has at least 20 uniquely named vectors of every kind, and verifies", () => {
  assert.deepEqual(generateVectors(), generated);
  assert.ok(generated.vectors.length >= 20);
  assert.equal(new Set(generated.vectors.map((v) => v.name)).size, generated.vectors.length);
  for (const kind of ["honest", "mitm", "low-order", "commitment-mismatch", "leading-zero", "bad-profile"]) {
    assert.ok(generated.vectors.some((v) => v.kind === kind), kind);
  }
  assert.deepEqual(verifyVectors(generated), []);
});

test("generateVectors(): honest vectors match, MITM vectors show two different numbers", () => {
  for (const v of generated.vectors) {
    if (v.kind === "honest" || v.kind === "leading-zero") {
      const { recomputedCommit, ...calleeView } = v.callee!;
      assert.deepEqual(v.caller, calleeView, v.name);
      assert.equal(recomputedCommit, v.caller!.commit, v.name);
      assert.equal(v.numbersMatch, true);
    }
    if (v.kind === "mitm") {
      assert.notEqual(v.caller!.number, v.callee!.number, v.name);
      assert.equal(v.numbersMatch, false);
      if (v.name === "mitm-fingerprints-only") {
        // SPEC §5.7: the real keys, substituted fingerprints — the fingerprints alone change the numbers
        assert.equal(v.caller!.pkB, v.callee!.pkB);
        assert.equal(v.callee!.pkA, v.caller!.pkA);
        assert.notEqual(v.caller!.fpB, v.callee!.fpB);
        assert.notEqual(v.callee!.fpA, v.caller!.fpA);
        continue;
      }
      assert.notEqual(v.caller!.pkB, v.callee!.pkB, "the caller sees the attacker's key");
      assert.notEqual(v.callee!.pkA, v.caller!.pkA, "the callee sees the attacker's key");
    }
  }
  assert.notEqual(byName("honest-boundary-1").caller!.number, byName("honest-boundary-2").caller!.number);
});

test("generateVectors(): negative vectors stop at the failure and name the error", () => {
  const lowPkB = generated.vectors.filter((v) => v.kind === "low-order" && v.inputs.lowOrderAs === "pkB");
  assert.deepEqual(new Set(lowPkB.map((v) => v.inputs.lowOrderKey)), new Set(LOW_ORDER_PUBLIC_KEYS.map(bytesToHex)));
  for (const v of generated.vectors.filter((x) => x.expectError !== undefined)) {
    const view = v[v.failingSide!]!;
    assert.equal(view.number, undefined, v.name);
    assert.equal(view.sharedSecret, undefined, v.name);
    if (v.kind === "commitment-mismatch") {
      assert.equal(v.expectError, "E2EE_COMMITMENT_MISMATCH");
      assert.notEqual(view.commit, view.recomputedCommit);
      assert.equal(view.transcript, undefined);
    } else if (v.kind === "bad-version") {
      // SPEC §5.2: the caller stops before anything is derived (and before its reveal)
      assert.equal(v.expectError, "E2EE_BAD_VERSION");
      assert.equal(view.transcript, undefined);
    } else if (v.kind === "bad-profile") {
      // SPEC §13.10: the caller stops before the reveal, the callee before its accept (it holds no pkA yet)
      assert.equal(v.expectError, "E2EE_BAD_PROFILE");
      assert.equal(view.transcript, undefined);
      if (v.failingSide === "callee") {
        assert.deepEqual([view.pkA, view.fpA, view.recomputedCommit], [undefined, undefined, undefined]);
      }
    } else {
      assert.equal(v.expectError, "E2EE_LOW_ORDER_KEY");
    }
  }
});

test("generateVectors(): leading-zero vectors keep their zeros and record the seed found", () => {
  const lz1 = byName("leading-zero-1"), lz2 = byName("leading-zero-2");
  assert.match(lz1.caller!.number!, /^0[1-9]/);
  assert.match(lz2.caller!.number!, /^00/);
  for (const v of [lz1, lz2]) {
    assert.equal(v.caller!.number!.length, NUMBER_DIGITS);
    assert.match(v.inputs.seed, new RegExp(`^${v.name}#[0-9]+$`));
    assert.equal(v.caller!.display!.replaceAll(" ", ""), v.caller!.number);
  }
});

/** Every hex-valued path of a vector (inputs and views). */
function hexPaths(v: Vector): string[] {
  const out: string[] = [];
  for (const [k, val] of Object.entries(v.inputs)) if (/^[0-9a-f]{64}$/.test(val as string)) out.push(`inputs.${k}`);
  for (const side of ["caller", "callee"] as const) {
    for (const [k, val] of Object.entries(v[side] ?? {})) {
      if (typeof val === "string" && /^[0-9a-f]+$/.test(val) && k !== "number") out.push(`${side}.${k}`);
    }
  }
  return out;
}

function mutate(v: Vector, path: string, change: (s: string) => string): Vector {
  const copy = structuredClone(v) as unknown as Record<string, Record<string, string>>;
  const [a, b] = path.split(".") as [string, string];
  copy[a]![b] = change(copy[a]![b]!);
  return copy as unknown as Vector;
}

const flipByte = (at: number) => (s: string) => {
  const i = Math.min(at, s.length / 2 - 1) * 2;
  return s.slice(0, i) + ((parseInt(s.slice(i, i + 2), 16) ^ 0x01).toString(16).padStart(2, "0")) + s.slice(i + 2);
};

test("verifyVectors() reports a one-byte change in any hex field of any vector, naming vector and field", {
  timeout: 60000,
}, () => {
  const zero = "0".repeat(64);
  for (const v of generated.vectors) {
    for (const path of hexPaths(v)) {
      const mism = verifyVectors(one(mutate(v, path, flipByte(7))));
      const fp = path === "inputs.fpA" ? "fpA" : path === "inputs.fpB" ? "fpB" : undefined;
      // fpA also enters the caller's commitment unless sframe was offered first (SPEC §13.10)
      const committed = fp === "fpA" && v.inputs.profiles?.[0] !== "sframe";
      if (fp && !committed && [v.caller, v.callee].every((w) => w === undefined || (w[fp] ?? zero) === zero)) {
        // SPEC §13.10: a certificate the sframe profile does not bind changes nothing (a control of the rule)
        assert.deepEqual(mism, [], `${v.name} ${path}`);
        continue;
      }
      assert.ok(mism.length > 0, `${v.name} ${path}`);
      assert.ok(mism.every((m) => m.vector === v.name), `${v.name} ${path}`);
      // a changed output is reported at its own path; a changed input shows up in what it feeds
      if (!path.startsWith("inputs.")) assert.deepEqual(mism.map((m) => m.field), [path], `${v.name} ${path}`);
    }
  }
});

test("verifyVectors() reports a changed transcript, commit and number with expected and actual values", () => {
  const v = byName("honest-basic");
  const t = verifyVectors(one(mutate(v, "caller.transcript", flipByte(40))));
  assert.deepEqual(t, [{
    vector: "honest-basic",
    field: "caller.transcript",
    expected: flipByte(40)(v.caller!.transcript!),
    actual: v.caller!.transcript!,
  }]);
  const c = verifyVectors(one(mutate(v, "callee.commit", flipByte(0))));
  assert.deepEqual(c.map((m) => m.field), ["callee.commit"]);
  const n = verifyVectors(one(mutate(v, "callee.number", (s) => (s[0] === "9" ? "8" : "9") + s.slice(1))));
  assert.deepEqual(n.map((m) => `${m.vector} ${m.field}`), ["honest-basic callee.number"]);
  const r = verifyVectors(
    one(mutate(byName("commitment-mismatch-other-call"), "callee.recomputedCommit", flipByte(3))),
  );
  assert.deepEqual(r.map((m) => m.field), ["callee.recomputedCommit"]);
});

test("verifyVectors() reports structural problems with a clear field path", () => {
  const v = byName("honest-basic");
  const fields = (m: Mismatch[]) => m.map((x) => `${x.vector} ${x.field}`);
  const missing = structuredClone(v);
  delete missing.caller!.transcript;
  assert.deepEqual(verifyVectors(one(missing)), [{
    vector: "honest-basic",
    field: "caller.transcript",
    expected: "(missing)",
    actual: v.caller!.transcript!,
  }]);
  const badHex = mutate(v, "inputs.fpA", (s) => `zz${s.slice(2)}`);
  assert.deepEqual(verifyVectors(one(badHex)), [{
    vector: "honest-basic",
    field: "inputs.fpA",
    expected: "64 lowercase hex digits",
    actual: `zz${v.inputs.fpA.slice(2)}`,
  }]);
  const noKey = structuredClone(v);
  delete noKey.inputs.calleePrivateKey;
  assert.deepEqual(fields(verifyVectors(one(noKey))), ["honest-basic inputs.calleePrivateKey"]);
  assert.deepEqual(fields(verifyVectors(one({ ...v, kind: "friendly" as "honest" }))), ["honest-basic kind"]);
  assert.deepEqual(fields(verifyVectors(one({ ...v, extra: 1 } as Vector))), ["honest-basic extra"]);
  assert.deepEqual(fields(verifyVectors(one({ ...v, numbersMatch: false }))), ["honest-basic numbersMatch"]);
  assert.deepEqual(fields(verifyVectors(one({ ...v, expectError: "E2EE_BAD_KEY" }))), ["honest-basic expectError"]);
  assert.deepEqual(fields(verifyVectors({ version: 3, vectors: [v, v] })), ["honest-basic name"]);
  assert.deepEqual(fields(verifyVectors({ version: 2, vectors: [v] })), ["(file) version"]);
  assert.deepEqual(fields(verifyVectors({ version: 3, vectors: [] })), ["(file) vectors"]);
  assert.deepEqual(fields(verifyVectors({ version: 3 })), ["(file) vectors"]);
  assert.deepEqual(fields(verifyVectors([])), ["(file) (root)"]);
  assert.deepEqual(fields(verifyVectors({ version: 3, vectors: [42] })), ["#0 (vector)"]);
  const lowOrder = structuredClone(byName("low-order-pkB-u0"));
  lowOrder.caller!.number = "00000000000000000000";
  assert.deepEqual(verifyVectors(one(lowOrder)), [{
    vector: "low-order-pkB-u0",
    field: "caller.number",
    expected: "00000000000000000000",
    actual: "(not computed: stopped at E2EE_LOW_ORDER_KEY)",
  }]);
});

/** Names of the vectors an implementation fails. */
const failing = (impl: HandshakeImpl) => [...new Set(verifyVectors(generated, impl).map((m) => m.vector))].sort();
const namesOf = (pred: (v: Vector) => boolean) => generated.vectors.filter(pred).map((v) => v.name).sort();

test("verifyVectors() catches a verifier that skips the commitment check, on exactly the mismatch vectors", () => {
  const skipsCheck: HandshakeImpl = { ...referenceImpl, checkCommitment: () => {} };
  assert.deepEqual(failing(skipsCheck), namesOf((v) => v.kind === "commitment-mismatch"));
  const m = verifyVectors(one(byName("commitment-mismatch-swapped-key")), skipsCheck);
  assert.ok(
    m.some((x) =>
      x.field === "expectError" && x.expected === "E2EE_COMMITMENT_MISMATCH" && x.actual === "(not computed)"
    ),
  );
});

test("verifyVectors() catches a number function that drops leading zeros, via the leading-zero vectors", () => {
  const dropsZeros: HandshakeImpl = {
    ...referenceImpl,
    numberFromOkm: (okm) => referenceImpl.numberFromOkm(okm).replace(/^0+/, ""),
  };
  const bad = failing(dropsZeros);
  assert.ok(bad.includes("leading-zero-1") && bad.includes("leading-zero-2"));
  assert.deepEqual(
    bad,
    namesOf((v) => v.caller?.number?.startsWith("0") === true || v.callee?.number?.startsWith("0") === true),
  );
});

test("verifyVectors() catches X25519 without the low-order check, on exactly the low-order vectors", () => {
  const unchecked: HandshakeImpl = {
    ...referenceImpl,
    sharedSecret: plainX25519,
    keySchedule: (ss, th) => referenceImpl.keySchedule(ss.some((b) => b) ? ss : new Uint8Array(32).fill(1), th),
  };
  assert.deepEqual(failing(unchecked), namesOf((v) => v.kind === "low-order"));
});

test("verifyVectors() catches a transcript without length prefixes and an HKDF with salt and IKM swapped", () => {
  const noLp: HandshakeImpl = {
    ...referenceImpl,
    encodeTranscript: (f) =>
      concat(...[f.callId, f.callerId, f.calleeId].map((s) => new TextEncoder().encode(s)), f.commit, f.pkA, f.pkB),
  };
  const swapped: HandshakeImpl = { ...referenceImpl, keySchedule: (ss, th) => referenceImpl.keySchedule(th, ss) };
  const notNegative = namesOf((v) => !["commitment-mismatch", "bad-version", "bad-profile"].includes(v.kind));
  assert.deepEqual(failing(noLp), notNegative);
  assert.deepEqual(failing(swapped), namesOf((v) => v.expectError === undefined));
});

test("verifyVectors() catches a commitment without the profiles, on exactly the vectors that offer profiles", () => {
  const unbound: HandshakeImpl = {
    ...referenceImpl,
    commitment: (callId, versions, pkA, fpA) => referenceImpl.commitment(callId, versions, pkA, fpA),
    checkCommitment: (c, callId, versions, pkA, fpA) => referenceImpl.checkCommitment(c, callId, versions, pkA, fpA),
  };
  assert.deepEqual(failing(unbound), namesOf((v) => v.inputs.profiles !== undefined));
  assert.ok(failing(unbound).includes("commitment-mismatch-profiles-dropped"));
});

test("verifyVectors() catches a caller that skips the profile check and a transcript without the profiles", () => {
  const unchecked: HandshakeImpl = { ...referenceImpl, checkChosenProfile: () => {} };
  // bad-profile-added-toward-caller still stops: its transcript refuses "sframe" with no offer (E2EE_BAD_PROFILE)
  assert.deepEqual(
    failing(unchecked),
    namesOf((v) => v.kind === "bad-profile" && v.failingSide === "caller" && v.inputs.profiles !== undefined),
  );
  const noProfiles: HandshakeImpl = {
    ...referenceImpl,
    encodeTranscript: ({ profiles: _p, profile: _c, ...f }) => referenceImpl.encodeTranscript(f),
  };
  assert.deepEqual(failing(noProfiles), namesOf((v) => v.inputs.profiles !== undefined && v.expectError === undefined));
});

test("verifyVectors() catches a callee that completes an sframe-first offer as dtls-srtp", () => {
  const firstImplemented: HandshakeImpl = {
    ...referenceImpl,
    chooseProfile: (offered, implemented) =>
      (offered ?? ["dtls-srtp"]).find((p) => implemented.includes(p)) ??
        referenceImpl.chooseProfile(offered, implemented),
  };
  assert.deepEqual(failing(firstImplemented), ["bad-profile-callee-dtls-srtp-only"]);
});
