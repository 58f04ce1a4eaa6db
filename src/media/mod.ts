/**
 * Synthetic, self-checking media (SPEC §11): DTMF "speech" over a carrier with its decoder, block-coded video
 * frames carrying a counter and a send time, and a continuity/latency tracker. Pure: no I/O, no node:*.
 */
export { AUDIO_FRAME_MS, MIN_GAP_MS, MIN_TONE_MS, SPEECH_DEFAULTS, SpeechSource } from "./speech_source.ts";
export type { SpeechSourceOptions } from "./speech_source.ts";
export { DECODER_PARAMS, detectDtmf, SpeechDecoder } from "./speech_decoder.ts";
export { decodeFrame, encodeFrame, FRAME_CODE, i420Size, readFrameBytes } from "./frame_code.ts";
export { ContinuityTracker } from "./continuity.ts";
export type { ContinuityStats } from "./continuity.ts";
export { latency32, low32Ms } from "./time32.ts";
export { DTMF_ALPHABET } from "./_dtmf.ts";
export { speechFor } from "./speech_text.ts";
