/**
 * Changing the setting where it is not visible (SPEC §2.1 P3, §3.3): refused with POLICY_DISALLOWS and nothing
 * changes — under a disabled global policy, a user-assigned disabled policy, a group's disabled policy, and
 * compliance recording.
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import type { Harness } from "../../harness.ts";
import { expectRefused, expectSettings, expectTrue } from "../../verify.ts";

type Setup = (h: Harness) => Promise<unknown>;

const VARIANTS: { name: string; title: string; setup: Setup }[] = [
  {
    name: "global-disabled",
    title: "global policy disabled",
    setup: (h) => h.tenant({ global: "disabled", users: { alice: {} } }),
  },
  {
    name: "user-deny",
    title: "a disabled policy assigned to the user",
    setup: (h) => h.tenant({ global: "userControlled", users: { alice: { policy: "disabled" } } }),
  },
  {
    name: "group-deny",
    title: "a disabled policy assigned to the user's group",
    setup: (h) =>
      h.tenant({
        global: "userControlled",
        users: { alice: {} },
        groups: [{ id: "g", rank: 1, members: ["alice"], policy: "disabled" }],
      }),
  },
  {
    name: "compliance",
    title: "compliance recording",
    setup: (h) =>
      h.tenant({ global: "userControlled", users: { alice: { policy: "userControlled", compliance: true } } }),
  },
];

// Catches an implementation that turns the setting on locally although the service refused, or reports success.
const cases: Case[] = VARIANTS.map((v) =>
  defineCase({
    id: `policy.set-refused.${v.name}`,
    clause: "§2.1 P3",
    level: "MUST",
    title: `The setting cannot be turned on under ${v.title}`,
    requirement: "Changing it where it is not visible MUST fail with `POLICY_DISALLOWS` and change nothing.",
    tags: ["policy"],
    async run(h) {
      await v.setup(h);
      const impl = await h.impl("alice");
      expectSettings(
        await impl.settings(),
        { visible: false, enabled: false },
        "Before the change, the implementation",
      );
      await expectRefused(impl.setSettings(true), "POLICY_DISALLOWS", "Turning E2EE on");
      expectSettings(
        await impl.settings(),
        { visible: false, enabled: false },
        "After the refused change, the implementation",
      );
      const stored = await h.admin.req<{ user: { e2eeSetting?: unknown } }>(
        "GET",
        `/users/${encodeURIComponent(impl.userId!)}`,
      );
      expectTrue(
        stored.user.e2eeSetting === false,
        "The service's stored setting is not off",
        false,
        stored.user.e2eeSetting ?? null,
      );
    },
  })
);

export default cases;
