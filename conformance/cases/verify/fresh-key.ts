/**
 * Fresh X25519 keys per call, per role, on the wire (SPEC §2.2 V3, §5.3): over three calls the key the implementation
 * sent — in `accept` as callee, in `reveal` as caller, as the service observed them before any adversary — is never
 * repeated. A static key turns one compromise into every past and future call's.
 */
import { CaseFailure, defineCase, PreconditionFailed } from "../../case.ts";
import type { Case } from "../../case.ts";
import { expectIndicatorOn, precondition, ROOT_CAUSES } from "../../verify.ts";
import { pair, ROLES, roleTag, sides } from "../_roles.ts";
import { wireKey } from "../_wire.ts";

const CALLS = 3;

// Catches an implementation that keeps one X25519 key pair across calls in either role (a caller-only reuse is
// invisible to the callee case, and the other way round).
const cases: Case[] = ROLES.map((as) =>
  defineCase({
    id: `verify.fresh-key.${as}`,
    clause: "§2.2 V3",
    level: "MUST",
    title: `A fresh X25519 key for every call (implementation as ${as})`,
    requirement: "The number MUST be exactly 20 decimal digits (§5.6) and fresh for every call: keys and DTLS " +
      "certificates MUST NOT be reused across calls.",
    tags: ["verify", "e2ee", roleTag(as)],
    async run(h) {
      await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true } } });
      const p = await pair(h, as);
      const keys: (string | null)[] = [];
      for (let i = 0; i < CALLS; i++) {
        // SPEC §12.2: set-up, not the check: each call comes up E2EE and ends on the other side's hang-up.
        const call = await precondition(ROOT_CAUSES.e2eeCall, async () => {
          const call = await h.call(p.caller, p.callee);
          expectIndicatorOn(sides(call, as).impl, `The implementation (call ${i + 1})`);
          return call;
        });
        keys.push(wireKey(await h.record(call.id), as));
        await precondition(ROOT_CAUSES.e2eeCall, async () => {
          await p.ref.hangup(call.id);
          await p.impl.until(call.id, (s) => s.state === "ended", 10_000, "the call to end");
        });
      }
      if (keys.some((k) => k === null)) {
        throw new PreconditionFailed(
          ROOT_CAUSES.evidence,
          "The service did not observe the implementation's key in every call",
          `${CALLS} keys`,
          keys,
        );
      }
      if (new Set(keys).size !== CALLS) {
        throw new CaseFailure(
          `The implementation sent the same X25519 key in two of ${CALLS} calls`,
          `${CALLS} different keys`,
          keys,
        );
      }
    },
  })
);

export default cases;
