/**
 * Test adapter: the reference adapter with one fault, chosen by its arguments: `hang METHOD` never answers METHOD;
 * `crash METHOD` writes a line to stderr ("crashing on purpose") and exits 3 when asked for METHOD; `crash-once METHOD
 * FILE` does so only while FILE does not exist, and creates it (a flaky crash, for the suite's re-runs). Used by the
 * runner's tests for the `timeout` and `crash` verdicts (a crash fails only that case and the run goes on) and for a
 * failing sanity call (SPEC §12.2, §12.4).
 */
import { existsSync, writeFileSync } from "node:fs";
import process from "node:process";
import { wrapReferenceAdapter } from "../../src/driver/_testing/reference_wrapper.ts";

const [mode, method, marker] = process.argv.slice(2);
if ((mode !== "hang" && mode !== "crash" && mode !== "crash-once") || !method || (mode === "crash-once" && !marker)) {
  process.stderr.write("usage: faulty_adapter.ts hang|crash METHOD | crash-once METHOD FILE\n");
  process.exit(2);
}
await wrapReferenceAdapter((line) => {
  if (!line.includes(`"method":"${method}"`)) return "pass";
  if (mode === "crash-once") {
    if (existsSync(marker!)) return "pass";
    writeFileSync(marker!, "crashed once\n");
  }
  if (mode === "crash" || mode === "crash-once") {
    process.stderr.write(`faulty adapter: crashing on purpose at ${method}\n`);
    process.exit(3);
  }
  process.stderr.write(`faulty adapter: not answering ${method}\n`);
  return "drop";
});
