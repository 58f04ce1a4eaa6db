/**
 * The caller commits before it reveals; a reveal that does not match the commitment ends the call (SPEC §2.2 V4,
 * §5.2, §5.8). Under the swap-commit adversary (SPEC §8) the service reveals a key other than the committed one.
 */
import { defineCase } from "../../case.ts";
import { expectEnded, expectIndicatorOff, expectNeverShown, expectTrue, StateLog } from "../../verify.ts";
import { pair } from "../_roles.ts";

const requirement = "The caller MUST commit before it reveals (§5.2); a reveal that does not match the commitment MUST end the call with the stated reason E2EE_COMMITMENT_MISMATCH.";

// Catches a callee that does not check the reveal against the commitment (it would connect and show a number),
// checks it only after showing the indicator, or ends the call without stating E2EE_COMMITMENT_MISMATCH.
const callee = defineCase({
  id: "verify.swap-commit.callee",
  clause: "§2.2 V4",
  level: "MUST",
  title: "A reveal that does not match the commitment ends the call with E2EE_COMMITMENT_MISMATCH (implementation as callee)",
  requirement,
  tags: ["verify", "e2ee", "adversary", "impl-callee"],
  async run(h) {
    await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true } } });
    const p = await pair(h, "callee");
    const log = new StateLog(p.impl);
    await h.adversary("swap-commit", "alice");
    const call = await h.call(p.caller, p.callee);
    const end = await log.until(call.id, (s) => s.state === "ended", 15_000, "the call to end");
    log.stop();
    expectEnded(end, "The implementation", "E2EE_COMMITMENT_MISMATCH");
    expectNeverShown(log.of(call.id), "The implementation");
    const rec = await h.record(call.id);
    // SPEC §5.8: the endpoint hangs up with the error's code as the stated reason.
    expectTrue(rec.endCode === "E2EE_COMMITMENT_MISMATCH", "The service did not receive the implementation's hangup with E2EE_COMMITMENT_MISMATCH", "E2EE_COMMITMENT_MISMATCH", { endCode: rec.endCode, endReason: rec.endReason });
  },
});

// Catches a caller that shows the indicator before the handshake completed, or keeps it after the callee ended the
// call for the mismatch.
const caller = defineCase({
  id: "verify.swap-commit.caller",
  clause: "§2.2 V4",
  level: "MUST",
  title: "Under a swapped reveal the call ends and the implementation (caller) never shows the indicator",
  requirement,
  tags: ["verify", "e2ee", "adversary", "impl-caller"],
  async run(h) {
    await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true } } });
    const p = await pair(h, "caller");
    const log = new StateLog(p.impl);
    await h.adversary("swap-commit", "alice");
    const call = await h.call(p.caller, p.callee);
    const end = await log.until(call.id, (s) => s.state === "ended", 15_000, "the call to end");
    log.stop();
    expectEnded(end, "The implementation");
    expectIndicatorOff(end, "After the call ended, the implementation");
    expectNeverShown(log.of(call.id), "The implementation");
  },
});

export default [callee, caller];
