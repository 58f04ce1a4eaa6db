/**
 * Mutant (SPEC §2.1 P3, §3.3): the peer keeps the user's setting on this device: it answers `settings.set` itself
 * (never telling the service) and `settings.get` with the value it kept, so the service, and the user's other devices,
 * never learn the change.
 */
import type { Mutant } from "../mutants.ts";

export const settingKeptLocal: Mutant = {
  id: "setting-kept-local",
  clause: "§2.1 P3",
  description:
    "A setting change is kept on the device (settings.set answered locally) instead of stored by the service",
  hints: ["policy"],
  variant: () => {
    let kept: boolean | undefined; // per peer: the value set on this device
    return {
      // The fault: settings requests answered from the device's own copy once the user changed it here.
      requests: (msg, welcome) => {
        if (!welcome || !welcome.settings.visible) return undefined;
        if (msg.type === "settings.set") kept = msg.e2ee;
        else if (msg.type !== "settings.get" || kept === undefined) return undefined;
        return { type: "settings", visible: true, enabled: kept, policy: "userControlled" };
      },
    };
  },
};
