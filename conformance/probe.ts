/**
 * Adapter-compliance probe (SPEC §7, §12.4): before any case runs, `hello` answers, an unknown method gets the
 * "unsupported" error, and a malformed request gets a parse error. A failing probe stops the run.
 */
import { DriverClient, DriverError, RPC_UNSUPPORTED } from "../src/driver/mod.ts";
import type { Hello } from "../src/driver/mod.ts";

/** The probe's findings. */
export interface ProbeResult {
  ok: boolean;
  hello: Hello | null;
  problems: string[];
  stderr: string;
}

/**
 * Runs the probe against a fresh adapter process and stops it. The bound is the one every adapter request gets
 * (30 s, src/driver/client.ts): `hello` is the first request, so it also pays the adapter's start-up, which on a
 * loaded 2-core CI machine took over 15 s for a TypeScript adapter started through tsx.
 */
export async function probeAdapter(
  command: string[],
  timeoutMs = 30_000,
  env?: Record<string, string | undefined>,
): Promise<ProbeResult> {
  const problems: string[] = [];
  // Undefined entries are left out of the child's environment (conformance/impl_env.ts).
  const c = new DriverClient(command, { timeoutMs, ...(env ? { env: env as Record<string, string> } : {}) });
  let hello: Hello | null = null;
  try {
    try {
      hello = await c.request<Hello>("hello", { protocol: 1 });
      if (typeof hello?.name !== "string" || typeof hello.version !== "string") {
        problems.push("hello: result lacks name or version");
      }
      if (hello?.protocol !== 1) problems.push(`hello: protocol is ${JSON.stringify(hello?.protocol)}, expected 1`);
    } catch (e) {
      problems.push(`hello: ${(e as Error).message}`);
    }
    if (problems.length === 0) {
      try {
        await c.request("shieldcall.probe.no-such-method", {});
        problems.push("An unknown method was answered with a result instead of the unsupported error (-32601)");
      } catch (e) {
        if (!(e instanceof DriverError) || e.rpcCode !== RPC_UNSUPPORTED) {
          problems.push(`An unknown method got ${(e as Error).message} instead of -32601`);
        }
      }
      const answer = new Promise<string | null>((resolve) => {
        const t = setTimeout(() => resolve(null), timeoutMs);
        const before = c.transcript.length;
        const poll = setInterval(() => {
          const got = c.transcript.slice(before).find((l) => l.dir === "<-");
          if (got) {
            clearInterval(poll);
            clearTimeout(t);
            resolve(got.line);
          }
        }, 20);
      });
      c.sendRaw("{this is not json");
      const line = await answer;
      let parsed: { id?: unknown; error?: { code?: number } } | null = null;
      try {
        parsed = line ? JSON.parse(line) : null;
      } catch {
        parsed = null;
      }
      if (!parsed || parsed.error?.code !== -32700 || parsed.id !== null) {
        problems.push(`A malformed request got ${line ?? "no answer"} instead of a parse error (-32700, id null)`);
      }
    }
  } finally {
    await c.stop().catch(() => {});
  }
  return { ok: problems.length === 0, hello, problems, stderr: c.stderr };
}
