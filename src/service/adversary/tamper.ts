/** SPEC §8 tamper: the relay changes a seeded byte of some SRTP packets; SRTP authentication MUST drop them. */
import { relayFault } from "./_relay_fault.ts";

export const tamper = relayFault("tamper", "changes a byte of some media packets at the relay");
