/**
 * The sanity call of a run (SPEC §12.4), before and after the cases: the implementation calls a reference peer in a
 * standard call. It runs as a case does (runCaseOnce), bounded by `--timeout`.
 */
import { CaseFailure } from "./case.ts";
import type { Case } from "./case.ts";
import type { Evidence, SanityResult } from "./results.ts";
import { runCaseOnce, type RunnerOptions } from "./runner.ts";
import { unsupportedMethod } from "./verdict.ts";

/** The last `max` characters of each adapter's stderr, labelled by role. */
function stderrTail(ev: Evidence, max = 1500): string {
  return ev.drivers.filter((d) => d.stderr.trim()).map((d) => `[${d.role} stderr]\n${d.stderr.slice(-max).trimEnd()}`)
    .join("\n");
}

/**
 * The sanity call (SPEC §12.4): the implementation calls a reference peer in a standard call and both connect. An
 * adapter that answers a method of that call as unsupported is reported as such (`unsupported`), not as a broken
 * harness.
 */
export async function sanityCall(
  o: Pick<RunnerOptions, "implCommand" | "refCommand" | "service" | "signal" | "implEnv"> & { timeoutS?: number },
): Promise<SanityResult> {
  const t0 = Date.now();
  const c: Case = {
    id: "sanity.call",
    clause: "§12.4",
    level: "MUST",
    title: "Sanity call",
    tags: ["sanity"],
    requirement: "A standard call between the implementation and a reference peer connects",
    async run(h) {
      await h.tenant({ global: "disabled", users: { a: {}, b: {} } });
      const a = await h.impl("a");
      const b = await h.ref("b");
      const call = await h.call(a, b);
      if (call.caller.state !== "connected" || call.callee.state !== "connected") {
        throw new CaseFailure("The sanity call did not connect", "connected", [call.caller.state, call.callee.state]);
      }
      await a.hangup(call.id);
    },
  };
  // `--timeout` bounds the sanity call too (SPEC §12.4), as it bounds every case.
  const r = await runCaseOnce(c, { ...o, timeoutS: o.timeoutS ?? 60 }, 0, 0);
  const alive = o.service.alive();
  const durationMs = Date.now() - t0;
  if (!alive) {
    return {
      ok: false,
      detail: "The service process is not running",
      durationMs,
      stderr: o.service.log().slice(-1500),
    };
  }
  if (r.verdict === "pass") return { ok: true, detail: "standard call connected", durationMs };
  const unsupported = r.verdict === "skip" ? unsupportedMethod(r.evidence) : null;
  if (unsupported) {
    return {
      ok: false,
      detail: `The implementation's adapter answered "${unsupported}" as unsupported (SPEC §7)`,
      durationMs,
      unsupported,
    };
  }
  return {
    ok: false,
    detail: `${r.verdict}: ${r.reason ?? "no reason given"}`,
    durationMs,
    stderr: stderrTail(r.evidence),
  };
}
