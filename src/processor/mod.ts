/**
 * Media processor (SPEC §4.4): the service-side node-webrtc B2BUA of standard calls, with recording (F1),
 * live captions (F2) and transcription (F3), in this process (MediaProcessor) or in worker processes (ProcessorPool).
 * I/O layer: loads @roamhq/wrtc and writes files.
 */
export { MediaProcessor } from "./processor.ts";
export { ProcessorPool, workerCommand } from "./pool.ts";
export { runProcessorWorker } from "./worker_main.ts";
export type { ProcessorPoolOptions } from "./pool.ts";
export { ENERGY_MIN_RMS, PROCESSOR_AUDIO } from "./leg.ts";
export { GROUP_DEFAULTS, MediaGroupBridge } from "./group.ts";
export type { GroupPort, MediaPort } from "./group.ts";
export { RECORDING_MAX_SECONDS } from "./recording.ts";
export { UTTERANCE_DEFAULTS, UtteranceTracker } from "./captions.ts";
export type { UtteranceEvent, UtteranceTrackerOptions } from "./captions.ts";
export { encodeWav, parseWav, RECORDING_FORMAT, WavFormatError } from "./wav.ts";
export type { WavData } from "./wav.ts";
export type {
  Bridge,
  Caption,
  GroupBridge,
  GroupMemberSpec,
  GroupStats,
  LegStats,
  MediaProcessorOptions,
  Processor,
  ProcessorEvent,
  ProcessorLeg,
  ProcessorStats,
  RecordingFile,
  RecordingManifest,
  TranscriptLine,
  TranscriptResult,
  Voicemail,
  VoicemailManifest,
} from "./types.ts";
