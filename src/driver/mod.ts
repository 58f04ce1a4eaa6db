/**
 * The driver protocol (SPEC §7): the adapter side runs a peer behind JSON-RPC 2.0 lines on stdin/stdout; the suite
 * side starts an adapter process and talks to it.
 */
export {
  ADAPTER_NAME,
  ADAPTER_VERSION,
  REFERENCE_PROFILES,
  referencePeerFactory,
  runStdioAdapter,
} from "./stdio_server.ts";
export type {
  DriverPeer,
  LineInput,
  LineOutput,
  PeerConfig,
  PeerFactory,
  StdioAdapterOptions,
} from "./stdio_server.ts";
export { DriverClient, DriverError, RPC_UNSUPPORTED } from "./client.ts";
export type { TranscriptEntry } from "./client.ts";
export { referenceAdapterCommand, selfCommand } from "./self.ts";
export { GROUP_SPAWN, killAllChildren, killGroup, trackChild, untrackChild } from "./children.ts";
export { Party, settled } from "./party.ts";
export type { Hello } from "./party.ts";
