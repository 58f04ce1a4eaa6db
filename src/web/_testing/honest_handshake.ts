/**
 * Both sides of one honest web-client handshake (SPEC §5.4; §13.10 when `profiles` are given): the two key pairs and
 * the transcript fields each side fills alike. The fingerprints are 32 zero bytes in the SFrame profile (§13.10) and
 * fixed made-up bytes otherwise. WebCrypto only: the same helper serves Node, Deno and the browser bundles' tests.
 */
import * as hs from "../handshake.ts";
import { ZERO_FP } from "../profiles.ts";

export async function honestHandshake(
  o: { callId?: string; profiles?: readonly string[]; profile?: string } = {},
): Promise<{ a: hs.KeyPair; b: hs.KeyPair; f: hs.Fields }> {
  const callId = o.callId ?? "call-1";
  const a = await hs.generateKeyPair(), b = await hs.generateKeyPair();
  const sframe = o.profile === "sframe";
  const fpA = sframe ? ZERO_FP : new Uint8Array(32).fill(0xa1);
  const fpB = sframe ? ZERO_FP : new Uint8Array(32).fill(0xb2);
  const commit = await hs.commitment(callId, [3], a.publicKey, fpA, o.profiles);
  const f: hs.Fields = {
    callId,
    callerId: "alice",
    calleeId: "bob",
    versions: [3],
    version: 3,
    commit,
    pkA: a.publicKey,
    fpA,
    pkB: b.publicKey,
    fpB,
    ...(o.profiles ? { profiles: o.profiles, ...(o.profile ? { profile: o.profile } : {}) } : {}),
  };
  return { a, b, f };
}
