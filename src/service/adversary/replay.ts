/** SPEC §8 replay: the relay sends some SRTP packets twice; replay protection MUST drop the copies. */
import { relayFault } from "./_relay_fault.ts";

export const replay = relayFault("replay", "sends some media packets twice at the relay");
