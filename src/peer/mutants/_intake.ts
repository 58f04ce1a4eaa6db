/**
 * Helpers the frame-intake mutants share (SPEC §6, S2): an intake that admits every frame the reference admits, and
 * also a frame the reference rejects when one lenient step turns it into a valid message — the one fault of each.
 */
import { parseServerMessage, SERVER_MESSAGES, validateServerMessage } from "../../protocol/mod.ts";
import type { ErrorCode } from "../../errors.ts";
import type { FrameIntake } from "../frame_intake.ts";

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The frame as text (a BOM kept), or null when it is not UTF-8. */
export function frameText(frame: string | Uint8Array): string | null {
  if (typeof frame === "string") return frame;
  try {
    return decoder.decode(frame);
  } catch {
    return null;
  }
}

/** JSON.parse that returns undefined instead of throwing. */
export function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The property schemas of a known service message type, or null. */
export function propertiesOf(type: unknown): Record<string, { type?: string }> | null {
  if (typeof type !== "string" || !Object.hasOwn(SERVER_MESSAGES, type)) return null;
  return (SERVER_MESSAGES as Record<string, { properties: Record<string, { type?: string }> }>)[type]!.properties;
}

/**
 * The reference intake, except that a frame rejected at the step whose code is `step` is admitted when `lenient`
 * turns it into a valid message (every other step stays the reference's).
 */
export function lenientIntake(
  step: ErrorCode,
  lenient: (frame: string | Uint8Array, text: string | null) => unknown,
): FrameIntake {
  return (frame) => {
    const honest = parseServerMessage(frame);
    if (honest.ok || honest.error.code !== step) return honest;
    const value = lenient(frame, frameText(frame));
    if (value === undefined) return honest;
    const fixed = validateServerMessage(value);
    return fixed.ok ? fixed : honest;
  };
}
