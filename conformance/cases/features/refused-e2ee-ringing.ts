/**
 * SPEC §2.4 F9 with F10, §4.5 (voicemail and simultaneous ring apply to invites): an E2EE invite is never rung to
 * another user and never falls back to voicemail. With the implementation as the ringing callee, it refuses to send
 * the call to voicemail or to ring another user (FEATURE_DISABLED_E2EE, without asking the service), and the call,
 * once answered, is E2EE. (That the service never rings an E2EE invite elsewhere nor sends it to voicemail is the
 * service's rule: src/service/f9_e2ee_invite_test.ts.)
 *
 * Broken implementations caught: a callee that lets a ringing E2EE call go to voicemail or to another user (or asks
 * the service to), or whose refusal leaves the call in a state where answering no longer gives E2EE.
 */
import { CaseFailure, defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import type { Party } from "../../../src/driver/mod.ts";
import {
  expectFeatureAbsent,
  expectIndicatorOn,
  expectNumbersEqual,
  expectRefused,
  expectTopology,
  expectTrue,
  precondition,
  ROOT_CAUSES,
} from "../../verify.ts";
import { ringsAt } from "./_features.ts";

/** Nothing rings at `p` within `ms` (a short bound: the service rings at once when it rings at all). */
async function expectNotRung(p: Party, ms: number, what: string): Promise<void> {
  const inc = await p.incoming(ms).catch(() => null);
  if (inc) throw new CaseFailure(what, "no call.incoming", inc);
}

function ringingCase(f: "voicemail" | "simultaneous-ring"): Case {
  return defineCase({
    id: `feature.${f}.refused-e2ee-ringing`,
    clause: "§2.4 F9",
    level: "MUST",
    title: `Ringing with an E2EE invite, the implementation refuses "${f}" and the call, once answered, is E2EE`,
    requirement:
      "`voicemail` and `simultaneous-ring` requested on it are refused with `FEATURE_DISABLED_E2EE` (by the " +
      "endpoint, which sees the commitment and knows it would answer with E2EE, and by the service) and " +
      "change nothing.",
    tags: ["features", "e2ee", "F9", "F10", "CC11", "impl-callee"],
    async run(h) {
      const t = await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true }, carol: {} } });
      const alice = await h.ref("alice");
      const impl = await h.impl("bob");
      const carol = await h.ref("carol");
      const id = await alice.place(impl.userId!);
      h.track(id);
      // SPEC §12.2: set-up, not the check: the implementation rings with an E2EE invite.
      await precondition(ROOT_CAUSES.e2eeCall, async () => {
        await ringsAt(h, impl, id, ROOT_CAUSES.e2eeCall);
        const rec0 = await h.record(id);
        expectTrue(
          rec0.e2ee.commit !== null && rec0.e2ee.eligible,
          "The invite is not E2EE (caller committed, both eligible)",
          true,
          rec0.e2ee,
        );
      });
      expectFeatureAbsent(await impl.state(id), f, "The implementation (ringing)");
      await expectRefused(
        impl.feature(id, f, f === "simultaneous-ring" ? { to: t.id("carol") } : undefined),
        "FEATURE_DISABLED_E2EE",
        `The implementation's request for "${f}" while an E2EE invite rings`,
      );
      await impl.answer(id);
      const [a, b] = await Promise.all([
        alice.until(id, (s) => s.state === "ended" || s.e2ee.indicator, 20_000, "the call to settle"),
        impl.until(id, (s) => s.state === "ended" || s.e2ee.indicator, 20_000, "the call to settle"),
      ]);
      expectIndicatorOn(a, "The caller");
      expectIndicatorOn(b, "The implementation (after its refused request, F10)");
      expectNumbersEqual(a, b);
      const rec = await h.record(id);
      expectTopology(rec, "relay");
      const refused = rec.log.filter((e) => e.event === "feature-refused");
      if (refused.length) {
        throw new CaseFailure(
          "The implementation sent the request to the service instead of refusing it itself",
          "no `feature-refused` entry",
          refused,
        );
      }
      expectTrue(!rec.voicemail, "The E2EE invite went to voicemail", false, rec.voicemail);
      if (f === "voicemail") {
        const box = (await h.admin.voicemails(impl.userId!)).length;
        expectTrue(box === 0, "A voicemail message was filed for an E2EE invite", 0, box);
      } else {
        await expectNotRung(carol, 300, "The E2EE invite rang another user");
      }
    },
  });
}

export default [ringingCase("voicemail"), ringingCase("simultaneous-ring")];
