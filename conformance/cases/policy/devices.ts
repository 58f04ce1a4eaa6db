/**
 * The setting is stored per user, not per device (SPEC §2.1 P3, §3.3): two endpoints of the implementation
 * registered as the same user read and change one value, and calls from either follow it.
 */
import { defineCase } from "../../case.ts";
import {
  expectIndicatorOff,
  expectIndicatorOn,
  expectNumbersEqual,
  expectSettings,
  expectTopology,
} from "../../verify.ts";

const requirement =
  "The setting is stored **per user** by the service, not per device: every endpoint registered as the user " +
  "reads and changes the same value.";

// Catches an implementation that keeps the setting per device (or caches what it read at registration).
const secondDeviceReads = defineCase({
  id: "policy.per-user.second-device-reads",
  clause: "§2.1 P3",
  level: "MUST",
  title: "Turned on from one device, the setting reads on at the user's other device, whose next call is E2EE",
  requirement,
  tags: ["policy", "impl-caller"],
  async run(h) {
    await h.tenant({ global: "userControlled", users: { alice: {}, bob: { e2ee: true } } });
    const [d1, d2, ref] = await Promise.all([
      h.impl("alice", { device: "d1" }),
      h.impl("alice", { device: "d2" }),
      h.ref("bob"),
    ]);
    expectSettings(await d2.settings(), { visible: true, enabled: false }, "Device 2 before the change");
    expectSettings(await d1.setSettings(true), { visible: true, enabled: true }, "Device 1 turning E2EE on");
    expectSettings(await d2.settings(), { visible: true, enabled: true }, "Device 2 after device 1 turned E2EE on");
    const call = await h.call(d2, ref);
    expectTopology(await h.record(call.id), "relay");
    expectIndicatorOn(call.caller, "Device 2 (caller)");
    expectNumbersEqual(call.caller, call.callee);
  },
});

// Catches an implementation whose device keeps committing to E2EE after the user turned it off elsewhere.
const otherDeviceTurnsOff = defineCase({
  id: "policy.per-user.other-device-turns-off",
  clause: "§2.1 P3",
  level: "MUST",
  title: "Turned off from one device, the setting reads off at the other device, whose next call is standard",
  requirement,
  tags: ["policy", "impl-caller"],
  async run(h) {
    await h.tenant({ global: "userControlled", users: { alice: { e2ee: true }, bob: { e2ee: true } } });
    const [d1, d2, ref] = await Promise.all([
      h.impl("alice", { device: "d1" }),
      h.impl("alice", { device: "d2" }),
      h.ref("bob"),
    ]);
    expectSettings(await d1.settings(), { visible: true, enabled: true }, "Device 1 before the change");
    expectSettings(await d2.setSettings(false), { visible: true, enabled: false }, "Device 2 turning E2EE off");
    expectSettings(await d1.settings(), { visible: true, enabled: false }, "Device 1 after device 2 turned E2EE off");
    const call = await h.call(d1, ref);
    expectTopology(await h.record(call.id), "processor");
    expectIndicatorOff(call.caller, "Device 1 (caller)");
    expectIndicatorOff(call.callee, "The reference (callee)");
  },
});

export default [secondDeviceReads, otherDeviceTurnsOff];
