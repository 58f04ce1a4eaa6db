/**
 * Key confirmation (SPEC §5.9, protocol version 2): with both endpoints on protocol 2, the indicator waits for the
 * peer's confirmation — so under `anchor` the caller never shows it — and a confirmation that does not verify ends
 * the call with E2EE_CONFIRM_FAILED. An implementation on protocol 1 gets no confirmation (§5.9 negotiation): these
 * cases then end `info`, since protocol 2 is not required of it.
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import type { Harness } from "../../harness.ts";
import { expectEnded, expectIndicatorOff, expectNeverShown, expectTrue, StateLog } from "../../verify.ts";
import { speechFor } from "../../../src/media/mod.ts";
import { moreAudio, pairUnder, ROLES, roleTag } from "../_roles.ts";
import type { As } from "../_roles.ts";

const requirement = "An endpoint MUST NOT show the indicator or the number before the peer's tag verified.";

/** Places a call under `mode` with the implementation as `as`; resolves with the end state, every state seen, and whether the call used confirmation. */
async function underMode(h: Harness, mode: string, as: As) {
  const p = await pairUnder(h, mode, as);
  const log = new StateLog(p.impl);
  const call = await h.call(p.caller, p.callee);
  const end = await log.until(call.id, (s) => s.state === "ended", 15_000, "the call to end");
  log.stop();
  const rec = await h.record(call.id);
  return { end, states: log.of(call.id), confirm: (rec.e2ee as { confirm?: boolean }).confirm === true, rec };
}

// Catches a caller that shows the indicator while its media is anchored at the processor, before the callee (which
// fails its commitment check) could confirm — the anchor gap that confirmation closes.
const anchorCaller = defineCase({
  id: "verify.confirm.anchor-caller",
  clause: "§5.9",
  level: "MUST",
  title: "Under anchor, the implementation (caller) never shows the indicator: the callee's confirmation never comes",
  requirement,
  tags: ["verify", "e2ee", "adversary", "confirm", "impl-caller"],
  async run(h) {
    const r = await underMode(h, "anchor", "caller");
    expectEnded(r.end, "The implementation");
    expectIndicatorOff(r.end, "After the call ended, the implementation");
    if (!r.confirm) {
      h.info(
        "The call ran by protocol 1 (the implementation did not authenticate with protocol 2): no key confirmation, so the anchor gap of §8 applies",
      );
    }
    expectNeverShown(r.states, "The implementation");
  },
});

// Catches an endpoint that does not verify the peer's confirmation (or shows the indicator before it did).
const tampered: Case[] = ROLES.map((as) =>
  defineCase({
    id: `verify.confirm.tampered.${as}`,
    clause: "§5.9",
    level: "MUST",
    title: `A key confirmation that does not verify ends the call with E2EE_CONFIRM_FAILED (implementation as ${as})`,
    requirement:
      "It checks the tag, in constant time, against the one it computes with the peer role's key; a tag that does not verify, a second `confirm`, or a tag that is not 16 bytes of canonical base64url ends the call with `E2EE_CONFIRM_FAILED` (§5.8).",
    tags: ["verify", "e2ee", "adversary", "confirm", roleTag(as)],
    async run(h) {
      // Only the implementation receives an altered tag; the reference's confirmation verifies, so the call would stay
      // up if the implementation did not check.
      const r = await underMode(h, `confirm-tamper-${as}`, as);
      if (!r.confirm) {
        h.info(
          "The call ran by protocol 1 (the implementation did not authenticate with protocol 2): nothing to confirm",
        );
      }
      expectEnded(r.end, "The implementation", "E2EE_CONFIRM_FAILED");
      expectNeverShown(r.states, "The implementation");
      expectTrue(
        r.rec.endCode === "E2EE_CONFIRM_FAILED",
        "The service did not receive the implementation's hangup with E2EE_CONFIRM_FAILED",
        "E2EE_CONFIRM_FAILED",
        { endCode: r.rec.endCode, endReason: r.rec.endReason },
      );
    },
  })
);

// Catches a caller that shows the indicator once its media connected, without waiting for the callee's confirmation.
const withheld = defineCase({
  id: "verify.confirm.withheld.caller",
  clause: "§5.9",
  level: "MUST",
  title: "Without the callee's confirmation the implementation (caller) shows no indicator, though its media flows",
  requirement,
  tags: ["verify", "e2ee", "adversary", "confirm", "impl-caller"],
  async run(h) {
    const p = await pairUnder(h, "confirm-withhold", "caller");
    const log = new StateLog(p.impl);
    const call = await h.call(p.caller, p.callee, { settle: false });
    // The media connects and keeps flowing (the caller hears the callee) while the tag is withheld.
    await h.heard(p.impl, call.id, speechFor(p.ref.userId!));
    const s = await moreAudio(p.impl, call.id);
    log.stop();
    const rec = await h.record(call.id);
    if ((rec.e2ee as { confirm?: boolean }).confirm !== true) {
      h.info(
        "The call ran by protocol 1 (the implementation did not authenticate with protocol 2): nothing was withheld",
      );
    }
    expectNeverShown([...log.of(call.id), s], "The implementation");
  },
});

export default [anchorCaller, ...tampered, withheld];
