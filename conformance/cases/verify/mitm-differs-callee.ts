import { defineCase } from "../../case.ts";
import { expectMitmNumbers } from "../_wire.ts";

// The callee-side twin of verify.mitm-differs: catches a callee whose number leaves out the caller's key or
// fingerprint as it received them (e.g. a number from the callee's own values only), which a man in the middle
// could then make equal on both ends.
export default defineCase({
  id: "verify.mitm-differs.callee",
  clause: "§2.2 V2",
  level: "MUST",
  title: "Active man in the middle: the two numbers differ (implementation as callee)",
  requirement:
    "Both ends MUST derive the same number when nobody interfered; under key or fingerprint substitution the " +
    "numbers differ (§5.4).",
  tags: ["verify", "e2ee", "adversary", "impl-callee"],
  async run(h) {
    await expectMitmNumbers(h, "callee");
  },
});
