/**
 * SPEC §2.4 F4 "in a standard call each works", §4.5 (transfer): blind, safe and consult transfer requested by the
 * implementation move its partner to the target with media — the transferee and the target hear each other
 * (SPEC §11 speech) and the implementation's call ends with the stated reason "transferred". Also the
 * implementation as the party being transferred, and a safe transfer's ring-back when the target does not answer.
 *
 * Broken implementations caught: one that offers transfer but does not send the request (nothing rings at the
 * target), sends it without `args.to`/`args.consultCallId`, keeps its own call up after the service ended it, or —
 * as the transferee — drops its call or its media when the other party changes.
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import { expectConnected, expectIndicatorOff, expectPerformed, expectTrue } from "../../verify.ts";
import { expectVia, hearEachOther, incomingAt, threePartyStandardCall } from "./_features.ts";
import { endsWith, hearsAfter, mark } from "./_media.ts";

const REQ = "In a standard call each works (§4.4, §4.5).";
const REQ_CONSULT = "In a standard call each works (§4.4, §4.5).";
const REQ_SAFE = "In a standard call each works (§4.4, §4.5).";

/** Blind or safe transfer by the implementation; the target answers. */
function byImpl(feature: "transfer-blind" | "transfer-safe"): Case {
  return defineCase({
    id: `feature.${feature}.works-standard`,
    clause: "§2.4 F4",
    level: "MUST",
    title: `${
      feature === "transfer-blind" ? "Blind" : "Safe"
    } transfer by the implementation connects its partner to the target`,
    requirement: REQ,
    tags: ["features", "standard", "F4", "CC6", "call-control"],
    async run(h) {
      const { impl, bob, carol, x } = await threePartyStandardCall(h, "alice", { offers: feature });
      const bobMark = await mark(bob, x.id);
      const r = await expectPerformed(
        impl.feature(x.id, feature, { to: carol.userId! }),
        `The implementation's ${feature} request in a standard call`,
      );
      h.note(`${feature} result: ${JSON.stringify(r)}`);
      const inc = await incomingAt(h, carol);
      expectVia(inc, bob.userId!, feature, impl.userId!, "the transfer target");
      await carol.answer(inc.callId);
      await endsWith(impl, x.id, "transferred");
      await hearsAfter(h, bob, x.id, carol.userId!, bobMark);
      await hearsAfter(h, carol, inc.callId, bob.userId!, 0);
      expectConnected(await bob.state(x.id), "The transferee");
    },
  });
}

/** The implementation is the party being transferred (blind): its call goes on, now with the target. */
const transferee = defineCase({
  id: "feature.transfer-blind.works-standard-transferee",
  clause: "§2.4 F4",
  level: "MUST",
  title: "Blind-transferred by the other party, the implementation's call goes on with the target",
  requirement: REQ,
  tags: ["features", "standard", "F4", "CC6", "CC2", "call-control", "impl-callee"],
  async run(h) {
    const { alice, impl, carol, x } = await threePartyStandardCall(h, "bob");
    const m = await mark(impl, x.id);
    await expectPerformed(
      alice.feature(x.id, "transfer-blind", { to: carol.userId! }),
      `${alice.label}'s transfer-blind request in a standard call`,
    );
    const inc = await incomingAt(h, carol);
    expectVia(inc, impl.userId!, "transfer-blind", alice.userId!, "the transfer target");
    await carol.answer(inc.callId);
    await endsWith(alice, x.id, "transferred");
    const s = await hearsAfter(h, impl, x.id, carol.userId!, m);
    await hearsAfter(h, carol, inc.callId, impl.userId!, 0);
    expectConnected(s, "The implementation (transferee)");
    expectIndicatorOff(s, "The implementation (transferee)");
    // CC2: the transferee's CallState names its new party.
    expectTrue(
      s.peer === carol.userId,
      "The implementation's CallState.peer does not name the transfer target after `peer-changed`",
      carol.userId,
      s.peer,
    );
  },
});

/** Safe transfer whose target does not answer: the implementation is rung back and talks with its partner again. */
const ringBack = defineCase({
  id: "feature.transfer-safe.ring-back-standard",
  clause: "§2.4 F4",
  level: "MUST",
  title: "Safe transfer to a target that does not answer rings the implementation back",
  requirement: REQ_SAFE,
  tags: ["features", "standard", "F4", "CC6", "call-control"],
  async run(h) {
    const { impl, bob, carol, x } = await threePartyStandardCall(h, "alice");
    await expectPerformed(
      impl.feature(x.id, "transfer-safe", { to: carol.userId!, timeoutMs: 1500 }),
      `The implementation's transfer-safe request in a standard call`,
    );
    const rung = await incomingAt(h, carol);
    expectVia(rung, bob.userId!, "transfer-safe", impl.userId!, "the transfer target");
    await endsWith(impl, x.id, "transferred");
    const bobMark = await mark(bob, x.id);
    // carol lets it ring; after timeoutMs the service rings the transferor back on behalf of bob.
    const back = await incomingAt(h, impl, 10_000);
    expectVia(back, bob.userId!, "transfer-safe", impl.userId!, "the transferor (ring-back)");
    await impl.answer(back.callId);
    await hearsAfter(h, impl, back.callId, bob.userId!, 0);
    await hearsAfter(h, bob, x.id, impl.userId!, bobMark);
    expectTrue(
      (await carol.state(rung.callId)).state === "ended",
      "The unanswered transfer call still rings at the target",
      "ended",
      (await carol.state(rung.callId)).state,
    );
  },
});

/** Consult transfer: the implementation joins its two partners and leaves both calls. */
const consult = defineCase({
  id: "feature.transfer-consult.works-standard",
  clause: "§2.4 F4",
  level: "MUST",
  title: "Consult transfer by the implementation connects its two partners",
  requirement: REQ_CONSULT,
  tags: ["features", "standard", "F4", "CC6", "call-control"],
  async run(h) {
    const { impl, bob, carol, x } = await threePartyStandardCall(h, "alice", { offers: "transfer-consult" });
    const z = await h.call(impl, carol);
    await hearEachOther(h, impl, carol, z.id);
    const marks = { bob: await mark(bob, x.id), carol: await mark(carol, z.id) };
    const r = await expectPerformed(
      impl.feature(x.id, "transfer-consult", { consultCallId: z.id }),
      `The implementation's transfer-consult request in a standard call`,
    );
    h.note(`transfer-consult result: ${JSON.stringify(r)}`);
    await endsWith(impl, x.id, "transferred");
    await endsWith(impl, z.id, "transferred");
    await hearsAfter(h, bob, x.id, carol.userId!, marks.bob);
    await hearsAfter(h, carol, z.id, bob.userId!, marks.carol);
  },
});

export default [byImpl("transfer-blind"), transferee, byImpl("transfer-safe"), ringBack, consult];
