/**
 * SPEC §2.4 F10 (with P5): "A user who needs a feature turns E2EE off in settings; the next call offers it." The
 * implementation's user turns E2EE off in the middle of an E2EE call: that call stays E2EE and keeps refusing
 * (P5, F10); the next call between the same users is standard and offers every feature, and recording works.
 *
 * Catches an implementation that drops E2EE in the running call when the setting changes (a downgrade of a call
 * the users were told is encrypted), one that does not store the setting through the service (the next call is
 * E2EE again), and one that keeps a stale "no features" state into the next call.
 */
import { CaseFailure, defineCase } from "../../case.ts";
import {
  expectEqual,
  expectFeatureAbsent,
  expectIndicatorOff,
  expectPerformed,
  expectRefused,
  expectTopology,
  expectTrue,
} from "../../verify.ts";
import { e2eeCall, expectRefusalChangedNothing, FEATURES, hearEachOther, performed } from "./_features.ts";

export default defineCase({
  id: "feature.f10.setting-off-next-call",
  clause: "§2.4 F10",
  level: "MUST",
  title: "After turning E2EE off in settings, the current call still refuses features and the next call offers them",
  requirement: "A user who needs a feature turns E2EE off in settings; the next call offers it.",
  tags: ["features", "e2ee", "standard", "F10", "P5"],
  async run(h) {
    const { impl, ref, call, implState, refState } = await e2eeCall(h, "caller");
    await expectRefused(
      impl.feature(call.id, "recording"),
      "FEATURE_DISABLED_E2EE",
      "Recording before the setting change",
    );
    expectEqual(
      await impl.setSettings(false),
      { visible: true, enabled: false },
      "The implementation's settings.set(false) result",
    );
    // P5: the running call is untouched by the setting change; F10: still nothing offered, still refused.
    await expectRefused(
      impl.feature(call.id, "recording"),
      "FEATURE_DISABLED_E2EE",
      "Recording after the setting change, in the same call",
    );
    await expectRefusalChangedNothing(h, { impl, ref, call, before: { impl: implState, ref: refState } }, FEATURES);
    await impl.hangup(call.id);
    await ref.until(call.id, (s) => s.state === "ended", 5000, "the first call to end");

    const next = await h.call(impl, ref);
    const rec = await h.record(next.id);
    expectTopology(rec, "processor");
    expectIndicatorOff(next.caller, "The implementation (next call)");
    expectIndicatorOff(next.callee, "The reference peer (next call)");
    expectTrue(
      rec.e2ee.reasons.includes("caller-setting-off"),
      "The next call is standard for another reason than the caller's setting",
      "caller-setting-off",
      rec.e2ee.reasons,
    );
    const missing = FEATURES.filter((f) => !next.caller.features.includes(f));
    if (missing.length) {
      throw new CaseFailure("The next (standard) call does not offer every feature", [...FEATURES], {
        offered: next.caller.features,
        missing,
      });
    }
    await hearEachOther(h, impl, ref, next.id);
    await expectPerformed(
      impl.feature(next.id, "recording"),
      `The implementation's recording request in a standard call`,
    );
    expectTrue(
      performed(await h.record(next.id), "recording"),
      "The service did not perform recording in the next call",
      "a `feature` log entry for recording",
      "none",
    );
    // The E2EE call before it never had a feature performed.
    expectFeatureAbsent(await impl.state(call.id), "recording", "The implementation (first call, after it ended)");
  },
});
