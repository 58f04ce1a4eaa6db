/**
 * Mutant (SPEC §6.1 own side, §2.1 P4): the peer never asks the service for the setting again; it answers its own
 * `settings.get` with the setting the service stated at sign-in (`welcome.settings`), so after an administrator
 * disallows E2EE it still commits in its invites and sends its key in its accepts.
 */
import type { Mutant } from "../mutants.ts";

export const settingsKeptFromSignIn: Mutant = {
  id: "settings-kept-from-sign-in",
  clause: "§6.1",
  description: "The setting is kept from sign-in instead of asked before each call (settings.get answered locally)",
  hints: ["own-side"],
  variant: () => ({
    // The fault: a request the peer answers itself, from what the service said at sign-in.
    requests: (msg, welcome) =>
      msg.type === "settings.get" && welcome
        ? {
          type: "settings",
          visible: welcome.settings.visible,
          enabled: welcome.settings.enabled,
          policy: welcome.settings.visible ? "userControlled" : "disabled",
        }
        : undefined,
  }),
};
