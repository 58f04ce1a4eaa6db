/**
 * Output files of the processor (SPEC §4.4): where they go, how they are named, how they are written.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** Default output directory when MediaProcessor gets no outDir. */
export function defaultOutDir(): string {
  return join(tmpdir(), "shieldcall-processor");
}

let seq = 0;

/**
 * A file-name stem unique to one recording or transcript of a call: the call id with every character outside
 * [A-Za-z0-9._-] (and a leading "-" or ".") replaced by "_", the start time (ms) and a sequence number plus 4 random
 * hex digits.
 */
export function fileStem(callId: string, startedAt: number): string {
  const safe = callId.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^[-.]/, "_").slice(0, 128) || "call";
  const rnd = crypto.getRandomValues(new Uint8Array(2));
  const hex = Array.from(rnd, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${safe}.${startedAt}.${++seq}${hex}`;
}

/** Writes `data` to `dir/name` (creating `dir`), resolving with the absolute path. */
export async function writeOutput(dir: string, name: string, data: Uint8Array | string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = resolve(dir, name);
  await writeFile(path, data);
  return path;
}
