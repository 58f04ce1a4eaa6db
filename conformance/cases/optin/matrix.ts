/**
 * The opt-in matrix (SPEC §2.1 P4): every combination of (caller policy, caller setting, callee policy, callee
 * setting), with the implementation as caller and as callee — 32 cases generated from one rule.
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import { speechFor } from "../../../src/media/mod.ts";
import {
  expectConnected,
  expectIndicatorOff,
  expectIndicatorOn,
  expectNumbersEqual,
  expectTopology,
} from "../../verify.ts";

type P = "disabled" | "userControlled";
const short = (p: P, on: boolean) => `${p === "userControlled" ? "uc" : "dis"}-${on ? "on" : "off"}`;

function matrixCase(as: "caller" | "callee", cp: P, cs: boolean, kp: P, ks: boolean): Case {
  const expectedE2EE = cp === "userControlled" && cs && kp === "userControlled" && ks;
  return defineCase({
    id: `opt-in.${as}.${short(cp, cs)}.${short(kp, ks)}`,
    clause: "§2.1 P4",
    level: "MUST",
    title: `Implementation as ${as}: caller ${cp}/${cs ? "on" : "off"}, callee ${kp}/${ks ? "on" : "off"} → ${
      expectedE2EE ? "E2EE" : "standard"
    }`,
    requirement: "A call MUST be E2EE if and only if both effective policies allow it, both users turned it on, both " +
      "endpoints support the protocol, and the call is one-to-one (§3.4). Otherwise it MUST proceed as a " +
      "standard call with no E2EE indicator; it MUST NOT fail for lack of E2EE.",
    tags: ["opt-in", "matrix", as === "caller" ? "impl-caller" : "impl-callee"],
    matrix: {
      callerPolicy: cp,
      callerSetting: cs,
      calleePolicy: kp,
      calleeSetting: ks,
      implementationAs: as,
      expectedE2EE,
    },
    async run(h) {
      await h.tenant({ global: "disabled", users: { a: { policy: cp, e2ee: cs }, b: { policy: kp, e2ee: ks } } });
      const caller = as === "caller" ? await h.impl("a") : await h.ref("a");
      const callee = as === "callee" ? await h.impl("b") : await h.ref("b");
      const call = await h.call(caller, callee);
      const rec = await h.record(call.id);
      if (expectedE2EE) {
        expectTopology(rec, "relay");
        expectIndicatorOn(call.caller, "The caller");
        expectIndicatorOn(call.callee, "The callee");
        expectNumbersEqual(call.caller, call.callee);
      } else {
        // P4: it MUST NOT fail for lack of E2EE — a standard call through the processor that connects, carries
        // media both ways, and shows no indicator at either end (a hang-up instead of the fallback fails here).
        expectTopology(rec, "processor");
        expectConnected(call.caller, "The caller");
        expectConnected(call.callee, "The callee");
        const [callerHeard, calleeHeard] = await Promise.all([
          h.heard(caller, call.id, speechFor(callee.userId!)),
          h.heard(callee, call.id, speechFor(caller.userId!)),
        ]);
        for (const [s, who] of [[callerHeard, "The caller"], [calleeHeard, "The callee"]] as const) {
          expectConnected(s, who);
          expectIndicatorOff(s, who);
        }
      }
    },
  });
}

const P_VALUES: P[] = ["disabled", "userControlled"];
const cases: Case[] = [];
for (const as of ["caller", "callee"] as const) {
  for (const cp of P_VALUES) {
    for (const cs of [false, true]) {
      for (const kp of P_VALUES) {
        for (const ks of [false, true]) {
          cases.push(matrixCase(as, cp, cs, kp, ks));
        }
      }
    }
  }
}
export default cases;
