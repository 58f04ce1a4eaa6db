/**
 * Mixed protocol versions (SPEC §8 version floor, §2.1 P4): the reference counterpart authenticates as an older
 * endpoint (protocol 2), which the service treats as not E2EE-capable, so the call is standard although both users
 * turned E2EE on. The implementation runs it as a standard call: it connects, carries media both ways, never shows
 * the indicator, and does not hang waiting for a confirmation that an older peer never sends.
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import { speechFor } from "../../../src/media/mod.ts";
import { expectConnected, expectNeverShown, StateLog } from "../../verify.ts";
import { moreAudio, ROLES, roleTag } from "../_roles.ts";

const requirement =
  "What the service can still do is run a standard call (`strip`, or a party that authenticated below " +
  "protocol 3, which the service treats as not E2EE-capable, P4): then no side shows the indicator, " +
  "which is the outcome V1 requires of a standard call, not a downgrade hidden from the user.";

// Catches an endpoint that hangs (or hangs up) when its peer cannot speak protocol 3 instead of running the standard
// call, and one that shows the indicator in it.
const cases: Case[] = ROLES.map((as) =>
  defineCase({
    id: `verify.mixed-version.${as}`,
    clause: "§8",
    level: "MUST",
    title: `Against a protocol-2 peer the implementation (${as}) runs a standard call: connected, media both ways, ` +
      "no indicator",
    requirement,
    tags: ["verify", "e2ee", "versions", roleTag(as)],
    async run(h) {
      // Set-up: both users opted in; the reference counterpart speaks protocol 2 only.
      await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true } } });
      const [caller, callee] = await Promise.all([
        as === "caller" ? h.impl("alice") : h.ref("alice", { protocol: 2 }),
        as === "callee" ? h.impl("bob") : h.ref("bob", { protocol: 2 }),
      ]);
      const impl = as === "caller" ? caller : callee;
      const ref = as === "caller" ? callee : caller;
      const log = new StateLog(impl);
      const call = await h.call(caller, callee, { settle: false });
      // The implementation's own part: the call comes up (no hang), it hears the peer, and shows nothing.
      const up = await log.until(call.id, (s) => s.state === "connected" || s.state === "ended", 20_000, "connected")
        .catch(() => impl.state(call.id));
      expectConnected(up, "The implementation");
      await h.heard(impl, call.id, speechFor(ref.userId!));
      const later = await moreAudio(impl, call.id);
      log.stop();
      expectConnected(later, "The implementation");
      expectNeverShown([...log.of(call.id), later], "The implementation");
    },
  })
);

export default cases;
