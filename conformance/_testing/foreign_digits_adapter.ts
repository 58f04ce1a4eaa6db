/**
 * Control adapter (SPEC §8.1 RF7): the reference adapter, except that in an E2EE call (topology `relay`) it reports
 * as many foreign digits as it decoded honest ones — what an endpoint without SRTP authentication reports when it
 * plays altered media. No one-fault variant of the reference can express that fault (SRTP lives in libwebrtc), so the
 * media.fault.* cases are proven against this adapter instead (conformance/cases/media/faults_test.ts): they must fail.
 */
import process from "node:process";
import { PassThrough } from "node:stream";
import { runStdioAdapter } from "../../src/driver/mod.ts";
import { readStdinLines } from "../../src/driver/_testing/stdin_lines.ts";

/** "D" is a DTMF symbol no synthetic speech uses (SPEC §11: speech is decimal digits). */
const FOREIGN = "D";

/** A CallState with foreign digits appended, when it is an E2EE call's. */
function alter(v: unknown): void {
  if (typeof v !== "object" || v === null) return;
  const s = v as { topology?: unknown; media?: { audio?: { digits?: unknown } } };
  const audio = s.media?.audio;
  if (s.topology === "relay" && audio && typeof audio.digits === "string") {
    audio.digits = (audio.digits + FOREIGN.repeat(audio.digits.length)).slice(-4096);
  }
  for (const x of Object.values(v)) alter(x);
}

function rewrite(line: string): string {
  if (line.trim() === "") return line;
  try {
    const msg = JSON.parse(line) as unknown;
    alter(msg);
    return JSON.stringify(msg);
  } catch {
    return line;
  }
}

const input = new PassThrough();
readStdinLines((line) => input.write(`${line}\n`), () => input.end());
console.log = (...a: unknown[]) => console.error(...a);
await runStdioAdapter({
  input,
  output: {
    write(chunk: string, cb?: (err?: Error | null) => void) {
      return process.stdout.write(chunk.split("\n").map(rewrite).join("\n"), cb);
    },
  },
  exit: (c) => process.exit(c),
  log: (l) => process.stderr.write(`${l}\n`),
});
