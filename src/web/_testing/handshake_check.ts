/**
 * Checks the web client's handshake (src/web/handshake.ts) against fixtures/vectors/handshake.json, given as parsed
 * JSON: every side of every vector (SPEC §5, and the SPEC §13.10 profile vectors). Returns the mismatches (empty =
 * all reproduced). No DOM, no Node API: the same function runs under Node, Deno and in Chromium.
 */
import * as hs from "../handshake.ts";
import { chooseProfile } from "../profiles.ts";

const hex = (s: string) => new Uint8Array(s.match(/../g)?.map((h) => parseInt(h, 16)) ?? []);
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const codeOf = (e: unknown) => (e as { code?: string }).code ?? String(e);

/** The parts of handshake.json the check reads. */
export interface HandshakeVectorFile {
  // deno-lint-ignore no-explicit-any
  vectors: any[];
}

type View = Record<string, string> & { profiles?: string[] };

/** Runs one side's view with `derive`; returns the fields it computed, or the error code. */
async function side(role: "caller" | "callee", priv: string, v: View, derive = hs.derive): Promise<View | string> {
  const kp = await hs.importKeyPair(hex(priv));
  if (toHex(kp.publicKey) !== (role === "caller" ? v.pkA : v.pkB)) return "own public key differs";
  const f = {
    versions: v.versions as unknown as number[],
    version: v.version as unknown as number,
    commit: hex(v.commit!),
    pkA: hex(v.pkA!),
    fpA: hex(v.fpA!),
    pkB: hex(v.pkB!),
    fpB: hex(v.fpB!),
    // SPEC §13.10: the offered profiles and the choice as this side saw them, only in a call with them
    ...(v.profiles !== undefined ? { profiles: v.profiles } : {}),
    ...(v.profile !== undefined ? { profile: v.profile } : {}),
  };
  try {
    const d = await derive(role, kp.privateKey, { ...f, ...ids });
    return {
      transcript: toHex(d.transcript),
      transcriptHash: toHex(d.transcriptHash),
      sharedSecret: toHex(d.sharedSecret),
      okm: toHex(d.okm),
      callerConfirmKey: toHex(d.kA),
      calleeConfirmKey: toHex(d.kB),
      callerSframeKey: toHex(d.sframeA),
      calleeSframeKey: toHex(d.sframeB),
      number: d.number,
      display: d.display,
      callerTag: toHex(d.tagA),
      calleeTag: toHex(d.tagB),
    };
  } catch (e) {
    return codeOf(e);
  }
}
let ids = { callId: "", callerId: "", calleeId: "" };

/** Every mismatch between the web handshake (`derive`, or a broken variant of it) and the vector file. */
export async function checkWebHandshake(file: HandshakeVectorFile, derive = hs.derive): Promise<string[]> {
  const bad: string[] = [];
  for (const v of file.vectors) {
    ids = { callId: v.inputs.callId, callerId: v.inputs.callerId, calleeId: v.inputs.calleeId };
    for (const role of ["caller", "callee"] as const) {
      const view = v[role] as View | undefined;
      if (!view) continue;
      const priv = role === "caller" ? v.inputs.callerPrivateKey : v.inputs.calleePrivateKey;
      // SPEC §13.10: a callee that cannot choose stops before it uses a key (the vector has none)
      const got = priv === undefined && v.inputs.calleeImplements
        ? await Promise.resolve().then(() => chooseProfile(view.profiles, v.inputs.calleeImplements)).then(
          (p) => `chose ${p}`,
          codeOf,
        )
        : await side(role, priv, view, derive);
      if (v.failingSide === role) {
        if (got !== v.expectError) {
          bad.push(`${v.name} ${role}: ${JSON.stringify(got).slice(0, 80)} instead of ${v.expectError}`);
        }
        continue;
      }
      const fields = ["transcript", "transcriptHash", "sharedSecret", "okm", "callerConfirmKey", "calleeConfirmKey"];
      fields.push("callerSframeKey", "calleeSframeKey", "number", "display", "callerTag", "calleeTag");
      for (const k of fields) {
        if (typeof got === "string" || got[k] !== view[k]) bad.push(`${v.name} ${role} ${k}`);
      }
      if (role === "callee") {
        const versions = view.versions as unknown as number[];
        const rc = toHex(
          await hs.commitment(v.inputs.callId, versions, hex(view.pkA!), hex(view.fpA!), view.profiles),
        );
        if (rc !== view.recomputedCommit) bad.push(`${v.name} recomputedCommit`);
      }
    }
  }
  return bad;
}
