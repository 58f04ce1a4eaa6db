/**
 * Test scaffolding: a forwarded call between two werift SFrame endpoints over real DTLS-SRTP on UDP. The caller
 * offers and the forwarder's caller leg answers; the forwarder's callee leg offers and the callee answers, so both
 * exchanges of a leg are used.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { type SFrameSenderKeys, sframeSenderKeys } from "../../crypto/sframe/mod.ts";
import { type ForwardedCall, type ForwardedPacket, Forwarder } from "../mod.ts";
import { LOOPBACK_RTC, SFrameEndpoint, until } from "./sframe_endpoint.ts";

/** The prk of the test call (as if from protocol 3's key schedule, SPEC §13.3). */
export const TEST_PRK = sha256(new TextEncoder().encode("forwarder test prk"));

/** Key sets the forwarder could know or guess: from an all-zero prk and from the hash of public call data. */
export const FORWARDER_GUESSES: readonly SFrameSenderKeys[] = [
  sframeSenderKeys(new Uint8Array(32)),
  sframeSenderKeys(sha256(new TextEncoder().encode("fwd-1"))),
];

/** A running forwarded call. */
export interface Scenario {
  forwarder: Forwarder;
  call: ForwardedCall;
  caller: SFrameEndpoint;
  callee: SFrameEndpoint;
  keys: SFrameSenderKeys;
  /** Every packet the forwarder handled, as its tap saw it. */
  seen: ForwardedPacket[];
  close(): Promise<void>;
}

/** Sets up a call through a fresh forwarder and waits until all four peer connections are connected. */
export async function forwardedCall(
  opts: { callerSeal?: boolean; calleeSeal?: boolean; timeoutMs?: number } = {},
): Promise<Scenario> {
  const keys = sframeSenderKeys(TEST_PRK);
  const forwarder = new Forwarder({ rtcConfig: LOOPBACK_RTC });
  const call = forwarder.createCall();
  const seen: ForwardedPacket[] = [];
  call.tap((p) => seen.push(p));
  const caller = new SFrameEndpoint("caller", keys, { seal: opts.callerSeal ?? true });
  const callee = new SFrameEndpoint("callee", keys, { seal: opts.calleeSeal ?? true });
  const close = async () => {
    await Promise.all([caller.close(), callee.close(), forwarder.close()]);
  };
  try {
    await Promise.all([
      (async () => await caller.applyAnswer(await call.leg("caller").answer(await caller.offer())))(),
      (async () => await call.leg("callee").applyAnswer(await callee.answer(await call.leg("callee").offer())))(),
    ]);
    await until(
      () =>
        caller.pc.connectionState === "connected" && callee.pc.connectionState === "connected" &&
        call.stats().legs.caller.connection === "connected" && call.stats().legs.callee.connection === "connected",
      opts.timeoutMs ?? 10_000,
      "both endpoints and both forwarder legs to connect",
    );
  } catch (e) {
    await close();
    throw e;
  }
  return { forwarder, call, caller, callee, keys, seen, close };
}

/** Sends 50 audio frames per second and 30 video frames per second from each endpoint for `ms`. */
export async function pump(endpoints: readonly SFrameEndpoint[], ms: number): Promise<void> {
  const start = Date.now();
  let audio = 0, video = 0;
  while (Date.now() - start < ms) {
    const t = Date.now() - start;
    for (; audio * 20 <= t; audio++) for (const e of endpoints) e.send("audio");
    for (; video * 1000 / 30 <= t; video++) for (const e of endpoints) e.send("video");
    await new Promise((r) => setTimeout(r, 5));
  }
}
