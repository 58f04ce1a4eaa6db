/**
 * SPEC §2.4 F6 and F8 "in a standard call each works", §4.5 (group calls): merge of the implementation's two
 * standard calls, and adding a participant to its call, make one group call in which each party hears every other
 * (SPEC §11 speech; the group bridge forwards one party at a time, so each is heard in turn).
 *
 * Broken implementations caught: one that offers merge / add-participant but does not send the request (or sends it
 * without `otherCallId` / `to`); one that keeps sending media on the merged-away call or stops its media when the
 * call becomes a group call.
 */
import { expectPerformed } from "../../verify.ts";
import { CaseFailure, defineCase } from "../../case.ts";
import type { CallState } from "../../../src/protocol/mod.ts";
import { expectVia, hearEachOther, incomingAt, threePartyStandardCall } from "./_features.ts";
import { endsWith, hearsAfter, mark } from "./_media.ts";

/** CC2: after `members`, CallState.members lists exactly the other users of the group call. */
function expectMembers(s: CallState, others: string[]): void {
  const got = [...(s.members ?? [])].sort();
  if (JSON.stringify(got) !== JSON.stringify([...others].sort())) {
    throw new CaseFailure(
      "The implementation's CallState.members does not list the other users of the group call",
      [...others].sort(),
      s.members ?? null,
    );
  }
}

const merge = defineCase({
  id: "feature.merge.works-standard",
  clause: "§2.4 F6",
  level: "MUST",
  title: "The implementation merges its two standard calls: all three hear each other",
  requirement: "In a standard call each works (§4.4, §4.5).",
  tags: ["features", "standard", "F6", "CC8", "call-control"],
  async run(h) {
    const { impl, bob, carol, x } = await threePartyStandardCall(h, "alice", { offers: "merge" });
    const z = await h.call(impl, carol);
    await hearEachOther(h, impl, carol, z.id);
    const m = { impl: await mark(impl, x.id), bob: await mark(bob, x.id), carol: await mark(carol, z.id) };
    const r = await expectPerformed(
      impl.feature(x.id, "merge", { otherCallId: z.id }),
      `The implementation's merge request in a standard call`,
    );
    h.note(`merge result: ${JSON.stringify(r)}`);
    await endsWith(impl, z.id, "merged");
    await hearsAfter(h, bob, x.id, carol.userId!, m.bob, 20_000);
    await hearsAfter(h, carol, z.id, bob.userId!, m.carol, 20_000);
    await hearsAfter(h, impl, x.id, carol.userId!, m.impl, 20_000);
    await hearsAfter(h, impl, x.id, bob.userId!, m.impl, 20_000);
    await hearsAfter(h, bob, x.id, impl.userId!, m.bob, 20_000);
    await hearsAfter(h, carol, z.id, impl.userId!, m.carol, 20_000);
    expectMembers(await impl.state(x.id), [bob.userId!, carol.userId!]);
  },
});

const addParticipant = defineCase({
  id: "feature.add-participant.works-standard",
  clause: "§2.4 F8",
  level: "MUST",
  title: "The implementation adds a participant: the call becomes a group call and all three hear each other",
  requirement: "In a standard call each works (§4.4, §4.5).",
  tags: ["features", "standard", "F8", "CC8", "call-control"],
  async run(h) {
    const { impl, bob, carol, x } = await threePartyStandardCall(h, "alice", { offers: "add-participant" });
    const m = { impl: await mark(impl, x.id), bob: await mark(bob, x.id) };
    await expectPerformed(
      impl.feature(x.id, "add-participant", { to: carol.userId! }),
      `The implementation's add-participant request in a standard call`,
    );
    const inc = await incomingAt(h, carol);
    expectVia(inc, impl.userId!, "add-participant", impl.userId!, "the added participant");
    await carol.answer(inc.callId);
    await hearsAfter(h, carol, inc.callId, impl.userId!, 0, 20_000);
    await hearsAfter(h, carol, inc.callId, bob.userId!, 0, 20_000);
    await hearsAfter(h, impl, x.id, carol.userId!, m.impl, 20_000);
    await hearsAfter(h, bob, x.id, carol.userId!, m.bob, 20_000);
    await hearsAfter(h, impl, x.id, bob.userId!, m.impl, 20_000);
    await hearsAfter(h, bob, x.id, impl.userId!, m.bob, 20_000);
    expectMembers(await impl.state(x.id), [bob.userId!, carol.userId!]);
  },
});

export default [merge, addParticipant];
