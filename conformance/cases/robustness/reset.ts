/**
 * SPEC §7 `reset`: the suite reuses an adapter for later cases only because `reset` leaves nothing behind. After it,
 * the live call has ended at the other side, the adapter is unconfigured (AUTH_REQUIRED), it says nothing more about
 * the old call, a configure as another user shows that user's setting, and the next E2EE call uses a new key.
 */
import { CaseFailure, defineCase } from "../../case.ts";
import { DriverError } from "../../../src/driver/mod.ts";
import { expectIndicatorOn, expectSettings, precondition, refusal, ROOT_CAUSES } from "../../verify.ts";

// Catches an adapter whose reset answers but keeps the call, the configuration or the caches (a reused adapter would
// then carry one case's call, user, setting or key into the next case).
export default defineCase({
  id: "robustness.reset-leaves-nothing",
  clause: "§7 reset",
  level: "MUST",
  title: "After reset the adapter has no call, no configuration, no cached setting and no cached key",
  requirement: "An adapter that lists `reset` in `hello.methods` MUST, before it answers `reset`: end every call it " +
    "has, as a hang-up would (the other side sees the call end), and close its media; close its " +
    "connection to the service and forget its configuration (user, token, device, endpoint); drop " +
    "everything it cached for the configured user: settings, keys, certificates, handshake state, call " +
    "records.",
  tags: ["robustness", "driver", "e2ee", "impl-callee"],
  async run(h) {
    await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true }, carol: {} } });
    const ref = await h.ref("bob");
    const impl = await h.impl("alice");
    if (!impl.resettable) {
      h.info("The adapter does not list reset: the suite starts a fresh adapter process for every case");
    }
    // SPEC §12.2: set-up, not the check: an E2EE call is up before reset.
    const call1 = await precondition(ROOT_CAUSES.e2eeCall, async () => {
      const call1 = await h.call(ref, impl);
      expectIndicatorOn(call1.callee, "The implementation (callee) before reset");
      return call1;
    });
    const key1 = (await h.record(call1.id)).e2ee.pk;

    await impl.reset();
    let late = 0;
    impl.client.onNotification((_m, p) => {
      if (JSON.stringify(p).includes(call1.id)) late++;
    });
    // No call: the other side sees the call end.
    await ref.until(call1.id, (s) => s.state === "ended", 10_000, "the call to end at the reference after reset").catch(
      () => {
        throw new CaseFailure(
          "The call was still live at the other side after reset",
          "ended",
          "not ended within 10 s",
        );
      },
    );
    // No configuration: unconfigured again.
    for (
      const [what, p] of [["settings.get", impl.settings()], [
        "call.state of the old call",
        impl.state(call1.id),
      ]] as const
    ) {
      const code = await refusal(p);
      if (code !== "AUTH_REQUIRED") {
        throw new CaseFailure(
          `After reset ${what} was not refused with AUTH_REQUIRED`,
          "AUTH_REQUIRED",
          code ?? "answered",
        );
      }
    }

    // No cached setting: carol's own (off, visible) — not alice's (on).
    await h.configureAs(impl, "carol");
    expectSettings(
      await impl.settings(),
      { visible: true, enabled: false },
      "The implementation configured as carol after reset",
    );
    const old = await impl.state(call1.id).then(() => "answered", (e) => (e instanceof DriverError ? e.code : "error"));
    if (old === "answered") {
      throw new CaseFailure("After reset the adapter still knew the old call", "an error", "its state");
    }

    // No cached key: a new E2EE call as alice again carries another X25519 key.
    await impl.reset();
    await h.configureAs(impl, "alice");
    const call2 = await precondition(ROOT_CAUSES.e2eeCall, async () => {
      const call2 = await h.call(ref, impl);
      expectIndicatorOn(call2.callee, "The implementation (callee) after reset");
      return call2;
    });
    const key2 = (await h.record(call2.id)).e2ee.pk;
    if (!key1 || key1 === key2) {
      throw new CaseFailure(
        "The implementation sent the same X25519 key before and after reset",
        "two different keys",
        [key1, key2],
      );
    }
    if (late > 0) throw new CaseFailure("The adapter sent notifications about the old call after reset", 0, late);
  },
});
