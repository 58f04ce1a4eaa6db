/**
 * `shieldcall vectors generate|verify`: writes the handshake test vectors or checks a vector file (SPEC §5).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import {
  generateConfirmVectors,
  generateEncodingVectors,
  generateVectors,
  verifyEncodingVectors,
  verifyVectors,
} from "../crypto/mod.ts";

/** Default location of the handshake vectors, relative to the working directory. */
export const DEFAULT_VECTOR_FILE = "fixtures/vectors/handshake.json";
/** The input-rule vectors (SPEC §5.1, §5.3, §5.6, §5.7), written and checked next to the handshake vectors. */
export const ENCODING_VECTOR_FILE = "fixtures/vectors/encoding.json";
/** The key-confirmation vectors (SPEC §5.9), chained to the handshake vectors and written next to them. */
export const CONFIRM_VECTOR_FILE = "fixtures/vectors/confirm.json";

/** The encoding vector file as written: 2-space JSON with a trailing newline. */
export function renderEncodingVectors(): string {
  return `${JSON.stringify(generateEncodingVectors(), null, 2)}\n`;
}

/** Options of `shieldcall vectors`. */
export interface VectorsArgs {
  action: "generate" | "verify";
  /** File to verify (verify; default fixtures/vectors/handshake.json). */
  file?: string;
  /** File to write (generate; default fixtures/vectors/handshake.json). */
  out?: string;
}

/** Where the command prints: results to `log`, errors to `error`. */
export interface VectorsIo {
  log(line: string): void;
  error(line: string): void;
}

const consoleIo: VectorsIo = { log: (l) => console.log(l), error: (l) => console.error(l) };

/** The vector file as written: 2-space JSON with a trailing newline. */
export function renderVectors(): string {
  return `${JSON.stringify(generateVectors(), null, 2)}\n`;
}

/**
 * Runs `vectors generate` or `vectors verify`; resolves with the exit code (0 ok, 1 failure or bad input, 2 a FILE
 * given to `generate`, whose output file is `--out`).
 * @example await vectorsCommand({ action: "verify", file: "fixtures/vectors/handshake.json" }) // 0
 */
export async function vectorsCommand(args: VectorsArgs, io: VectorsIo = consoleIo): Promise<number> {
  if (args.action === "generate" && args.file !== undefined) {
    // A FILE after `generate` was once documented: refuse it rather than write elsewhere and ignore it.
    io.error(`vectors generate: takes no FILE (got "${args.file}"): write to a file with --out FILE`);
    return 2;
  }
  if (args.action === "generate") {
    const out = args.out ?? DEFAULT_VECTOR_FILE;
    const text = renderVectors();
    try {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, text);
    } catch (e) {
      io.error(`vectors generate: cannot write "${out}": ${(e as Error).message}`);
      return 1;
    }
    io.log(`wrote ${generateVectors().vectors.length} vectors to ${out}`);
    if (args.out === undefined || args.out === DEFAULT_VECTOR_FILE) {
      try {
        writeFileSync(ENCODING_VECTOR_FILE, renderEncodingVectors());
        writeFileSync(CONFIRM_VECTOR_FILE, `${JSON.stringify(generateConfirmVectors(), null, 2)}\n`);
      } catch (e) {
        io.error(`vectors generate: cannot write the input-rule or confirm vectors: ${(e as Error).message}`);
        return 1;
      }
      io.log(
        `wrote the input-rule vectors to ${ENCODING_VECTOR_FILE} and the confirm vectors to ${CONFIRM_VECTOR_FILE}`,
      );
    }
    return 0;
  }
  if (args.action !== "verify") {
    io.error(`vectors: unknown action "${String(args.action)}": expected "generate" or "verify"`);
    return 1;
  }
  const file = args.file ?? DEFAULT_VECTOR_FILE;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as { code?: string }).code;
    io.error(`vectors verify: cannot read "${file}": ${code === "ENOENT" ? "no such file" : (e as Error).message}`);
    return 1;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    io.error(`vectors verify: "${file}" is not valid JSON: ${(e as Error).message}`);
    return 1;
  }
  if (typeof parsed === "object" && parsed !== null && "base64url" in parsed) {
    // SPEC §5.1, §5.3, §5.6, §5.7: an input-rule vector file
    const bad = verifyEncodingVectors(parsed);
    for (const m of bad) io.log(`${m.section} case "${m.name}": expected ${m.expected}, got ${m.actual}`);
    if (bad.length > 0) {
      io.log(`FAILED: ${bad.length} mismatch${bad.length === 1 ? "" : "es"} in "${file}"`);
      return 1;
    }
    io.log(`ok: input-rule vectors verified`);
    return 0;
  }
  const mismatches = verifyVectors(parsed);
  if (mismatches.length > 0) {
    for (const m of mismatches) {
      io.log(`vector "${m.vector}" field "${m.field}": expected ${m.expected}, got ${m.actual}`);
    }
    io.log(`FAILED: ${mismatches.length} mismatch${mismatches.length === 1 ? "" : "es"} in "${file}"`);
    return 1;
  }
  const count = (parsed as { vectors: unknown[] }).vectors.length;
  io.log(`ok: ${count} vectors verified`);
  if (args.file === undefined || args.file === DEFAULT_VECTOR_FILE) {
    return await vectorsCommand({ action: "verify", file: ENCODING_VECTOR_FILE }, io);
  }
  return 0;
}
