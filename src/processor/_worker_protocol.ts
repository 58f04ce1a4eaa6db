/**
 * The messages between a ProcessorPool and its worker processes (SPEC §4.4 MP11: the processor may spread its legs
 * over processes), as TypeBox schemas and the discriminated unions they describe, like the driver protocol
 * (src/protocol/driver.ts). One JSON object per line (_wire.ts has the framing and the media encodings):
 *   host → worker  WorkerRequest & {id?}  discriminated by `op`; `id` is set when the host waits for the reply
 *   worker → host  WorkerReply            `{re: id, ok, value|error}`, the reply to a request with an id
 *   worker → host  WorkerEvent            discriminated by `ev`: stats, caption, log, and media frames for a link
 * `ReplyOf<R>` is what the worker answers to request R. Both sides check every line against these schemas.
 */
import { type Static, type TSchema, Type } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import type { Caption, GroupStats, ProcessorEvent } from "./types.ts";

const Handle = Type.Integer({ minimum: 0, description: "a bridge, group or voicemail handle the pool chose" });
const Link = Type.Integer({ minimum: 0, description: "a link: one leg heard by a bridge in another worker" });
const LegId = Type.String({ minLength: 1 });
const Free = Type.Record(Type.String(), Type.Unknown());
const op = <K extends string, P extends Record<string, TSchema>>(name: K, props: P) =>
  Type.Object({ op: Type.Literal(name), id: Type.Optional(Type.Integer({ minimum: 1 })), ...props });

/** A port of a bridge: a leg of the worker itself, or a leg of another worker imported over a link. */
export const PortRefSchema = Type.Union([
  Type.Object({ leg: LegId }),
  Type.Object({ link: Link, id: LegId }),
]);
export type PortRef = Static<typeof PortRefSchema>;

/** Media on the pipe: 16 kHz mono PCM (`a`, base64, with the digits decoded from it in `d`) or one I420 frame. */
const MediaProps = {
  a: Type.Optional(Type.String()),
  d: Type.Optional(Type.String()),
  v: Type.Optional(Type.Object({ w: Type.Integer(), h: Type.Integer(), data: Type.String() })),
};
export type WireMedia = { a?: string; d?: string; v?: { w: number; h: number; data: string } };

/** The bridge operations `bridge.do` runs (SPEC §4.4 MP4–MP9, F2). */
export const BRIDGE_METHODS = [
  "startRecording",
  "stopRecording",
  "startCaptions",
  "stopCaptions",
  "startTranscription",
  "stopTranscription",
  "unbridge",
  "close",
] as const;
export type BridgeMethod = (typeof BRIDGE_METHODS)[number];

/** Every request from the host. */
export const WorkerRequestSchema = Type.Union([
  op("init", {
    outDir: Type.String(),
    log: Type.Optional(Type.Boolean()),
    rtcConfig: Type.Optional(Type.Unsafe<RTCConfiguration>(Free)),
    gatherTimeoutMs: Type.Optional(Type.Number()),
  }),
  op("in", { link: Link, ...MediaProps }),
  op("out", { link: Link, ...MediaProps }),
  op("leg.create", { leg: LegId, label: Type.String() }),
  op("leg.answer", { leg: LegId, sdp: Type.String() }),
  op("leg.offer", { leg: LegId }),
  op("leg.certificate", { leg: LegId }),
  op("leg.applyAnswer", { leg: LegId, sdp: Type.String() }),
  op("leg.close", { leg: LegId }),
  op("bridge", { h: Handle, callId: Type.String(), a: PortRefSchema, b: PortRefSchema }),
  op("bridge.do", { h: Handle, m: Type.Union(BRIDGE_METHODS.map((m) => Type.Literal(m))) }),
  op("group", {
    h: Handle,
    callId: Type.String(),
    members: Type.Array(Type.Object({ port: PortRefSchema, key: Type.String(), speaks: Type.Boolean() })),
    opts: Type.Object({ minSlotMs: Type.Optional(Type.Number()), maxSlotMs: Type.Optional(Type.Number()) }),
  }),
  op("group.close", { h: Handle }),
  op("vm", {
    h: Handle,
    leg: LegId,
    opts: Type.Object({
      callId: Type.String(),
      forUser: Type.String(),
      fromUser: Type.String(),
      maxSeconds: Type.Optional(Type.Number()),
    }),
  }),
  op("vm.stop", { h: Handle }),
  op("export", { link: Link, leg: LegId }),
  op("unexport", { link: Link }),
  op("sync", {}),
  op("close", {}),
]);
/** A request, with `id` when the host waits for the reply. */
export type WorkerRequest = Static<typeof WorkerRequestSchema>;
/** A request as the host writes it (the connection adds `id`). */
export type Request = WorkerRequest extends infer R ? R extends WorkerRequest ? Omit<R, "id"> : never : never;

/** What the worker answers to each request. */
export interface WorkerReplies {
  "leg.answer": string;
  "leg.offer": string;
  "leg.certificate": string;
  "bridge.do": unknown;
  "vm.stop": unknown;
}
/** The reply value of request `R`. */
export type ReplyOf<R extends { op: string }> = R["op"] extends keyof WorkerReplies ? WorkerReplies[R["op"]] : void;

/** The reply to a request with an id. */
export const WorkerReplySchema = Type.Object({
  re: Type.Integer({ minimum: 1 }),
  ok: Type.Boolean(),
  value: Type.Optional(Type.Unknown()),
  error: Type.Optional(
    Type.Object({ name: Type.String(), message: Type.String(), code: Type.Optional(Type.String()) }),
  ),
});
export type WorkerReply = Static<typeof WorkerReplySchema>;

const LegSnapshot = Type.Object({
  state: Type.String(),
  audioFramesIn: Type.Number(),
  audioFramesWithEnergy: Type.Number(),
  videoFramesIn: Type.Number(),
  hl: Type.Integer({ minimum: 0, description: "offset in the leg's heard digits of `hd`" }),
  hd: Type.String({ description: "the digits heard since the last snapshot" }),
});

/** Every event from the worker. */
export const WorkerEventSchema = Type.Union([
  Type.Object({
    ev: Type.Literal("stats"),
    legs: Type.Record(Type.String(), LegSnapshot),
    groups: Type.Record(Type.String(), Type.Unsafe<GroupStats>(Free)),
    vms: Type.Record(Type.String(), Type.Object({ samples: Type.Number(), heard: Type.String() })),
    totals: Type.Object({ audioFramesIn: Type.Number(), videoFramesIn: Type.Number() }),
  }),
  Type.Object({ ev: Type.Literal("caption"), h: Handle, c: Type.Unsafe<Caption>(Free) }),
  Type.Object({ ev: Type.Literal("log"), e: Type.Unsafe<ProcessorEvent>(Free) }),
  Type.Object({ ev: Type.Literal("frame"), link: Link, ...MediaProps }),
  Type.Object({ ev: Type.Literal("send"), link: Link, ...MediaProps }),
]);
export type WorkerEvent = Static<typeof WorkerEventSchema>;
export type LegSnapshot = Static<typeof LegSnapshot>;

export const requestCheck = TypeCompiler.Compile(WorkerRequestSchema);
export const replyCheck = TypeCompiler.Compile(WorkerReplySchema);
export const eventCheck = TypeCompiler.Compile(WorkerEventSchema);
