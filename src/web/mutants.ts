/**
 * Mutants of the web client's SFrame profile (SPEC §12.7, §13.12): the counterpart of every `sframe` case is the web
 * client, and the reference peer cannot run SFrame, so the cases of §13 prove they can fail against these. Each is the
 * web client with ONE deliberate fault in its SFrame code (src/web/sframe.ts, sframe_calls.ts, e2ee.ts, flow.ts,
 * client.ts), chosen only by `shieldcall web-peer --stdio --mutant ID`: the id reaches the page as the `mutant` query
 * parameter and the worker as its script's, and the clean client (no id) never takes a mutant's branch. Data only: no
 * DOM, no `node:*`. conformance/web_mutants_test.ts runs each against its first killer and asserts the verdict `fail`.
 */

/** One mutant of the web client. */
export interface WebMutant {
  /** Stable id, kebab-case, named after the fault. */
  id: string;
  /** The SPEC clause it breaks. */
  clause: string;
  description: string;
  /** Case ids whose own assertion was seen to kill it; the first is the one the kill proof runs. */
  killers: string[];
}

/** Every web mutant, in a stable order. */
export const WEB_MUTANTS = [
  {
    id: "sframe-nonce-reuse",
    clause: "§13.4",
    description: "the sender writes the advancing CTR in the header but computes every nonce from CTR 0",
    killers: ["sframe.peer-opens.callee", "sframe.peer-opens.caller"],
  },
  {
    id: "sframe-ctr-frozen",
    clause: "§13.4",
    description: "the sender's CTR never advances: every frame is sealed under CTR 0",
    killers: ["sframe.ctr.caller", "sframe.ctr.callee", "sframe.peer-opens.caller", "sframe.peer-opens.callee"],
  },
  {
    id: "sframe-replay-off",
    clause: "§13.5",
    description: "the receiver has no replay window: a frame under a CTR it already accepted opens again",
    killers: ["sframe.replay.caller", "sframe.replay.callee"],
  },
  {
    id: "sframe-plaintext-accepted",
    clause: "§13.6",
    description: "the receiver passes a frame that is no SFrame of the call (bad header or unknown KID) on to the " +
      "decoder as plaintext and does not count it as dropped",
    killers: ["sframe.strip.caller", "sframe.strip.callee", "sframe.kid-spoof.caller", "sframe.kid-spoof.callee"],
  },
  {
    id: "sframe-one-key",
    clause: "§13.3",
    description: "one key for both senders: each side seals with the caller's base key (the callee's frames do not " +
      "open at the caller)",
    killers: ["sframe.peer-opens.callee"],
  },
  {
    id: "sframe-gate-off",
    clause: "§13.10",
    description: "the media gate is off: frames are sealed and sent once the keys are derived, before the peer's tag " +
      "verified",
    killers: ["sframe.gate.caller", "sframe.gate.callee"],
  },
  {
    id: "sframe-kid-swapped",
    clause: "§13.4",
    description: "the video sender seals under the peer's KID (with its own base key); audio is right",
    killers: ["sframe.kid.caller", "sframe.kid.callee", "sframe.peer-opens.caller"],
  },
  {
    id: "sframe-indicator-sticky",
    clause: "§13.11",
    description: "the indicator stays on while no peer frame opens: drops are counted but never turn it off",
    killers: ["sframe.strip.caller", "sframe.strip.callee"],
  },
  {
    id: "sframe-window-strict",
    clause: "§13.5",
    description: "the replay window accepts only CTRs above the highest accepted: a frame reordered within the " +
      "window is dropped as SFRAME_REPLAY",
    killers: ["sframe.reorder.caller", "sframe.reorder.callee"],
  },
  {
    id: "sframe-tag-unchecked",
    clause: "§13.6",
    description: "a frame whose tag fails is still handed to the decoder (its ciphertext) and counted as opened",
    killers: ["sframe.tamper.callee", "sframe.tamper.caller"],
  },
  {
    id: "sframe-ctr-skips",
    clause: "§13.4",
    description: "the CTR goes up by 2 per frame (every other CTR is spent and never sent); no nonce repeats",
    killers: ["sframe.ctr.callee", "sframe.ctr.caller"],
  },
  {
    id: "sframe-indicator-early",
    clause: "§13.11",
    description: "the indicator follows the verified tag alone, as in a dtls-srtp call: it shows while no frame of " +
      "the peer has opened",
    killers: [
      "sframe.indicator-needs-frames.caller",
      "sframe.indicator-needs-frames.callee",
      "sframe.strip.callee",
      "sframe.strip.caller",
    ],
  },
  {
    id: "sframe-ctr-kept",
    clause: "§13.11",
    description: "the sender's CTR carries on from the calls before instead of starting at 0 in each call",
    killers: ["sframe.ctr-per-call.caller", "sframe.ctr-per-call.callee"],
  },
  {
    id: "sframe-video-clear",
    clause: "§13.9",
    description: "the video sender passes its frames on unsealed (the transform seals audio only); audio is right",
    killers: [
      "sframe.ciphertext.callee",
      "sframe.ciphertext.caller",
      "sframe.kid.callee",
      "sframe.kid.caller",
      "sframe.peer-opens.callee",
      "sframe.peer-opens.caller",
    ],
  },
  {
    id: "sframe-sealed-uncounted",
    clause: "§13.6",
    description: "the sealed counter is never reported: CallState sframe.sealed stays 0 while frames go out sealed",
    killers: ["sframe.state.caller", "sframe.state.callee"],
  },
  {
    id: "sframe-number-unbound",
    clause: "§13.10",
    description: "the number is derived from the transcript without the profiles (as in a protocol-3 call that " +
      "offered none), while the keys and tags bind them: the call comes up and the two numbers differ",
    killers: [
      "sframe.numbers.callee",
      "sframe.numbers.caller",
      "sframe.mitm-differs.callee",
      "sframe.mitm-differs.caller",
    ],
  },
  {
    id: "sframe-features-offered",
    clause: "§13.10",
    description: "a forwarder call is taken for a standard one where features are concerned: CallState offers " +
      "recording, live captions and transcription",
    killers: ["sframe.features-refused.caller", "sframe.features-refused.callee"],
  },
] as const satisfies readonly WebMutant[];

/** What sframe-features-offered offers in a forwarder call: SPEC §2.4 F1–F3, as a standard call would. */
export const MUTANT_OFFERED_FEATURES: readonly string[] = ["recording", "live-captions", "transcription"];

/** The id of a web mutant. */
export type WebMutantId = (typeof WEB_MUTANTS)[number]["id"];

/** The mutant with this id, or undefined. */
export function findWebMutant(id: string): WebMutant | undefined {
  return WEB_MUTANTS.find((m) => m.id === id);
}

/** `id` when it names a web mutant, else null (an unknown or absent id runs the clean client). */
export function webMutantId(id: string | null | undefined): WebMutantId | null {
  return WEB_MUTANTS.find((m) => m.id === id)?.id ?? null;
}
