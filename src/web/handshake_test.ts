/**
 * The web client's WebCrypto handshake (src/web/handshake.ts) against the published vectors, read as JSON — no code
 * from src/crypto is used, so this is a second implementation checked against the first one's files (SPEC §5).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as hs from "./handshake.ts";

const read = (f: string) => JSON.parse(readFileSync(new URL(`../../fixtures/vectors/${f}`, import.meta.url), "utf8"));
const hex = (s: string) => new Uint8Array(s.match(/../g)?.map((h) => parseInt(h, 16)) ?? []);
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const codeOf = (e: unknown) => (e as { code?: string }).code ?? String(e);

type View = Record<string, string>;

/** Runs one side's view with `derive`; returns the fields it computed, or the error code. */
async function side(role: "caller" | "callee", priv: string, v: View, derive = hs.derive): Promise<View | string> {
  const kp = await hs.importKeyPair(hex(priv));
  assert.equal(toHex(kp.publicKey), role === "caller" ? v.pkA : v.pkB, "own public key");
  const f = { commit: hex(v.commit!), pkA: hex(v.pkA!), fpA: hex(v.fpA!), pkB: hex(v.pkB!), fpB: hex(v.fpB!) };
  try {
    const d = await derive(role, kp.privateKey, { ...f, ...ids });
    return {
      transcript: toHex(d.transcript),
      transcriptHash: toHex(d.transcriptHash),
      sharedSecret: toHex(d.sharedSecret),
      okm: toHex(d.okm),
      sframeBaseKey: toHex(d.sframeBaseKey),
      number: d.number,
      display: d.display,
    };
  } catch (e) {
    return codeOf(e);
  }
}
let ids = { callId: "", callerId: "", calleeId: "" };

async function runAll(derive = hs.derive): Promise<string[]> {
  const bad: string[] = [];
  for (const v of read("handshake.json").vectors) {
    ids = { callId: v.inputs.callId, callerId: v.inputs.callerId, calleeId: v.inputs.calleeId };
    for (const role of ["caller", "callee"] as const) {
      const view = v[role] as View | undefined;
      if (!view) continue;
      const priv = role === "caller" ? v.inputs.callerPrivateKey : v.inputs.calleePrivateKey;
      const got = await side(role, priv, view, derive);
      if (v.failingSide === role) {
        if (got !== v.expectError) {
          bad.push(`${v.name} ${role}: ${JSON.stringify(got).slice(0, 80)} instead of ${v.expectError}`);
        }
        continue;
      }
      for (const k of ["transcript", "transcriptHash", "sharedSecret", "okm", "sframeBaseKey", "number", "display"]) {
        if (typeof got === "string" || got[k] !== view[k]) bad.push(`${v.name} ${role} ${k}`);
      }
      if (role === "callee") {
        const rc = toHex(await hs.commitment(v.inputs.callId, hex(view.pkA!), hex(view.fpA!)));
        if (rc !== view.recomputedCommit) bad.push(`${v.name} recomputedCommit`);
      }
    }
  }
  return bad;
}

test("web handshake reproduces every vector of fixtures/vectors/handshake.json", async () => {
  assert.deepEqual(await runAll(), []);
});

test("the vector check catches a transcript hashed without the ids (broken variant)", async () => {
  const broken: typeof hs.derive = (role, key, f) => hs.derive(role, key, { ...f, callerId: "", calleeId: "" });
  assert.ok((await runAll(broken)).length > 10);
});

test("web handshake follows every case of fixtures/vectors/encoding.json", async () => {
  const f = read("encoding.json");
  const bad: string[] = [];
  for (const c of f.base64url) {
    let got: string;
    try {
      got = toHex(hs.b64uDecode(c.input));
    } catch {
      got = "refused";
    }
    if (got !== (c.valid ? c.bytes : "refused")) bad.push(`base64url ${c.name}: ${got}`);
    if (c.valid && hs.b64uEncode(hex(c.bytes)) !== c.input) bad.push(`base64url encode ${c.name}`);
  }
  for (const c of f.keys) {
    const kp = await hs.importKeyPair(hex(c.privateKey));
    let got: string;
    try {
      got = toHex(await hs.sharedSecret(kp.privateKey, hex(c.publicKey)));
    } catch (e) {
      got = `error ${codeOf(e)}`;
    }
    if (got !== (c.error ? `error ${c.error}` : c.sharedSecret)) bad.push(`keys ${c.name}: ${got}`);
  }
  const valid = {
    commit: new Uint8Array(32).fill(1),
    pkA: new Uint8Array(32).fill(9),
    fpA: new Uint8Array(32).fill(2),
    pkB: new Uint8Array(32).fill(9),
    fpB: new Uint8Array(32).fill(3),
    publicKey: new Uint8Array(32).fill(9),
  };
  const kp = await hs.importKeyPair(new Uint8Array(32).fill(5));
  for (const c of f.lengths) {
    const v = { ...valid, [c.field]: new Uint8Array(c.length).fill(7) };
    let got = "accepted";
    try {
      if (c.step === "sharedSecret") {
        if (c.field === "privateKey") await hs.importKeyPair((v as Record<string, Uint8Array>).privateKey!);
        else await hs.sharedSecret(kp.privateKey, v.publicKey);
      } else if (c.step === "commitment") await hs.commitment("call-1", v.pkA, v.fpA);
      else if (c.step === "checkCommitment") await hs.checkCommitment(v.commit, "call-1", v.pkA, v.fpA);
      else hs.transcript({ callId: "c", callerId: "a", calleeId: "b", ...v });
    } catch (e) {
      got = codeOf(e);
    }
    if (got !== c.error) bad.push(`lengths ${c.name}: ${got}`);
  }
  for (const c of f.numbers) {
    let got: string;
    try {
      got = hs.parseNumber(c.input);
    } catch (e) {
      got = `error ${codeOf(e)}`;
    }
    if (got !== (c.error ? `error ${c.error}` : c.number)) bad.push(`numbers ${c.name}: ${got}`);
  }
  for (const c of f.fingerprints) {
    let got: string;
    try {
      got = hs.fingerprintFromSdp(c.sdp);
    } catch (e) {
      got = `error ${codeOf(e)}`;
    }
    if (got !== (c.error ? `error ${c.error}` : c.fingerprint)) bad.push(`fingerprints ${c.name}: ${got}`);
  }
  assert.deepEqual(bad, []);
});

test("web handshake reproduces fixtures/vectors/confirm.json (SPEC §5.9 key confirmation)", async () => {
  const f = read("confirm.json");
  assert.ok(f.vectors.length > 0);
  for (const v of f.vectors) {
    if (v.ss === undefined || v.th === undefined) continue;
    const { tagA, tagB } = await hs.confirmTags(hex(v.ss), hex(v.th));
    assert.equal(toHex(tagA), v.callerTag, v.name);
    assert.equal(toHex(tagB), v.calleeTag, v.name);
    assert.notEqual(toHex(tagA), v.badTag);
  }
});
