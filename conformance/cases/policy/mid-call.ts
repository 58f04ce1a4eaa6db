/**
 * A setting or policy change during a call affects the next call, not the current one (SPEC §2.1 P5, §3.4):
 * the implementation's user turns E2EE off, or the admin assigns a disabled policy or compliance recording, while
 * an E2EE call is up — the call keeps its indicator and number, the next call is standard. And the other way
 * round: turning E2EE on during a standard call leaves it standard, and the next call is E2EE.
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import type { Harness } from "../../harness.ts";
import type { Party } from "../../../src/driver/mod.ts";
import {
  expectConnected,
  expectE2eeUnchanged,
  expectIndicatorOff,
  expectIndicatorOn,
  expectTopology,
  precondition,
  ROOT_CAUSES,
} from "../../verify.ts";
import { e2eeCall, hangupBoth, moreAudio, pair, roleTag, sides } from "../_roles.ts";
import type { As } from "../_roles.ts";

type Change = (h: Harness, impl: Party) => Promise<unknown>;

const CHANGES: { name: string; title: string; roles: As[]; change: Change }[] = [
  {
    name: "setting-off",
    title: "the user turns E2EE off",
    roles: ["caller", "callee"],
    change: (_h, impl) => impl.setSettings(false),
  },
  {
    name: "policy-deny",
    title: "the admin assigns a disabled policy",
    roles: ["caller", "callee"],
    change: (h, impl) => h.admin.assignUser(impl.userId!, "deny"),
  },
  {
    name: "compliance",
    title: "the admin turns compliance recording on",
    roles: ["caller"],
    change: (h, impl) => h.admin.compliance(impl.userId!, true),
  },
  // P5 from elsewhere: the same user turns E2EE off on a second device; the service pushes the new setting to the
  // device in the call (P3), which MUST keep the live call as it is. `settings.get` on the same connection orders it.
  {
    name: "other-device-setting-off",
    title: "the user turns E2EE off on a second device",
    roles: ["caller", "callee"],
    change: async (h, impl) => {
      const user = impl.userId!.slice(0, impl.userId!.indexOf("-"));
      await (await h.ref(user, { device: "second" })).setSettings(false);
      return await impl.settings();
    },
  },
];

const requirement = "A setting or policy change during a call MUST affect the next call, not the current one.";

// Catches an implementation that drops E2EE (or its indicator or number) mid-call when the setting or policy
// changes, renegotiates the current call, or keeps committing to E2EE on the next call.
const offCases: Case[] = CHANGES.flatMap((c) =>
  c.roles.map((as) =>
    defineCase({
      id: `policy.mid-call.${c.name}.${as}`,
      clause: "§2.1 P5",
      level: "MUST",
      title: `During an E2EE call ${c.title}: the call stays E2EE, the next one is standard (implementation as ${as})`,
      requirement,
      tags: ["policy", "e2ee", roleTag(as)],
      async run(h) {
        const { impl, ref, caller, callee, call } = await e2eeCall(h, as);
        // SPEC §12.2: set-up, not the check: media flows before the change.
        const before = await precondition(ROOT_CAUSES.media, async () => ({
          impl: await moreAudio(impl, call.id),
          ref: await ref.state(call.id),
        }));
        await c.change(h, impl);
        const after = await moreAudio(impl, call.id);
        expectE2eeUnchanged(before, { impl: after, ref: await ref.state(call.id) }, "after the change");
        expectTopology(await h.record(call.id), "relay");
        await hangupBoth(caller, callee, call.id);
        const next = await h.call(caller, callee);
        const s = sides(next, as);
        expectTopology(await h.record(next.id), "processor");
        expectConnected(s.impl, "In the next call, the implementation");
        expectIndicatorOff(s.impl, "In the next call, the implementation");
        expectIndicatorOff(s.ref, "In the next call, the reference");
      },
    })
  )
);

// Catches an implementation that upgrades a running standard call (or shows the indicator in it) once the user
// turns E2EE on, or that does not use the new setting for the next call.
const onCase = defineCase({
  id: "policy.mid-call.setting-on.caller",
  clause: "§2.1 P5",
  level: "MUST",
  title: "During a standard call the user turns E2EE on: the call stays standard, the next one is E2EE " +
    "(implementation as caller)",
  requirement,
  tags: ["policy", "impl-caller"],
  async run(h) {
    await h.tenant({ global: "userControlled", users: { alice: {}, bob: { e2ee: true } } });
    const { impl, ref, caller, callee } = await pair(h, "caller");
    // SPEC §12.2: set-up, not the check: a standard call in which media flows.
    const call = await precondition(ROOT_CAUSES.standardCall, async () => {
      const call = await h.call(caller, callee);
      expectTopology(await h.record(call.id), "processor");
      expectIndicatorOff(call.caller, "Before the change, the implementation");
      await moreAudio(impl, call.id);
      return call;
    });
    await impl.setSettings(true);
    const after = await moreAudio(impl, call.id);
    expectConnected(after, "After turning E2EE on, the implementation");
    expectIndicatorOff(after, "After turning E2EE on, the implementation");
    expectIndicatorOff(await ref.state(call.id), "After the change, the reference");
    expectTopology(await h.record(call.id), "processor");
    await hangupBoth(caller, callee, call.id);
    const next = await h.call(caller, callee);
    expectTopology(await h.record(next.id), "relay");
    expectIndicatorOn(next.caller, "In the next call, the implementation");
    expectIndicatorOn(next.callee, "In the next call, the reference");
  },
});

export default [...offCases, onCase];
