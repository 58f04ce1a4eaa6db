/**
 * How the reference peer admits one service frame (SPEC §6, S2): the frame's bytes as sent, checked in the order SPEC
 * §6 fixes — size counted in UTF-8 bytes (`PROTO_TOO_LARGE`), UTF-8 and JSON with no BOM stripped (`PROTO_PARSE`),
 * an object with a string `type` (`PROTO_INVALID`), a known `type` (`PROTO_UNKNOWN_TYPE`), the closed schema
 * (`PROTO_INVALID`: a wrong field type or one unknown extra property). A frame that fails any step is not a message of
 * the protocol: the peer ignores it as a whole (it changes nothing and sends nothing in reply) and logs why.
 *
 * This is one of the peer's strategies (strategies.ts), so a one-fault variant can replace it (src/peer/mutants/).
 */
import { type MessageResult, parseServerMessage, type ServerMessage } from "../protocol/mod.ts";

/** Admits one service frame (text as received, or its bytes): the message, or why it is ignored. */
export type FrameIntake = (frame: string | Uint8Array) => MessageResult<ServerMessage>;

/** SPEC §6 (S2): the reference intake — every step of the rejection order, nothing repaired or coerced. */
export const admitFrame: FrameIntake = (frame) => parseServerMessage(frame);
