/**
 * Checks the web client's SFrame (src/web/sframe.ts) against fixtures/vectors/sframe.json, given as parsed JSON:
 * every RFC 9605 Appendix C vector, the profile vectors and the negative sequences. Returns the mismatches (empty =
 * all reproduced). No DOM, no Node API: the same function runs under Node, Deno and in Chromium.
 */
import * as w from "../sframe.ts";

type Rec = Record<string, string> & { cipherSuite: number };
type Side = { kid: string; baseKey: string; sframeKey: string; sframeSalt: string; frames: Rec[] };
/** The parts of sframe.json the check reads. */
export interface SFrameVectorFile {
  rfc9605: { header: Rec[]; aesCtrHmac: Rec[]; sframe: Rec[] };
  shieldcall: {
    profile: (Rec & { prk: string; caller: Side; callee: Side })[];
    negative: (Rec & { frames: { what: string; frame: string; metadata: string; expect: string }[] })[];
  };
}

const hex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

/** The implementation under check (the web module, or a broken variant of it). */
export type WebSFrame = typeof w;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

/** Every mismatch between `impl` and the vector file. */
export async function checkWebSFrame(f: SFrameVectorFile, impl: WebSFrame = w): Promise<string[]> {
  const bad: string[] = [];
  for (const h of f.rfc9605.header) {
    if (toHex(impl.encodeHeader(BigInt(h.kid), BigInt(h.ctr))) !== h.header) bad.push(`C.1 encode ${h.header}`);
    const d = impl.decodeHeader(hex(h.header));
    if (d.kid !== BigInt(h.kid) || d.ctr !== BigInt(h.ctr) || 2 * d.length !== h.header.length) {
      bad.push(`C.1 decode ${h.header}`);
    }
  }
  for (const v of f.rfc9605.aesCtrHmac) {
    const k = await impl.importAeadKey(impl.SUITES[v.cipherSuite]!, hex(v.key));
    if (toHex(await impl.aeadSeal(k, hex(v.nonce), hex(v.aad), hex(v.pt))) !== v.ct) bad.push(`C.2 ${v.cipherSuite}`);
    const pt = await impl.aeadOpen(k, hex(v.nonce), hex(v.aad), hex(v.ct));
    if (!pt || toHex(pt) !== v.pt) bad.push(`C.2 open ${v.cipherSuite}`);
  }
  for (const v of f.rfc9605.sframe) {
    const s = impl.SUITES[v.cipherSuite]!, kid = BigInt(v.kid), ctr = BigInt(v.ctr);
    const { key, salt } = await impl.deriveKeySalt(s, kid, hex(v.baseKey));
    const got: Record<string, string> = {
      sframeKeyLabel: toHex(impl.kdfLabel("key", kid, s.id)),
      sframeSaltLabel: toHex(impl.kdfLabel("salt", kid, s.id)),
      sframeKey: toHex(key),
      sframeSalt: toHex(salt),
      nonce: toHex(impl.nonceFor(salt, ctr)),
    };
    for (const [k, x] of Object.entries(got)) if (x !== v[k]) bad.push(`C.3 suite ${v.cipherSuite} ${k}`);
    const tx = new impl.SFrameEndpoint(v.cipherSuite), rx = new impl.SFrameEndpoint(v.cipherSuite);
    await tx.addEncryptKey(kid, hex(v.baseKey), ctr);
    await rx.addDecryptKey(kid, hex(v.baseKey));
    if (toHex(await tx.seal(kid, hex(v.pt), hex(v.metadata))) !== v.ct) bad.push(`C.3 suite ${v.cipherSuite} ct`);
    if (toHex((await rx.open(hex(v.ct), hex(v.metadata))).plaintext) !== v.pt) bad.push(`C.3 ${v.cipherSuite} open`);
  }
  for (const v of f.shieldcall.profile) {
    const keys = await impl.senderBaseKeys(hex(v.prk));
    for (const role of ["caller", "callee"] as const) {
      const side = v[role];
      if (toHex(keys[role]) !== side.baseKey || BigInt(side.kid) !== impl.KID[role]) bad.push(`${v.name} ${role} key`);
      const tx = new impl.SFrameEndpoint(v.cipherSuite);
      await tx.addEncryptKey(impl.KID[role], keys[role]);
      for (const fr of side.frames) {
        if (toHex(await tx.seal(impl.KID[role], hex(fr.pt))) !== fr.ct) bad.push(`${v.name} ${role} ${fr.ctr}`);
      }
    }
  }
  for (const c of f.shieldcall.negative) {
    const rx = new impl.SFrameEndpoint(c.cipherSuite);
    await rx.addDecryptKey(BigInt(c.kid), hex(c.baseKey));
    for (const fr of c.frames) {
      const got = await codeOf(rx.open(hex(fr.frame), hex(fr.metadata)));
      if (got !== fr.expect) bad.push(`${c.name}: ${fr.what}: ${got}`);
    }
  }
  return bad;
}
