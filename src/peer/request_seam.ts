/**
 * Which requests the reference peer sends the service (SPEC §6, §3.3). The reference sends every request: the user's
 * setting is the service's (P3), so the peer asks for it (`settings.get`) before each call it places or answers and
 * changes it only through `settings.set`; it answers nothing itself. A one-fault variant (src/peer/mutants/) may
 * answer a request locally instead — a setting kept from sign-in, or one changed only on this device.
 *
 * This is one of the peer's strategies (strategies.ts); the signaling client asks it before it sends a request.
 */
import type { ServerMessage } from "../protocol/mod.ts";
import type { RidRequest } from "./signaling_client.ts";

/** The `welcome` the connection received (the settings as they were at sign-in). */
export type Welcome = Extract<ServerMessage, { type: "welcome" }>;
/** A reply to a request. */
export type RequestReply = Extract<ServerMessage, { rid?: string }>;

/** Returns the reply to `msg` when the peer answers it itself, or undefined to send it to the service. */
export type RequestSeam = (msg: RidRequest, welcome: Welcome | undefined) => RequestReply | undefined;

/** SPEC §6, §3.3 (P3): the reference answers no request itself; every one goes to the service. */
export const sendEveryRequest: RequestSeam = () => undefined;
