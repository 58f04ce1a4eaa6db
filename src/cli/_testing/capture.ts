/**
 * Test helper: runs the CLI's `main()` in this process and captures what it prints (console.log → out,
 * console.error → err). Only for commands that end before placing any call (argument errors, --list, --help).
 */
import { main } from "../../cli.ts";

/** The exit code and the captured output of `shieldcall ...argv`. */
export async function runMain(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const log = console.log;
  const error = console.error;
  let out = "";
  let err = "";
  console.log = (...a: unknown[]) => {
    out += a.map(String).join(" ") + "\n";
  };
  console.error = (...a: unknown[]) => {
    err += a.map(String).join(" ") + "\n";
  };
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    console.log = log;
    console.error = error;
  }
}
