/**
 * SPEC §6.1 (own side), §2.1 P4: an endpoint whose own side no longer allows E2EE — an administrator assigned the
 * user a `disabled` policy after the endpoint signed in — neither commits in its invite (caller) nor sends its key in
 * its accept (callee). The service would ignore either (`commit-ignored`, `pk-ignored`, §4.2) and the call is standard
 * in any case, so the check is on what the endpoint sent: the service's `signal` log of its invite or accept.
 */
import { CaseFailure, defineCase, PreconditionFailed } from "../../case.ts";
import type { Case } from "../../case.ts";
import { expectIndicatorOff, expectTopology, precondition, ROOT_CAUSES } from "../../verify.ts";
import { pair, ROLES, roleTag, sides } from "../_roles.ts";
import { signals } from "../_wire.ts";

// Catches an endpoint that keeps the setting it got at sign-in (welcome.settings) instead of asking the service before
// the call, and a callee that "lets the service decide" (sends its key whenever the invite carried a commitment).
const cases: Case[] = ROLES.map((as) =>
  defineCase({
    id: `policy.own-side.${as}`,
    clause: "§6.1 own side",
    level: "MUST",
    title: as === "caller"
      ? "After an admin disallows E2EE for its user, the implementation's invite carries no commitment"
      : "After an admin disallows E2EE for its user, the implementation answers an E2EE invite without its key",
    requirement: "An endpoint whose own side does not allow E2EE MUST NOT send `invite.e2ee` or `accept.e2ee`, even " +
      "though the service would ignore them (`commit-ignored`, `pk-ignored`, §4.2) and the call would " +
      "still be standard.",
    tags: ["policy", "own-side", "e2ee", roleTag(as)],
    async run(h) {
      const t = await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true } } });
      const p = await pair(h, as);
      // After sign-in (the welcome said visible and on), the admin disallows E2EE for the implementation's user.
      await h.admin.assignUser(t.id(as === "caller" ? "alice" : "bob"), "deny");
      // SPEC §12.2: set-up, not the check: P4 makes the call standard whatever the implementation sent.
      const rec = await precondition(ROOT_CAUSES.standardCall, async () => {
        const call = await h.call(p.caller, p.callee);
        const rec = await h.record(call.id);
        expectTopology(rec, "processor");
        expectIndicatorOff(sides(call, as).impl, "The implementation (standard call)");
        return rec;
      });
      const type = as === "caller" ? "invite" : "accept";
      const field = as === "caller" ? "commit" : "pk";
      const sent = signals(rec, as, type)[0];
      if (!sent) {
        throw new PreconditionFailed(
          ROOT_CAUSES.evidence,
          `The service did not observe the implementation's ${type}`,
          type,
          null,
        );
      }
      const ignored = rec.log.filter((e) => e.event === (as === "caller" ? "commit-ignored" : "pk-ignored"));
      if (sent[field] !== undefined || ignored.length > 0) {
        throw new CaseFailure(
          as === "caller"
            ? "The implementation committed in its invite although its own side does not allow E2EE"
            : "The implementation answered with its key although its own side does not allow E2EE",
          `an ${type} without e2ee.${field}`,
          { [field]: sent[field] ?? null, serviceLog: ignored.map((e) => e.event) },
        );
      }
    },
  })
);

export default cases;
