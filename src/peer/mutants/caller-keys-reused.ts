/** Mutant (SPEC §2.2 V3): the caller reuses one X25519 key pair for every call it places; as callee it is fresh. */
import { CallerHandshake, generateKeyPair } from "../../crypto/mod.ts";
import type { Mutant } from "../mutants.ts";

export const callerKeysReused: Mutant = {
  id: "caller-keys-reused",
  clause: "§2.2 V3",
  description: "The caller reuses one X25519 key pair for every call it places (the callee's keys stay fresh)",
  hints: ["verify.fresh-key"],
  variant: () => {
    let key: Uint8Array | undefined; // one per peer; each handshake copies it
    return {
      handshakes: {
        caller: (_call, opts) => new CallerHandshake({ ...opts, privateKey: key ??= generateKeyPair().privateKey }),
      },
    };
  },
};
