/**
 * One measured ShieldCall call between two in-process ReferencePeers through an in-process service, for
 * bench/call-setup: milestones from `place()` to what the issue counts as "set up", plus the service's call log as
 * offsets from the start, so the time can be broken down by phase.
 */
import type { ReferencePeer } from "../src/peer/mod.ts";
import type { CallState } from "../src/protocol/mod.ts";
import type { AdminClient } from "../src/service/mod.ts";
import { hangUp } from "../conformance/session.ts";

/** Milestones of one call, in ms from just before `place()` (null: not reached). */
export interface CallTimes {
  /** place() resolved (the service took the invite). */
  placed: number | null;
  /** Both sides report state "connected". */
  connected: number | null;
  /** Both sides show the indicator and a number (E2EE calls only). */
  indicator: number | null;
  /** Both sides' audio sinks delivered a frame. */
  audio: number | null;
  /** Both sides decoded a video frame sent by the other side. */
  video: number | null;
  /** Both sides decoded a digit of the other side's synthetic speech. */
  digits: number | null;
  /** The numbers both sides showed were equal (E2EE calls). */
  numbersMatch: boolean | null;
  /** CPU time of this whole process (service, peers and any other work in it) from the start to done, in ms. */
  cpuMs: number | null;
  /** Datagrams the relay dropped as from an unknown source in this call (E2EE; null without relay evidence). */
  relayDrops: number | null;
  /** Service call-log events as offsets from the start (first occurrence of each label). */
  phases: Record<string, number>;
  error: string | null;
}

/** Makes `callee` answer every incoming call at once; returns the unsubscribe function. */
export function autoAnswer(callee: ReferencePeer, log: (l: string) => void = () => {}): () => void {
  return callee.on("incoming", ({ callId }) => {
    callee.answer(callId).catch((e) => log(`answer ${callId} failed: ${(e as Error).message}`));
  });
}

function stateOf(p: ReferencePeer, callId: string): CallState | null {
  try {
    return p.state(callId);
  } catch {
    return null; // the callee has not been rung yet
  }
}

/** Label of a log entry: event plus its `from`/`role`/`type` detail (e.g. "sdp:caller:offer"). */
function label(e: { event: string; detail?: Record<string, unknown> }): string {
  const d = e.detail ?? {};
  return [e.event, d.from, d.role, d.to, d.type].filter((x) => typeof x === "string").join(":");
}

/**
 * Places a call from `caller` to `calleeId` (answered by an autoAnswer()ed `callee`), waits until `done(times)` or
 * `timeoutMs`, hangs up and waits for the callee to see the end (conformance/session.ts).
 */
export async function shieldcallCall(
  caller: ReferencePeer,
  callee: ReferencePeer,
  calleeId: string,
  admin: AdminClient,
  done: (t: CallTimes) => boolean,
  timeoutMs = 15_000,
): Promise<CallTimes> {
  const times: CallTimes = {
    placed: null,
    connected: null,
    indicator: null,
    audio: null,
    video: null,
    digits: null,
    numbersMatch: null,
    cpuMs: null,
    relayDrops: null,
    phases: {},
    error: null,
  };
  let callId: string | null = null;
  let finish: () => void = () => {};
  const finished = new Promise<void>((r) => (finish = r));
  const wall0 = Date.now();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const check = () => {
    if (callId === null) return;
    const a = stateOf(caller, callId);
    const b = stateOf(callee, callId);
    if (!a || !b) return;
    const now = performance.now() - t0;
    if (a.state === "ended" || b.state === "ended") {
      times.error ??= `ended: ${a.endReason ?? b.endReason} ${a.endCode ?? b.endCode ?? ""}`.trim();
      return finish();
    }
    if (times.connected === null && a.state === "connected" && b.state === "connected") times.connected = now;
    if (times.indicator === null && a.e2ee.indicator && b.e2ee.indicator && a.e2ee.number && b.e2ee.number) {
      times.indicator = now;
      times.numbersMatch = a.e2ee.number === b.e2ee.number;
    }
    if (times.audio === null && a.media.audio.framesReceived > 0 && b.media.audio.framesReceived > 0) times.audio = now;
    if (times.video === null && a.media.video.decoded > 0 && b.media.video.decoded > 0) times.video = now;
    if (times.digits === null && a.media.audio.digits.length > 0 && b.media.audio.digits.length > 0) times.digits = now;
    if (done(times)) {
      const c = process.cpuUsage(cpu0);
      times.cpuMs = (c.user + c.system) / 1000;
      finish();
    }
  };
  const offs = [caller.on("changed", check), callee.on("changed", check)];
  const poll = setInterval(check, 5); // media counters change without events
  const timer = setTimeout(() => {
    times.error ??= `timed out after ${timeoutMs} ms`;
    finish();
  }, timeoutMs);
  try {
    callId = await caller.place(calleeId);
    times.placed = performance.now() - t0;
    check();
    await finished;
  } catch (e) {
    times.error = (e as Error).message;
  } finally {
    clearInterval(poll);
    clearTimeout(timer);
    for (const off of offs) off();
  }
  if (callId !== null) {
    const id = callId;
    await hangUp(caller, id, callee, id);
    try {
      const rec = await admin.call(id);
      times.relayDrops = rec.evidence.relay?.dropped.unknownSource ?? null;
      for (const e of rec.log) {
        const l = label(e as { event: string; detail?: Record<string, unknown> });
        if (!(l in times.phases)) times.phases[l] = e.at - wall0;
      }
    } catch {
      // the log is a breakdown aid only
    }
  }
  return times;
}
