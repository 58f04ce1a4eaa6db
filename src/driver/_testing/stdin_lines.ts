/**
 * Test-only: the stdin line loop every test adapter shares (SPEC §7: one JSON-RPC message per line). Imports nothing
 * from the project, so an adapter built on it alone still starts fast on both runtimes.
 */
import process from "node:process";

/** Calls `onLine` with each stdin line (without its "\n"), in order, and `onEnd` once stdin ends. */
export function readStdinLines(onLine: (line: string) => void, onEnd: () => void): void {
  let buf = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (d: string) => {
    buf += d;
    let i: number;
    while ((i = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      onLine(line);
    }
  });
  process.stdin.on("end", onEnd);
}

/** The `id` and `method` of a request line, or undefined when the line is not a JSON object. */
export function requestOf(line: string): { id?: unknown; method?: unknown } | undefined {
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === "object" && v !== null ? (v as { id?: unknown; method?: unknown }) : undefined;
  } catch {
    return undefined;
  }
}
