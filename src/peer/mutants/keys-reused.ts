/** Mutant (SPEC §2.2 V3): one X25519 key pair for every call, in both roles. */
import { CalleeHandshake, CallerHandshake, generateKeyPair } from "../../crypto/mod.ts";
import type { Mutant } from "../mutants.ts";

export const keysReused: Mutant = {
  id: "keys-reused",
  clause: "§2.2 V3",
  description: "One X25519 key pair is reused for every call",
  hints: ["verify"],
  variant: () => {
    let key: Uint8Array | undefined; // one per peer; each handshake copies it and wipes only its copy
    const privateKey = () => (key ??= generateKeyPair().privateKey);
    return {
      handshakes: {
        caller: (_call, opts) => new CallerHandshake({ ...opts, privateKey: privateKey() }),
        callee: (_call, opts) => new CalleeHandshake({ ...opts, privateKey: privateKey() }),
      },
    };
  },
};
