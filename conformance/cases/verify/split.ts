/**
 * SPEC §8 split: mitm toward one party and a standard call toward the other; the odd seed puts the callee under mitm
 * and gives the caller the standard call. No endpoint can detect this alone, so each case checks the rule its own
 * side keeps: the caller in the standard call shows nothing (V1) and the call still works; the callee under mitm
 * shows the number of its own leg, derived from exactly what it received (V2, §5.4).
 */
import { defineCase } from "../../case.ts";
import { speechFor } from "../../../src/media/mod.ts";
import {
  expectConnected,
  expectEqual,
  expectIndicatorOn,
  expectNeverShown,
  expectTopology,
  preconditionSync,
  ROOT_CAUSES,
  StateLog,
} from "../../verify.ts";
import { seedToward } from "../_confirm.ts";
import { hangupBoth, pairUnder } from "../_roles.ts";
import { mitmExpectedNumber } from "../_wire.ts";

// Catches a caller that shows the indicator because it committed (or because its setting is on) although the service
// gave it a standard call, and one that hangs up instead of running the standard call.
const standardCaller = defineCase({
  id: "verify.split.caller",
  clause: "§8",
  level: "MUST",
  title: "Split call: the implementation (caller) gets a standard call while the callee is under mitm; it shows " +
    "nothing and the call works",
  requirement: "the party in the standard call runs it as a standard call (§6.1: a caller that committed " +
    "forgets its handshake) and never shows the indicator or a number (V1)",
  tags: ["verify", "e2ee", "adversary", "impl-caller"],
  async run(h) {
    // The odd seed: the callee (the reference) is under mitm, the implementation gets the standard call.
    const p = await pairUnder(h, "split", "caller", { seed: seedToward(h, "callee") });
    const log = new StateLog(p.impl);
    const call = await h.call(p.caller, p.callee);
    const heard = await h.heard(p.impl, call.id, speechFor(p.ref.userId!));
    expectConnected(heard, "The implementation");
    expectEqual(heard.topology, "processor", "The implementation's call is not the standard call it was given");
    await log.until(call.id, () => true);
    await hangupBoth(p.impl, p.ref, call.id);
    log.stop();
    expectNeverShown(log.of(call.id), "The implementation");
  },
});

// Catches a callee whose number leaves out the key or the certificate its leg received (e.g. a number from the call
// id), which a service running split could then match to nothing the user sees as suspicious.
const mitmCallee = defineCase({
  id: "verify.split.callee",
  clause: "§8",
  level: "MUST",
  title: "Split call: the implementation (callee) is under mitm while the caller gets a standard call; it shows " +
    "the number of its own leg",
  requirement: "The party under mitm cannot tell (every check passes on its own leg), so it shows the indicator and " +
    "its own leg's number",
  tags: ["verify", "e2ee", "adversary", "impl-callee"],
  async run(h) {
    const p = await pairUnder(h, "split", "callee", { seed: seedToward(h, "callee") });
    const call = await h.call(p.caller, p.callee);
    const rec = await h.record(call.id);
    // SPEC §12.2: set-up, not the check: the service ran the callee's side as an E2EE call.
    preconditionSync(ROOT_CAUSES.adversaryCall, () => expectTopology(rec, "relay"));
    expectIndicatorOn(call.callee, "The implementation (callee)");
    // SPEC §8 (split), §5.4: the number derived from the adversary's key and the processor's certificate it received.
    expectEqual(
      call.callee.e2ee.number,
      mitmExpectedNumber(rec, "callee"),
      "The implementation's number is not the one its leg's keys and certificates give",
    );
  },
});

export default [standardCaller, mitmCallee];
