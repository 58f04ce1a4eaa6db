/**
 * SPEC §6.1 (no answer on a mismatch), §5.2: the callee checks the commitment before it applies the caller's offer or
 * builds an answer, so under a commitment mismatch no `sdp` answer ever leaves it (observable at the service, whose
 * call log records every `sdp` by role). One case per input class of the mismatch: a revealed key off the commitment
 * with the reveal first (`swap-commit`) or the offer first (`reorder`). A fingerprint off the commitment has no case
 * here: under `anchor` (SPEC §8) the caller's own answer-fingerprint check (§6.1) may end the call before the callee
 * checks the commitment, so such a case could not tell a faulty callee from a fast caller.
 */
import { CaseFailure, defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import { precondition, ROOT_CAUSES, StateLog } from "../../verify.ts";
import { pairUnder } from "../_roles.ts";

const MODES = [
  { mode: "swap-commit", what: "a revealed key other than the committed one, the reveal before the offer" },
  { mode: "reorder", what: "a revealed key other than the committed one, the offer before the reveal" },
] as const;

// Catches a callee that applies the offer and builds (and sends) its answer before it checks the commitment, then
// fails closed: the caller, or an intermediate, gets an answer from a call that should never have been answered.
const cases: Case[] = MODES.map(({ mode, what }) =>
  defineCase({
    id: `handshake.no-answer-on-mismatch.${mode}`,
    clause: "§6.1 no answer on a mismatch",
    level: "MUST",
    title: `Under a commitment mismatch (${what}) the implementation (callee) sends no SDP answer`,
    requirement: "Under a commitment mismatch the callee MUST end the call (§5.8) without sending an `sdp` answer.",
    tags: ["verify", "e2ee", "adversary", "impl-callee"],
    async run(h) {
      const p = await pairUnder(h, mode, "callee");
      const log = new StateLog(p.impl);
      const call = await h.call(p.caller, p.callee);
      // SPEC §12.2: set-up, not the check: the call settled (it ended on the mismatch, or a callee that does not
      // check came up); verify.* cases judge how it ended and the indicator.
      await precondition(
        ROOT_CAUSES.adversaryCall,
        () => log.until(call.id, (s) => s.state === "ended" || s.state === "connected", 15_000, "the call to settle"),
      ).finally(() => log.stop());
      const rec = await h.record(call.id);
      const answers = rec.log.filter((e) =>
        e.event === "sdp" && (e.detail as Record<string, unknown> | undefined)?.from === "callee"
      );
      if (answers.length > 0) {
        throw new CaseFailure(
          "The implementation sent an SDP answer although the commitment did not match",
          "no sdp from the callee",
          answers.map((e) => ({ at: e.at, detail: e.detail })),
        );
      }
    },
  })
);

export default cases;
