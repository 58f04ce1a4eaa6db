/**
 * SPEC §2.4 F5 "in a standard call each works", §4.5 (park): the parker gets a pickup code and leaves with the
 * stated reason "parked"; another user of the tenant retrieves the call by calling `park:<code>`, and the retriever
 * and the parked party hear each other (SPEC §11 speech). The implementation as the parker, as the parked party and
 * as the retriever.
 *
 * Broken implementations caught: one that offers park but does not send the request or does not pass the service's
 * result (the pickup code) back; one that cannot place a call to `park:<code>`; one that, as the parked party, drops
 * its call or media while it waits and when someone else picks it up.
 */
import { CaseFailure, defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import type { Party } from "../../../src/driver/mod.ts";
import type { Harness } from "../../harness.ts";
import { expectConnected, expectIndicatorOff, expectPerformed, expectTrue } from "../../verify.ts";
import { settledAt, threePartyStandardCall } from "./_features.ts";
import { endsWith, hearsAfter, mark } from "./_media.ts";

const REQ = "In a standard call each works (§4.4, §4.5).";

/** Parks the call at `parker`; returns the pickup code from the feature result. */
async function parkAt(parker: Party, callId: string): Promise<string> {
  const r = await expectPerformed(parker.feature(callId, "park"), `${parker.label}'s park request in a standard call`);
  const code = (r.result as { code?: unknown } | undefined)?.code;
  if (typeof code !== "string" || !/^[0-9]{6}$/.test(code)) {
    throw new CaseFailure(
      `${parker.label}'s park result has no 6-digit pickup code`,
      { result: { code: "NNNNNN" } },
      r,
    );
  }
  return code;
}

/** The retriever calls `park:<code>`; waits until its call is connected. */
async function retrieve(h: Harness, retriever: Party, code: string): Promise<string> {
  const id = await retriever.place(`park:${code}`);
  h.track(id);
  const s = await settledAt(retriever, id, "the retrieved call to connect");
  expectConnected(s, `${retriever.label} (retriever)`);
  expectIndicatorOff(s, `${retriever.label} (retriever)`);
  return id;
}

function parkCase(as: "parker" | "parked" | "retriever"): Case {
  return defineCase({
    id: as === "parker" ? "feature.park.works-standard" : `feature.park.works-standard-${as}`,
    clause: "§2.4 F5",
    level: "MUST",
    title: `Call park works with the implementation as the ${as}`,
    requirement: REQ,
    tags: ["features", "standard", "F5", "CC7", "call-control"],
    async run(h) {
      const implAs = ({ parker: "alice", parked: "bob", retriever: "carol" } as const)[as];
      const { alice, bob, carol, x } = await threePartyStandardCall(
        h,
        implAs,
        as === "parker" ? { offers: "park" } : {},
      );
      const code = await parkAt(alice, x.id);
      await endsWith(alice, x.id, "parked");
      // The parked party waits in its call.
      expectConnected(await bob.state(x.id), `${bob.label} (parked)`);
      const bobMark = await mark(bob, x.id);
      const r = await retrieve(h, carol, code);
      const c = await hearsAfter(h, carol, r, bob.userId!, 0);
      const s = await hearsAfter(h, bob, x.id, carol.userId!, bobMark);
      expectConnected(s, `${bob.label} (parked, after retrieval)`);
      // CC2, CC7: the parked party and the retriever name each other (checked at the implementation's role).
      if (as === "parked") {
        expectTrue(
          s.peer === carol.userId,
          "The parked implementation's CallState.peer does not name the retriever after `peer-changed`",
          carol.userId,
          s.peer,
        );
      }
      if (as === "retriever") {
        expectTrue(
          c.peer === bob.userId,
          "The retrieving implementation's CallState.peer does not name the parked party after `peer-changed`",
          bob.userId,
          c.peer,
        );
      }
    },
  });
}

export default [parkCase("parker"), parkCase("parked"), parkCase("retriever")];
