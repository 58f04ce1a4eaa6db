/**
 * The web client's WebCrypto handshake (src/web/handshake.ts) against the published vectors, read as JSON — no code
 * from src/crypto is used, so this is a second implementation checked against the first one's files (SPEC §5).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as hs from "./handshake.ts";
import { PeerTagCheck } from "./confirm.ts";
import { checkWebHandshake } from "./_testing/handshake_check.ts";

const read = (f: string) => JSON.parse(readFileSync(new URL(`../../fixtures/vectors/${f}`, import.meta.url), "utf8"));
const hex = (s: string) => new Uint8Array(s.match(/../g)?.map((h) => parseInt(h, 16)) ?? []);
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const codeOf = (e: unknown) => (e as { code?: string }).code ?? String(e);

const runAll = (derive = hs.derive) => checkWebHandshake(read("handshake.json"), derive);

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
      } else if (c.step === "commitment") await hs.commitment("call-1", [3], v.pkA, v.fpA);
      else if (c.step === "checkCommitment") await hs.checkCommitment(v.commit, "call-1", [3], v.pkA, v.fpA);
      else hs.transcript({ callId: "c", callerId: "a", calleeId: "b", versions: [3], version: 3, ...v });
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

/** Runs every check of confirm.json through `Check`; returns "<vector> <check>: <results>" for each that differs. */
async function confirmChecks(Check: typeof PeerTagCheck = PeerTagCheck): Promise<string[]> {
  const f = read("confirm.json");
  const bad: string[] = [];
  for (const v of f.vectors) {
    for (const c of v.checks) {
      const check = new Check(c.verifier, { kA: hex(v.kA), kB: hex(v.kB), transcriptHash: hex(v.th) });
      const got: string[] = [];
      for (const t of c.tags) {
        try {
          await check.check(hex(t));
          got.push("ok");
        } catch (e) {
          got.push(codeOf(e));
        }
      }
      if (got.join() !== c.results.join()) bad.push(`${v.name} ${c.name}: ${got.join()}`);
    }
  }
  return bad;
}

test("web handshake reproduces fixtures/vectors/confirm.json: keys and tags of the chain, every check (SPEC §5.9)", async () => {
  const f = read("confirm.json");
  const hv = read("handshake.json").vectors;
  assert.ok(f.vectors.length > 0);
  for (const v of f.vectors) {
    // one chain: the confirm vector's keys and tags are those the web derivation gives for its handshake vector
    const h = hv.find((x: { name: string }) => x.name === v.handshake);
    const keys = await hs.keySchedule(hex(h.caller.sharedSecret), hex(v.th));
    assert.deepEqual([toHex(keys.kA), toHex(keys.kB)], [v.kA, v.kB], v.name);
    assert.equal(toHex(await hs.confirmTag("caller", keys.kA, hex(v.th))), v.tagA, v.name);
    assert.equal(toHex(await hs.confirmTag("callee", keys.kB, hex(v.th))), v.tagB, v.name);
  }
  assert.deepEqual(await confirmChecks(), []);
});

test("the confirm checks catch a web check that verifies under its own role or allows a second tag", async () => {
  class OwnRole extends PeerTagCheck {
    constructor(role: "caller" | "callee", d: ConstructorParameters<typeof PeerTagCheck>[1]) {
      super(role === "caller" ? "callee" : "caller", d);
    }
  }
  assert.ok((await confirmChecks(OwnRole)).some((x) => x.includes("reflected-to-caller")));
  class NoDuplicateRule extends PeerTagCheck {
    override async check(tag: Uint8Array): Promise<void> {
      await new PeerTagCheck(this.role, this.d).check(tag);
    }
  }
  assert.deepEqual((await confirmChecks(NoDuplicateRule)).map((x) => x.split(" ")[1]!.replace(":", "")), [
    "duplicate",
    "duplicate",
    "duplicate",
    "duplicate",
  ]);
});
