/**
 * Media anchored at the processor behind an honest-looking handshake (SPEC §8 anchor, §2.3 M2, M3): the callee's
 * commitment check over fpA fails, the call ends, and no indicator remains on.
 */
import { defineCase } from "../../case.ts";
import { expectEnded, expectIndicatorOff, expectNeverShown, expectTrue, StateLog } from "../../verify.ts";
import { pair } from "../_roles.ts";

const requirement = "In an E2EE call no intermediate MUST terminate DTLS; the DTLS certificate each endpoint presents MUST be the one whose fingerprint went into the verification number. Under anchor the callee's commitment check over fpA fails, the call ends, and no indicator remains on.";

// Catches a callee that checks the revealed key but not the fingerprint of the offer it applies (§5.2, §5.7), so
// it would connect to the processor with the indicator on.
const callee = defineCase({
  id: "media.anchor.callee",
  clause: "§2.3 M3",
  level: "MUST",
  title: "Media anchored at the processor: the implementation (callee) ends the call with E2EE_COMMITMENT_MISMATCH",
  requirement,
  tags: ["media", "adversary", "impl-callee"],
  async run(h) {
    await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true } } });
    const p = await pair(h, "callee");
    const log = new StateLog(p.impl);
    await h.adversary("anchor", "alice");
    const call = await h.call(p.caller, p.callee);
    const end = await log.until(call.id, (s) => s.state === "ended", 15_000, "the call to end");
    log.stop();
    expectEnded(end, "The implementation", "E2EE_COMMITMENT_MISMATCH");
    expectNeverShown(log.of(call.id), "The implementation");
    const rec = await h.record(call.id);
    expectTrue(rec.endCode === "E2EE_COMMITMENT_MISMATCH", "The service did not receive the implementation's hangup with E2EE_COMMITMENT_MISMATCH", "E2EE_COMMITMENT_MISMATCH", { endCode: rec.endCode, endReason: rec.endReason });
  },
});

// Catches a caller that keeps its indicator (or number) on after the callee ended the anchored call.
const caller = defineCase({
  id: "media.anchor.caller",
  clause: "§2.3 M3",
  level: "MUST",
  title: "Media anchored at the processor: the call ends and the implementation (caller) has no indicator left on",
  requirement,
  tags: ["media", "adversary", "impl-caller"],
  async run(h) {
    await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true } } });
    const p = await pair(h, "caller");
    await h.adversary("anchor", "alice");
    const call = await h.call(p.caller, p.callee);
    const end = await p.impl.until(call.id, (s) => s.state === "ended", 15_000, "the call to end");
    expectEnded(end, "The implementation");
    expectIndicatorOff(end, "After the call ended, the implementation");
  },
});

export default [callee, caller];
