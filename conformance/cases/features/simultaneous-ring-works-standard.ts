/**
 * SPEC §2.4 F9 "in a standard call each works", §4.5 (simultaneous ring): a second user rings together with the
 * callee and can answer; the caller and whoever answered hear each other (SPEC §11). The implementation as the
 * callee who, while ringing, has another user rung too; and as the second target (rung because of the callee's
 * simultaneous-ring setting), which answers.
 *
 * Broken implementations caught: one that offers simultaneous ring but never sends the request; one that ignores (or
 * cannot answer) a call that rings it on someone else's behalf (`via`).
 */
import { defineCase } from "../../case.ts";
import { expectConnected, expectIndicatorOff, expectPerformed, expectTrue, ROOT_CAUSES } from "../../verify.ts";
import { expectVia, incomingAt, ringsAt, settledAt, threeParties } from "./_features.ts";
import { endsWith, hearsAfter } from "./_media.ts";

const REQ = "In a standard call each works (§4.4, §4.5).";

const byRequest = defineCase({
  id: "feature.simultaneous-ring.works-standard",
  clause: "§2.4 F9",
  level: "MUST",
  title: "While its phone rings, the implementation has another user rung too, who answers",
  requirement: REQ,
  tags: ["features", "standard", "F9", "CC11", "call-control", "impl-callee"],
  async run(h) {
    const { alice, impl, carol } = await threeParties(h, "bob");
    const id = await alice.place(impl.userId!);
    h.track(id);
    await ringsAt(h, impl, id, ROOT_CAUSES.standardCall); // SPEC §12.2: set-up, not the check
    await expectPerformed(
      impl.feature(id, "simultaneous-ring", { to: carol.userId! }),
      `The implementation's simultaneous-ring request in a standard call`,
    );
    const also = await incomingAt(h, carol);
    expectTrue(also.callId === id, "The second target was rung for another call", id, also.callId);
    expectVia(also, alice.userId!, "simultaneous-ring", impl.userId!, "the second target");
    await carol.answer(id);
    await endsWith(impl, id, "answered-elsewhere");
    await hearsAfter(h, carol, id, alice.userId!, 0);
    await hearsAfter(h, alice, id, carol.userId!, 0);
  },
});

const asTarget = defineCase({
  id: "feature.simultaneous-ring.works-standard-target",
  clause: "§2.4 F9",
  level: "MUST",
  title: "Rung together with the callee (its simultaneous-ring setting), the implementation answers and talks " +
    "with the caller",
  requirement: REQ,
  tags: ["features", "standard", "F9", "CC11", "call-control"],
  async run(h) {
    const t = await h.tenant({ users: { alice: {}, bob: {}, carol: {} } });
    await h.admin.callControl(t.id("bob"), { simultaneousRing: t.id("carol") });
    const alice = await h.ref("alice");
    const bob = await h.ref("bob");
    const impl = await h.impl("carol");
    const id = await alice.place(bob.userId!);
    h.track(id);
    await ringsAt(h, bob, id, ROOT_CAUSES.standardCall); // SPEC §12.2: set-up, not the check
    const inc = await incomingAt(h, impl);
    expectTrue(inc.callId === id, "The implementation was rung for another call", id, inc.callId);
    expectVia(inc, alice.userId!, "simultaneous-ring", bob.userId!, "the implementation (second target)");
    await impl.answer(id);
    const s = await settledAt(impl, id, "the call to connect");
    expectConnected(s, "The implementation (second target)");
    expectIndicatorOff(s, "The implementation (second target)");
    await hearsAfter(h, impl, id, alice.userId!, 0);
    await hearsAfter(h, alice, id, impl.userId!, 0);
    await endsWith(bob, id, "answered-elsewhere");
  },
});

const asCaller = defineCase({
  id: "feature.simultaneous-ring.works-standard-caller",
  clause: "§2.4 F9",
  level: "MUST",
  title:
    "The implementation calls a user whose simultaneous-ring target answers: it talks with the target and names it",
  requirement: REQ,
  tags: ["features", "standard", "F9", "CC11", "CC2", "call-control"],
  async run(h) {
    const t = await h.tenant({ users: { alice: {}, bob: {}, carol: {} } });
    await h.admin.callControl(t.id("bob"), { simultaneousRing: t.id("carol") });
    const impl = await h.impl("alice");
    const bob = await h.ref("bob");
    const carol = await h.ref("carol");
    const id = await impl.place(bob.userId!);
    h.track(id);
    await incomingAt(h, bob);
    const inc = await incomingAt(h, carol);
    expectVia(inc, impl.userId!, "simultaneous-ring", bob.userId!, "the second target");
    await carol.answer(id);
    const s = await hearsAfter(h, impl, id, carol.userId!, 0);
    await hearsAfter(h, carol, id, impl.userId!, 0);
    expectConnected(s, "The implementation");
    expectTrue(
      s.peer === carol.userId,
      "The implementation's CallState.peer does not name the user who answered after `peer-changed`",
      carol.userId,
      s.peer,
    );
  },
});

export default [byRequest, asTarget, asCaller];
