/**
 * Media waits of the feature cases (SPEC §11): each party speaks `speechFor(userId)`, so the digits a party decoded
 * after a mark tell whom it hears now — after a transfer, a park retrieval, a merge.
 */
import type { Party } from "../../../src/driver/mod.ts";
import { speechFor } from "../../../src/media/mod.ts";
import type { CallState } from "../../../src/protocol/mod.ts";
import { CaseFailure } from "../../case.ts";
import type { Harness } from "../../harness.ts";

/** Where `p`'s decoded digits in `callId` stand now (for hearsAfter()). */
export async function mark(p: Party, callId: string): Promise<number> {
  return (await p.state(callId)).media.audio.digits.length;
}

/**
 * Waits until `listener` decoded `speaker`'s speech in `callId` after `from` (a mark); fails with what it heard.
 * Synthetic speech repeats every ~1.2 s; group calls forward one party at a time (slots of 1.5–4 s), hence the bound.
 */
export async function hearsAfter(
  h: Harness,
  listener: Party,
  callId: string,
  speakerId: string,
  from: number,
  timeoutMs = 12_000,
): Promise<CallState> {
  const want = speechFor(speakerId);
  const t0 = Date.now();
  let last: CallState | null = null;
  try {
    last = await listener.until(
      callId,
      (s) => s.state === "ended" || s.media.audio.digits.slice(from).includes(want),
      timeoutMs,
      `speech of ${speakerId}`,
    );
  } catch {
    last = await listener.state(callId).catch(() => null);
  }
  if (!last || !last.media.audio.digits.slice(from).includes(want)) {
    throw new CaseFailure(`${listener.label} does not hear ${speakerId} in call ${callId}`, want, {
      state: last?.state ?? null,
      endReason: last?.endReason ?? null,
      heard: last?.media.audio.digits.slice(from, from + 200) ?? null,
    });
  }
  h.timing(`hears:${listener.label}<-${speakerId}`, Date.now() - t0);
  return last;
}

/** Waits until every party has decoded at least `n` more digits in `callId` than it had when called. */
export async function heardMore(
  h: Harness,
  a: Party,
  b: Party,
  callId: string,
  n: number,
  timeoutMs = 10_000,
): Promise<void> {
  const t0 = Date.now();
  await Promise.all([a, b].map(async (p) => {
    const start = (await p.state(callId)).media.audio.digits.length;
    try {
      await p.until(
        callId,
        (s) => s.state === "ended" || s.media.audio.digits.length >= start + n,
        timeoutMs,
        `${n} more digits`,
      );
    } catch {
      // fall through to the check below with the last state
    }
    const s = await p.state(callId);
    if (s.media.audio.digits.length < start + n) {
      throw new CaseFailure(`${p.label} stopped hearing the other side`, `≥ ${start + n} digits`, {
        state: s.state,
        digits: s.media.audio.digits.length,
      });
    }
  }));
  h.timing("heard-more", Date.now() - t0);
}

/** Waits until the call ended at `p`; fails unless it ended with `reason` (when given). */
export async function endsWith(p: Party, callId: string, reason: string | null, timeoutMs = 8000): Promise<CallState> {
  let s: CallState;
  try {
    s = await p.until(callId, (x) => x.state === "ended", timeoutMs, "the call to end");
  } catch {
    s = await p.state(callId);
    throw new CaseFailure(`${p.label}'s call ${callId} did not end`, { state: "ended", endReason: reason }, {
      state: s.state,
      endReason: s.endReason,
    });
  }
  if (reason !== null && s.endReason !== reason) {
    throw new CaseFailure(`${p.label}'s call ended with another reason`, reason, {
      endReason: s.endReason,
      endCode: s.endCode,
    });
  }
  return s;
}
