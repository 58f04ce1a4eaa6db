/**
 * Mutant (SPEC §5.9): the peer's tag is also accepted when it verifies under the endpoint's OWN role's key and label,
 * so its own tag reflected back verifies (an honest peer's tag still does too).
 */
import { verifyPeerConfirm } from "../../crypto/mod.ts";
import type { Mutant } from "../mutants.ts";

export const hmacWrongRoleLabel: Mutant = {
  id: "hmac-wrong-role-label",
  clause: "§5.9",
  description: "The peer's key-confirmation tag is also checked under the endpoint's own role label and key, so a " +
    "reflected tag verifies",
  hints: ["verify.confirm-reflect"],
  variant: () => ({
    confirmCheck: (role, keys, th, tag) => {
      try {
        verifyPeerConfirm(role, keys, th, tag);
      } catch {
        // The fault: "as the peer would check it" — under this endpoint's own role's key and label.
        verifyPeerConfirm(role === "caller" ? "callee" : "caller", keys, th, tag);
      }
    },
  }),
};
