import { defineCase } from "../../case.ts";
import { CaseFailure } from "../../case.ts";
import { expectIndicatorOn } from "../../verify.ts";

// Catches an implementation that keeps one X25519 key pair across calls (a static key turns one compromise into
// every past and future call's): the key it sends in `accept` must differ from call to call.
export default defineCase({
  id: "verify.fresh-key.callee",
  clause: "§2.2 V3",
  level: "MUST",
  title: "A fresh X25519 key for every call (implementation as callee)",
  requirement: "The number MUST be exactly 20 decimal digits and fresh for every call: keys and DTLS certificates MUST NOT be reused across calls.",
  tags: ["verify", "e2ee", "impl-callee"],
  async run(h) {
    await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true } } });
    const ref = await h.ref("alice");
    const impl = await h.impl("bob");
    const keys: (string | null)[] = [];
    for (let i = 0; i < 2; i++) {
      const call = await h.call(ref, impl);
      expectIndicatorOn(call.callee, `The implementation (call ${i + 1})`);
      keys.push((await h.record(call.id)).e2ee.pk);
      await ref.hangup(call.id);
      await impl.until(call.id, (s) => s.state === "ended", 10_000, "the call to end");
    }
    if (!keys[0] || keys[0] === keys[1]) throw new CaseFailure("The implementation sent the same X25519 key in two calls", "two different keys", keys);
  },
});
