/**
 * Mutant (SPEC §5.3): bit 255 of a received X25519 key is masked before the key enters the commitment check (callee)
 * and the transcript (both roles). X25519 masks it anyway, so the shared secret is the same; but SPEC §5.3 says the
 * commitment and the transcript carry the key as received, so a service that flips the bit must change the outcome.
 */
import { CalleeHandshake, CallerHandshake } from "../../crypto/mod.ts";
import type { Mutant } from "../mutants.ts";
import { calleeWith, callerWith } from "./_handshake.ts";

/** The key with bit 255 cleared (the fault: a normalised form where SPEC §5.3 wants the bytes as received). */
function masked(pk: Uint8Array): Uint8Array {
  const out = pk.slice();
  if (out.length === 32) out[31] = out[31]! & 0x7f;
  return out;
}

export const bit255Masked: Mutant = {
  id: "bit255-masked",
  clause: "§5.3",
  description: "Bit 255 of a received key is masked before the commitment check and the transcript",
  hints: ["handshake.flip-bit255"],
  variant: () => ({
    handshakes: {
      caller: (_call, opts) => {
        const hs = new CallerHandshake(opts);
        return callerWith(hs, { acceptReceived: (pkB, fp, v, p) => hs.acceptReceived(masked(pkB), fp, v, p) });
      },
      callee: (_call, opts) => {
        const hs = new CalleeHandshake(opts);
        return calleeWith(() => hs, { onReveal: (pkA, fp) => hs.onReveal(masked(pkA), fp) });
      },
    },
  }),
};
