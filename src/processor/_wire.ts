/**
 * The framing and encodings of the line protocol between a ProcessorPool and its worker processes (SPEC §4.4: the
 * processor may spread its legs over processes); the messages themselves are typed in _worker_protocol.ts. One JSON
 * object per line on the worker's stdin (requests) and stdout (replies and events). Media crossing between workers (a
 * bridge whose legs live in two workers) travels as base64: the exporting worker's
 * `{"ev":"frame","link":N,…}` reaches the importing worker as `{"op":"in","link":N,…}`, and the importing worker's
 * `{"ev":"send","link":N,…}` reaches the exporting worker as `{"op":"out","link":N,…}` — the host only renames
 * the first key (RELAY_PREFIXES), never parsing the frame.
 */
import { Buffer } from "node:buffer";
import { ShieldCallError } from "../errors.ts";
import type { ErrorCode } from "../errors.ts";
import type { I420Frame } from "./_wrtc.ts";

/** An error as it crosses the pipe. */
export interface WireError {
  name: string;
  message: string;
  code?: string;
}

export type { PortRef, WireMedia } from "./_worker_protocol.ts";

/** Base64 of 16-bit PCM. */
export function pcmToWire(samples: Int16Array): string {
  return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString("base64");
}

/** 16-bit PCM from base64 (copied into an aligned buffer). */
export function pcmFromWire(b64: string): Int16Array {
  const bytes = Buffer.from(b64, "base64");
  const out = new Int16Array(bytes.length >> 1);
  new Uint8Array(out.buffer).set(bytes.subarray(0, out.length * 2));
  return out;
}

/** An I420 frame for the pipe. */
export function frameToWire(f: I420Frame): { w: number; h: number; data: string } {
  return {
    w: f.width,
    h: f.height,
    data: Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength).toString("base64"),
  };
}

/** An I420 frame from the pipe. */
export function frameFromWire(v: { w: number; h: number; data: string }): I420Frame {
  return { width: v.w, height: v.h, data: new Uint8Array(Buffer.from(v.data, "base64")) };
}

/** An error for the pipe: its class name, message and stable code if it has one. */
export function errorToWire(e: unknown): WireError {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return { name: e.name, message: e.message, ...(typeof code === "string" ? { code } : {}) };
  }
  return { name: "Error", message: String(e) };
}

/** The error a reply carried, as the same class (ShieldCallError with its code, TypeError, RangeError or Error). */
export function errorFromWire(w: WireError): Error {
  if (w.code !== undefined) return new ShieldCallError(w.code as ErrorCode, w.message);
  if (w.name === "TypeError") return new TypeError(w.message);
  if (w.name === "RangeError") return new RangeError(w.message);
  return new Error(w.message);
}

/** Media lines the host relays between workers by renaming their first key: event prefix → request prefix. */
export const RELAY_PREFIXES = {
  frame: ['{"ev":"frame","link":', '{"op":"in","link":'],
  send: ['{"ev":"send","link":', '{"op":"out","link":'],
} as const;
