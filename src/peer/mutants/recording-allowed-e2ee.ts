/** Mutant (SPEC §2.4 F1): recording is not refused by the client in an E2EE call. */
import { localRefusal } from "../feature_guard.ts";
import type { Mutant } from "../mutants.ts";

export const recordingAllowedE2ee: Mutant = {
  id: "recording-allowed-e2ee",
  clause: "§2.4 F1",
  description: "Recording is not refused by the client in an E2EE call (the request goes to the service)",
  hints: ["F1", "features"],
  variant: () => ({
    featureGuard: (call, feature, ...rest) => (feature === "recording" ? null : localRefusal(call, feature, ...rest)),
  }),
};
