/**
 * SPEC §6.1 (session closed by the service), §10 tokens: during an E2EE call the administrator revokes the token the
 * implementation signed in with; the service closes its signaling connection (4401) and hangs up its call. The
 * implementation MUST end the call at once — CallState `ended`, indicator and number off — not keep a call it can
 * no longer signal in.
 */
import { CaseFailure, defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import { expectEnded, expectIndicatorOff, expectTrue, precondition, ROOT_CAUSES } from "../../verify.ts";
import { e2eeCall, ROLES, roleTag } from "../_roles.ts";

// Catches an endpoint that keeps its live call, with the indicator on, after the service closed its signaling session.
const cases: Case[] = ROLES.map((as) =>
  defineCase({
    id: `robustness.session-closed.${as}`,
    clause: "§6.1 session closed",
    level: "MUST",
    title:
      `Its token revoked mid-call (close 4401), the implementation (${as}) ends the call and the indicator goes off`,
    requirement:
      "The endpoint MUST then end every call it has at once: its CallState (§7) becomes `ended`, it closes " +
      "the call's media, and the indicator and the number go off.",
    tags: ["robustness", "e2ee", "tokens", roleTag(as)],
    async run(h) {
      // SPEC §12.2: set-up, not the check: an E2EE call is up, and the service closed the implementation's session.
      const { t, call, ...p } = await e2eeCall(h, as);
      await precondition(ROOT_CAUSES.service, async () => {
        const revoked = await h.admin.revokeToken(t.token(as === "caller" ? "alice" : "bob"));
        expectTrue(revoked.closed >= 1, "The service closed no signaling connection of the implementation", 1, revoked);
      });
      const end = await p.impl.until(call.id, (s) => s.state === "ended", 10_000, "the call to end").catch(
        async (e) => {
          const s = await p.impl.state(call.id).catch(() => null);
          if (s === null) {
            throw new CaseFailure("The implementation no longer reports the call", "a CallState", String(e));
          }
          return s;
        },
      );
      expectEnded(end, "After the service closed its signaling session, the implementation");
      expectIndicatorOff(end, "After the service closed its signaling session, the implementation");
    },
  })
);

export default cases;
