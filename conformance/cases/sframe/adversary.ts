/**
 * SPEC §8 sframe-* modes (§13.5, §13.6, §13.11): the service's forwarder alters the frames travelling toward the
 * implementation in an SFrame call (the seed names that side), and the implementation must drop exactly what §13
 * says, count it in CallState `sframe`, and keep or lose its indicator as the mode's row requires. Both roles.
 *
 * Broken implementations these catch: a receiver without a replay window (replay), one that opens a frame under its
 * own KID or any KID (kid-spoof), one that passes a frame on without verifying its tag or does not count the drop
 * (tamper), one that refuses frames reordered within the window (reorder), one that accepts a frame with no SFrame
 * header as plaintext or keeps its indicator while nothing opens (strip), one whose number under mitm is not the one
 * its own leg's keys and bound profiles give (mitm-differs). A window that moves before the tag verified is not
 * caught: no mode sends a forged copy of a frame ahead of the genuine one.
 */
import type { Party } from "../../../src/driver/mod.ts";
import type { CallState, SFrameCounters } from "../../../src/protocol/mod.ts";
import { type Case, CaseFailure, defineCase } from "../../case.ts";
import type { Harness } from "../../harness.ts";
import {
  expectConnected,
  expectEqual,
  expectIndicatorOn,
  expectNumber20,
  expectNumbersDiffer,
  expectNumbersEqual,
  expectTrue,
  precondition,
  ROOT_CAUSES,
} from "../../verify.ts";
import { type As, ROLES } from "../_roles.ts";
import { mitmExpectedNumber } from "../_wire.ts";
import { countersOf, countersUntil, droppedTotal, sframeCall, type SFrameSetUp, sframeTags } from "./_sframe.ts";

type Reason = keyof SFrameCounters["dropped"];

/** How long the cases let the mode act (it acts on one frame in ten: audio runs at 50 frames a second). */
const ACT_MS = 8_000;

/** The adversary's logged actions of one kind in the call, once at least `n` are there (a precondition). */
async function acted(h: Harness, callId: string, action: string, n: number): Promise<{ at: number }[]> {
  return await precondition(ROOT_CAUSES.adversaryCall, async () => {
    const deadline = Date.now() + ACT_MS;
    for (;;) {
      const actions = ((await h.record(callId)).adversary?.actions ?? []).filter((a) => a.event === action);
      if (actions.length >= n || Date.now() > deadline) {
        expectTrue(actions.length >= n, `The forwarder acted as ${action}`, `>= ${n} actions`, actions.length);
        return actions as { at: number }[];
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  });
}

/** Frames the implementation opened over `ms` while the mode acts: the call survives only if this keeps growing. */
async function openedDuring(p: Party, callId: string, ms: number): Promise<{ before: number; after: CallState }> {
  const before = countersOf(await p.state(callId), "The implementation").opened;
  await new Promise((r) => setTimeout(r, ms));
  return { before, after: await p.state(callId) };
}

/** A drop mode (tamper, replay, kid-spoof): the implementation drops for `reason`, counts it, and keeps the call. */
function dropCase(as: As, mode: string, reason: Reason, action: string, requirement: string, title: string): Case {
  return defineCase({
    id: `sframe.${mode.slice("sframe-".length)}.${as}`,
    clause: "§8",
    level: "MUST",
    profile: "sframe",
    title: `${title} (the implementation as ${as})`,
    requirement,
    tags: sframeTags(as, "adversary"),
    async run(h) {
      const s = await sframeCall(h, as, { mode });
      const n = (await acted(h, s.call.id, action, 3)).length;
      const st = await countersUntil(s.impl, s.call.id, (c) => c.dropped[reason] >= 3);
      const c = countersOf(st, "The implementation");
      expectTrue(
        c.dropped[reason] >= 3,
        `The implementation counts the altered frames as dropped (${reason})`,
        `>= 3 (the forwarder acted ${n} times by then)`,
        c.dropped,
      );
      await expectSurvives(s);
    },
  });
}

/** The call goes on: connected, frames still opening, the indicator on and the numbers equal (SPEC §8 rows). */
async function expectSurvives(s: SFrameSetUp): Promise<void> {
  const { before, after } = await openedDuring(s.impl, s.call.id, 1500);
  expectConnected(after, "The implementation");
  const c = countersOf(after, "The implementation");
  expectTrue(c.opened > before, "Frames keep opening at the implementation", `> ${before}`, c.opened);
  expectIndicatorOn(after, "The implementation");
  expectNumbersEqual(s.call.caller, s.call.callee);
}

const tamper = (as: As) =>
  dropCase(
    as,
    "sframe-tamper",
    "auth",
    "sframe-tamper",
    "that side drops each altered frame as SFRAME_AUTH_FAILED and counts it (CallState sframe.dropped.auth); " +
      "the call survives, frames keep opening, indicators stay on and the numbers match",
    "SFrame frames altered at the forwarder are dropped as SFRAME_AUTH_FAILED; the call survives",
  );

const replay = (as: As) =>
  dropCase(
    as,
    "sframe-replay",
    "replay",
    "sframe-replay",
    "that side drops every copy as SFRAME_REPLAY (sframe.dropped.replay); the call survives and the numbers match",
    "SFrame frames replayed by the forwarder are dropped by the replay window; the call survives",
  );

const kidSpoof = (as: As) =>
  dropCase(
    as,
    "sframe-kid-spoof",
    "kid",
    "sframe-kid-spoof",
    "that side drops each such frame as SFRAME_UNKNOWN_KID (sframe.dropped.kid); the call survives and the numbers " +
      "match",
    "SFrame frames under the receiver's own KID are dropped as SFRAME_UNKNOWN_KID; the call survives",
  );

function reorder(as: As): Case {
  return defineCase({
    id: `sframe.reorder.${as}`,
    clause: "§8",
    level: "MUST",
    profile: "sframe",
    title: `SFrame frames reordered within the window are accepted (the implementation as ${as})`,
    requirement: "that side accepts the reordered frames (inside the 128-frame window, §13.5): no frame dropped as " +
      "SFRAME_REPLAY, the call goes on and the numbers match",
    tags: sframeTags(as, "adversary"),
    async run(h) {
      const s = await sframeCall(h, as, { mode: "sframe-reorder" });
      await acted(h, s.call.id, "sframe-reorder", 5);
      const c = countersOf(await s.impl.state(s.call.id), "The implementation");
      expectEqual(c.dropped.replay, 0, "Reordered frames the implementation dropped as SFRAME_REPLAY");
      expectEqual(droppedTotal(c), 0, "Frames the implementation dropped");
      await expectSurvives(s);
    },
  });
}

/** How late the indicator may go off after the strip began: 1 s (§13.11) plus the suite's polling of the adapter. */
const STRIP_SLACK_MS = 500;

function strip(as: As): Case {
  return defineCase({
    id: `sframe.strip.${as}`,
    clause: "§8",
    level: "MUST",
    profile: "sframe",
    title: `Unencrypted frames from the forwarder are dropped and the indicator goes off within 1 s (the ` +
      `implementation as ${as})`,
    requirement: "that side drops every such frame (counted under any reason), decodes none of them, and its " +
      "indicator goes off within 1 s of the strip (§13.11); the other side keeps its indicator",
    tags: sframeTags(as, "adversary"),
    async run(h) {
      const s = await sframeCall(h, as, { mode: "sframe-strip" });
      const [started] = await acted(h, s.call.id, "sframe-strip-started", 1);
      const at = (started as { at: number; detail?: { at?: number } }).detail?.at ?? started!.at;
      const limit = at + 1000 + STRIP_SLACK_MS;
      let off: CallState;
      try {
        off = await s.impl.until(s.call.id, (x) => !x.e2ee.indicator, Math.max(1, limit - Date.now()), "indicator off");
      } catch {
        const now = await s.impl.state(s.call.id);
        throw new CaseFailure(
          "The implementation kept its indicator on while every frame it received was unencrypted",
          `indicator off by ${1000 + STRIP_SLACK_MS} ms after the strip`,
          { indicator: now.e2ee.indicator, sframe: now.sframe ?? null, msAfterStrip: Date.now() - at },
        );
      }
      const { before, after } = await openedDuring(s.impl, s.call.id, 1000);
      const c = countersOf(after, "The implementation");
      expectTrue(droppedTotal(c) > 0, "The implementation counts the unencrypted frames as dropped", "> 0", c.dropped);
      expectEqual(c.opened, before, "Frames the implementation opened after the strip (none can open)");
      expectTrue(!after.e2ee.indicator, "The indicator stays off while nothing opens", false, after.e2ee.indicator);
      expectEqual(
        off.state === "ended" ? "ended" : "connected",
        "connected",
        "The implementation's call after the strip",
      );
      expectIndicatorOn(await s.ref.state(s.call.id), "The counterpart (its direction is honest)");
    },
  });
}

function mitm(as: As): Case {
  return defineCase({
    id: `sframe.mitm-differs.${as}`,
    clause: "§2.2 V2",
    level: "MUST",
    profile: "sframe",
    title: `SFrame call under mitm (the service holds each leg's keys and re-seals the audio): the implementation ` +
      `(${as}) shows a number that differs from its peer's`,
    requirement:
      "Both ends MUST derive the same number when nobody interfered; under key or fingerprint substitution " +
      "the numbers differ (§5.4).",
    tags: sframeTags(as, "adversary", "verify"),
    async run(h) {
      const s = await sframeCall(h, as, { mode: "mitm", numbers: false });
      await acted(h, s.call.id, "sframe-reseal", 2);
      expectNumber20(s.implState, "The implementation");
      expectNumbersDiffer(s.call.caller, s.call.callee);
      // and the implementation's number is its own leg's (§5.4, §13.10: profiles bound, zero fingerprints)
      expectEqual(
        s.implState.e2ee.number,
        mitmExpectedNumber(await h.record(s.call.id), as),
        "The implementation's number is not the one its leg's keys and the bound profiles give",
      );
    },
  });
}

export default ROLES.flatMap((as) => [tamper, replay, kidSpoof, reorder, strip, mitm].map((f) => f(as)));
