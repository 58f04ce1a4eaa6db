/**
 * Relay faults on SRTP (SPEC §8 tamper/replay/drop, §8.1 RF7): the call stays connected and E2EE with both numbers
 * unchanged and equal, and the implementation never plays altered media — every digit it decodes is one the other
 * side speaks.
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import { PreconditionFailed } from "../../case.ts";
import {
  expectE2eeUnchanged,
  expectIndicatorOn,
  expectNumbersEqual,
  expectOnlySpokenDigits,
  precondition,
  ROOT_CAUSES,
} from "../../verify.ts";
import { speechFor } from "../../../src/media/mod.ts";
import { e2eeCallUnder, moreAudio, ROLES, roleTag } from "../_roles.ts";

const MODES = ["tamper", "replay", "drop"] as const;

// Catches an implementation without SRTP authentication or replay protection (it would decode foreign digits
// from altered packets), and one that drops E2EE or ends the call when packets are altered, repeated or lost.
const cases: Case[] = MODES.flatMap((mode) =>
  ROLES.map((as) =>
    defineCase({
      id: `media.fault.${mode}.${as}`,
      clause: "§8.1 RF7",
      level: "MUST",
      title: `Relay ${mode}s SRTP: the call stays E2EE and no altered media is played (implementation as ${as})`,
      requirement:
        "In all three modes the call MUST stay connected and E2EE: both indicators stay on and both numbers " +
        "are unchanged and equal (V1, V2).",
      tags: ["media", "adversary", "e2ee", roleTag(as)],
      async run(h) {
        // SPEC §12.2: set-up, not the check: the call came up E2EE at both ends (the relay faults only SRTP).
        const p = await precondition(ROOT_CAUSES.adversaryCall, async () => {
          const p = await e2eeCallUnder(h, mode, as);
          expectIndicatorOn(p.implState, "The implementation");
          expectIndicatorOn(p.refState, "The reference");
          return p;
        });
        const { call } = p;
        const spoken = speechFor(p.ref.userId!);
        await h.heard(p.impl, call.id, spoken, 12_000);
        const after = await moreAudio(p.impl, call.id, 12, 15_000);
        const now = { impl: after, ref: await p.ref.state(call.id) };
        expectE2eeUnchanged({ impl: p.implState, ref: p.refState }, now, "under the fault");
        expectNumbersEqual(now.impl, now.ref);
        expectOnlySpokenDigits(after, spoken, "The implementation");
        // SPEC §12.2: evidence, not the check: the fault happened (else nothing above was under a fault).
        const actions = (await h.record(call.id)).evidence.relay?.fault?.actions.length ?? 0;
        if (actions === 0) {
          throw new PreconditionFailed(
            ROOT_CAUSES.evidence,
            `The relay took no ${mode} action: the implementation sent no SRTP through it`,
            "at least one fault action",
            0,
          );
        }
      },
    })
  )
);

export default cases;
