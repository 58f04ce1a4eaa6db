/** SPEC §8 drop: the relay drops some SRTP packets; the call MUST stay connected and E2EE. */
import { relayFault } from "./_relay_fault.ts";

export const drop = relayFault("drop", "drops some media packets at the relay");
