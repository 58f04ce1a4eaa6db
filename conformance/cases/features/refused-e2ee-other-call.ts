/**
 * SPEC §2.4 F4 and F6 with F10: merge and consult transfer name a second call; when that call is E2EE the
 * implementation refuses with FEATURE_DISABLED_E2EE even though the call it asks in is standard — escalating an E2EE
 * call into a group or handing it to a third party would end its end-to-end encryption. The E2EE call is unchanged.
 *
 * Broken implementations caught: one that checks only the call the request is made in (the standard one) and so
 * lets the service pull the E2EE call into a merge or transfer (or asks the service and relies on its refusal).
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import {
  expectConnected,
  expectIndicatorOff,
  expectIndicatorOn,
  expectRefused,
  expectTopology,
  precondition,
  ROOT_CAUSES,
} from "../../verify.ts";
import { expectRefusalChangedNothing, hearEachOther } from "./_features.ts";

function otherCallCase(f: "merge" | "transfer-consult"): Case {
  const arg = f === "merge" ? "otherCallId" : "consultCallId";
  return defineCase({
    id: `feature.${f}.refused-e2ee-other-call`,
    clause: f === "merge" ? "§2.4 F6" : "§2.4 F4",
    level: "MUST",
    title: `"${f}" from a standard call naming an E2EE call is refused, and the E2EE call is unchanged`,
    requirement: "An E2EE call (topology `relay`) or an E2EE invite → `FEATURE_DISABLED_E2EE`; E2EE stays on (F10).",
    tags: ["features", "e2ee", f === "merge" ? "F6" : "F4", "F10", "CC12"],
    async run(h) {
      // alice and bob opted in (E2EE); carol did not, so alice–carol is standard. SPEC §12.2: set-up, not the check.
      await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true }, carol: {} } });
      const impl = await h.impl("alice");
      const bob = await h.ref("bob");
      const carol = await h.ref("carol");
      const e = await precondition(ROOT_CAUSES.e2eeCall, async () => {
        const e = await h.call(impl, bob);
        expectTopology(await h.record(e.id), "relay");
        expectIndicatorOn(e.caller, "The implementation (E2EE call)");
        expectIndicatorOn(e.callee, "The reference (E2EE call)");
        return e;
      });
      const s = await precondition(ROOT_CAUSES.standardCall, async () => {
        const s = await h.call(impl, carol);
        expectTopology(await h.record(s.id), "processor");
        expectIndicatorOff(s.caller, "The implementation (standard call)");
        await hearEachOther(h, impl, carol, s.id);
        return s;
      });
      await expectRefused(
        impl.feature(s.id, f, { [arg]: e.id }),
        "FEATURE_DISABLED_E2EE",
        `"${f}" of the standard call with the E2EE call`,
      );
      await expectRefusalChangedNothing(
        h,
        { impl, ref: bob, call: e, before: { impl: e.caller, ref: e.callee } },
        [f],
        2,
      );
      expectConnected(await impl.state(s.id), "The implementation (standard call, after the refusal)");
      expectConnected(await carol.state(s.id), "carol (standard call, after the refusal)");
    },
  });
}

export default [otherCallCase("merge"), otherCallCase("transfer-consult")];
