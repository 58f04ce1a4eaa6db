import { defineCase } from "../../case.ts";
import { expectMitmNumbers } from "../_wire.ts";

export default defineCase({
  id: "verify.mitm-differs",
  clause: "§2.2 V2",
  level: "MUST",
  title: "Active man in the middle: the two numbers differ",
  requirement:
    "Both ends MUST derive the same number when nobody interfered; under key or fingerprint substitution the " +
    "numbers differ (§5.4).",
  tags: ["verify", "e2ee", "adversary"],
  async run(h) {
    await expectMitmNumbers(h, "caller");
  },
});
