/**
 * SPEC §13.4, §13.9–§13.11: an honest SFrame call between the implementation and the web client (§13.12) through
 * the service's forwarder, both roles. Each case's own check reads what the implementation reports (CallState, §7) or
 * what the forwarder saw of the implementation's frames (its tap, §13.11 evidence).
 *
 * Broken implementations these catch: one that seals under the peer's key or one key for both directions (the peer
 * opens nothing: peer-opens); one that reuses a nonce, keeps its CTR still or runs one CTR per track (ctr); one that
 * sends under the other role's KID (kid) or frames in clear (ciphertext); one that reports a relay topology or no
 * counters (state); one whose number leaves the profile out or differs (numbers); one that performs a feature
 * (features).
 */
import { speechFor } from "../../../src/media/mod.ts";
import { profileContext, sframeSenderKeys } from "../../../src/crypto/sframe/mod.ts";
import { base64urlDecode } from "../../../src/crypto/mod.ts";
import { sha256 } from "@noble/hashes/sha2.js";
import { type Case, defineCase } from "../../case.ts";
import {
  expectEqual,
  expectFeatureAbsent,
  expectIndicatorOn,
  expectNumber20,
  expectNumbersEqual,
  expectRefused,
  expectTrue,
  preconditionSync,
  ROOT_CAUSES,
} from "../../verify.ts";
import { type As, ROLES } from "../_roles.ts";
import { argsFor, FEATURES } from "../features/_features.ts";
import {
  countersOf,
  countersUntil,
  droppedTotal,
  forwarderOf,
  fromImpl,
  peerOf,
  recordAfter,
  sframeAnswered,
  sframeCall,
  sframeTags,
} from "./_sframe.ts";

const PROFILE = "sframe" as const;

function state(as: As): Case {
  return defineCase({
    id: `sframe.state.${as}`,
    clause: "§13.11",
    level: "MUST",
    profile: PROFILE,
    title: `SFrame call: the implementation (${as}) reports the forwarder topology, the sframe profile and counters`,
    requirement: 'topology is "forwarder", profile is "sframe", and sframe holds the endpoint\'s counters (§13.6).',
    tags: sframeTags(as),
    async run(h) {
      const s = await sframeCall(h, as);
      const st = await countersUntil(s.impl, s.call.id, (c) => c.sealed >= 20 && c.opened >= 20);
      expectEqual(st.topology, "forwarder", "The implementation's topology");
      expectEqual(st.profile, "sframe", "The implementation's profile");
      const c = countersOf(st, "The implementation");
      expectTrue(
        c.sealed >= 20 && c.opened >= 20,
        "The implementation counts the frames it sealed and opened",
        ">= 20",
        c,
      );
    },
  });
}

function numbers(as: As): Case {
  return defineCase({
    id: `sframe.numbers.${as}`,
    clause: "§13.10",
    level: "MUST",
    profile: PROFILE,
    title: `SFrame call: the implementation (${as}) shows the same 20-digit number as its peer`,
    requirement: "Everything else of §5 is unchanged: the number, its label and its derivation",
    tags: sframeTags(as, "verify"),
    async run(h) {
      const s = await sframeCall(h, as, { numbers: false });
      expectNumber20(s.implState, "The implementation");
      expectNumbersEqual(s.call.caller, s.call.callee);
    },
  });
}

function peerOpens(as: As): Case {
  return defineCase({
    id: `sframe.peer-opens.${as}`,
    clause: "§13.11",
    level: "MUST",
    profile: PROFILE,
    title: `SFrame call: the peer opens every frame of the implementation (${as}), and media flows both ways`,
    requirement: "Each endpoint seals every encoded frame it sends with its own role's base key and KID " +
      "(§13.3–§13.4, §13.7) and opens every frame it receives with the peer's; the CTR starts at 0 per call.",
    tags: sframeTags(as, "media"),
    async run(h) {
      const s = await sframeAnswered(h, as);
      // the case's own check: the call comes up with frames opening at both ends, nothing dropped, speech heard
      const peer = await countersUntil(s.ref, s.call.id, (c) => c.opened >= 30);
      const pc = countersOf(peer, "The counterpart");
      expectTrue(pc.opened >= 30, "The counterpart opened the implementation's frames", ">= 30 opened", pc);
      expectEqual(droppedTotal(pc), 0, "Frames of the implementation the counterpart dropped");
      const mine = countersOf(await s.impl.state(s.call.id), "The implementation");
      expectEqual(droppedTotal(mine), 0, "Frames of the counterpart the implementation dropped");
      await h.heard(s.impl, s.call.id, speechFor(s.ref.userId!));
      await h.heard(s.ref, s.call.id, speechFor(s.impl.userId!));
      expectIndicatorOn(await s.ref.state(s.call.id), "The counterpart");
    },
  });
}

/** Keys a forwarder could know or guess: from an all-zero prk and from the hash of the call id (public). */
function guessedKeys(callId: string) {
  return [sframeSenderKeys(new Uint8Array(32)), sframeSenderKeys(sha256(new TextEncoder().encode(callId)))];
}

function ciphertext(as: As): Case {
  return defineCase({
    id: `sframe.ciphertext.${as}`,
    clause: "§13.9 FW1",
    level: "MUST",
    profile: PROFILE,
    title: `SFrame call: the forwarder sees only SFrame ciphertext from the implementation (${as})`,
    requirement: "in the profile every payload it handles is an SFrame ciphertext (§13.1) under a sender's KID " +
      "(§13.4) that opens under no key the forwarder could hold, with no media in clear.",
    tags: sframeTags(as, "forwarder"),
    async run(h) {
      const s = await sframeCall(h, as);
      const tap = forwarderOf(await recordAfter(h, s.call.id, 1500)).tap[fromImpl(as)];
      expectTrue(tap.sframe >= 20, "The forwarder saw the implementation's frames as SFrame", ">= 20", tap.sframe);
      expectEqual(
        tap.notSframe,
        0,
        `Frames of the implementation that were not SFrame (${JSON.stringify(tap.firstFault)})`,
      );
      // the audio samples are whole frames: none opens under a key the forwarder could guess
      for (const sample of tap.samples.filter((x) => x.kind === "audio")) {
        const frame = base64urlDecode(sample.payload);
        for (const keys of guessedKeys(s.call.id)) {
          let opened = false;
          try {
            profileContext(peerOf(as), keys).open(frame);
            opened = true;
          } catch {
            // expected
          }
          expectTrue(!opened, "A frame of the implementation opened under a key the forwarder could guess");
        }
      }
    },
  });
}

function ctr(as: As): Case {
  return defineCase({
    id: `sframe.ctr.${as}`,
    clause: "§13.4",
    level: "MUST",
    profile: PROFILE,
    title: `SFrame call: the implementation (${as}) seals under one CTR from 0, shared by audio and video, going up`,
    requirement: "A sender has one CTR per KID, shared by all its media (audio and video): it starts at 0 and goes " +
      "up by 1 for every frame sealed, so no (key, nonce) pair is ever used twice (RFC 9605 §7.4).",
    tags: sframeTags(as, "forwarder"),
    async run(h) {
      const s = await sframeCall(h, as);
      const tap = forwarderOf(await recordAfter(h, s.call.id, 2000)).tap[fromImpl(as)];
      expectTrue(tap.frameStarts.audio >= 10 && tap.frameStarts.video >= 10, "Audio and video frames seen", ">= 10", {
        audio: tap.frameStarts.audio,
        video: tap.frameStarts.video,
      });
      expectEqual(tap.ctr.lowest, "0", "The lowest CTR of the implementation's frames");
      // one CTR for both kinds, up by one per frame: never a repeat (a reused nonce, or a CTR per track), and each
      // track's frames in order (the two kinds may cross on the wire: separate pacers)
      expectEqual(tap.ctr.repeats, 0, "Frames under a CTR the implementation had already used (a reused nonce)");
      expectEqual(
        tap.ctr.notAboveInKind,
        { audio: 0, video: 0 },
        "Frames whose CTR was not above the one before in their kind, in the sender's (sequence-number) order",
      );
      // one CTR per frame across the kinds, up by 1: the highest CTR seen (not the last to arrive, which may have
      // crossed) is at least the frames seen less one, and the frames seen cover most CTRs from the lowest to the
      // highest (a step of 2, or a CTR per kind, leaves half of them unused; a lost packet leaves a few)
      const lowest = BigInt(tap.ctr.lowest ?? "0"), highest = BigInt(tap.ctr.highest ?? "0");
      expectTrue(
        highest + 1n >= BigInt(tap.sframe),
        "One CTR per frame across audio and video",
        `highest CTR >= ${tap.sframe - 1}`,
        tap.ctr.highest,
      );
      expectTrue(
        BigInt(tap.sframe) * 4n >= (highest - lowest + 1n) * 3n,
        "The CTR goes up by 1 per frame: the frames seen cover at least 3/4 of the CTRs from the lowest to the highest",
        `>= ${(highest - lowest + 1n) * 3n / 4n} frames`,
        { frames: tap.sframe, lowest: tap.ctr.lowest, highest: tap.ctr.highest },
      );
    },
  });
}

function kid(as: As): Case {
  return defineCase({
    id: `sframe.kid.${as}`,
    clause: "§13.4",
    level: "MUST",
    profile: PROFILE,
    title: `SFrame call: the implementation (${as}) sends under its role's KID`,
    requirement: "The caller sends under KID 0 and the callee under KID 1, each with its own base key (§13.3).",
    tags: sframeTags(as, "forwarder"),
    async run(h) {
      const s = await sframeCall(h, as);
      const tap = forwarderOf(await recordAfter(h, s.call.id, 1000)).tap[fromImpl(as)];
      // the tap judges under the role's KID (its own configuration, so a set-up check, not the case's)
      preconditionSync(ROOT_CAUSES.evidence, () => {
        expectEqual(tap.kid, as === "caller" ? "0" : "1", "The KID the tap expects of the implementation's role");
      });
      expectTrue(tap.sframe > 0 && tap.notSframe === 0, "Every frame of the implementation under its KID", true, {
        sframe: tap.sframe,
        notSframe: tap.notSframe,
        firstFault: tap.firstFault,
      });
    },
  });
}

function features(as: As): Case {
  return defineCase({
    id: `sframe.features-refused.${as}`,
    clause: "§13.10",
    level: "MUST",
    profile: PROFILE,
    title: `SFrame call: every §2.4 feature is absent and refused by the implementation (${as}), as in any E2EE call`,
    requirement: "policy and opt-in (§2), and the features refused under E2EE (§2.4).",
    tags: sframeTags(as, "features"),
    async run(h) {
      const s = await sframeCall(h, as);
      for (const f of FEATURES) expectFeatureAbsent(s.implState, f, "The implementation");
      // with arguments valid in a standard call (a user to transfer to, add or ring), so a refusal is about E2EE only
      for (const f of FEATURES) {
        await expectRefused(s.impl.feature(s.call.id, f, argsFor(s.t, f)), "FEATURE_DISABLED_E2EE", `"${f}" asked for`);
      }
      expectIndicatorOn(await s.impl.state(s.call.id), "The implementation after the refusals");
    },
  });
}

export default ROLES.flatMap((as) => [state, numbers, peerOpens, ciphertext, ctr, kid, features].map((f) => f(as)));
