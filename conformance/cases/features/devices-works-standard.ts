/**
 * SPEC §2.4 F7 "in a standard call each works", §4.5 (other devices): call companion rings another device of the
 * implementation's user, which joins listen-only and hears the call; device transfer moves the call to the other
 * device — the implementation's call ends ("moved") and the other party now hears the new device.
 *
 * Broken implementations caught: one that offers companion / device transfer but never sends the request (the
 * other device never rings), or keeps its own media up after the call moved.
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import { expectConnected, expectFeatureOffered, expectPerformed } from "../../verify.ts";
import { expectVia, hearEachOther, incomingAt } from "./_features.ts";
import { endsWith, hearsAfter, mark } from "./_media.ts";

function deviceCase(feature: "companion" | "device-transfer"): Case {
  return defineCase({
    id: `feature.${feature}.works-standard`,
    clause: "§2.4 F7",
    level: "MUST",
    title: feature === "companion"
      ? "Call companion: the user's other device joins and hears the call"
      : "Transfer to another device: the call moves to the user's other device",
    requirement: "In a standard call each works (§4.4, §4.5).",
    tags: ["features", "standard", "F7", "CC9", "call-control"],
    async run(h) {
      await h.tenant({ users: { alice: {}, bob: {} } });
      const impl = await h.impl("alice", { device: "d1" });
      const other = await h.ref("alice", { device: "d2" });
      const bob = await h.ref("bob");
      const x = await h.call(impl, bob);
      expectFeatureOffered(x.caller, feature, "The implementation");
      await hearEachOther(h, impl, bob, x.id);
      const r = await expectPerformed(
        impl.feature(x.id, feature),
        `The implementation's ${feature} request in a standard call`,
      );
      h.note(`${feature} result: ${JSON.stringify(r)}`);
      const inc = await incomingAt(h, other);
      expectVia(inc, bob.userId!, feature, impl.userId!, "the user's other device");
      await other.answer(inc.callId);
      await hearsAfter(h, other, inc.callId, bob.userId!, 0);
      if (feature === "companion") {
        // The requester stays in the call and keeps talking with bob.
        const m = { impl: await mark(impl, x.id), bob: await mark(bob, x.id) };
        await hearsAfter(h, impl, x.id, bob.userId!, m.impl);
        await hearsAfter(h, bob, x.id, impl.userId!, m.bob);
        expectConnected(await impl.state(x.id), "The implementation (with a companion)");
      } else {
        await endsWith(impl, x.id, "moved");
        // Both devices speak the user's speech; after d1 left, what bob hears of it comes from d2.
        const m = await mark(bob, x.id);
        await hearsAfter(h, bob, x.id, impl.userId!, m);
      }
    },
  });
}

export default [deviceCase("companion"), deviceCase("device-transfer")];
