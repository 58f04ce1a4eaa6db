/**
 * A realistic results tree for reporter tests and for trying the reporters by hand: thirteen cases with every
 * verdict, a failing MUST case with full evidence (including hostile stderr), a known failure, an unexpected
 * pass, an unstable case and a 16-cell opt-in matrix for each side. Deterministic: same tree on every call.
 */

import type { CaseResult, Evidence, Level, MatrixCell, RunResult, Verdict } from "../../results.ts";
import { AXES, SIDES } from "../_matrix.ts";

/** 2025-11-28T18:40:00.000Z: every timestamp in the sample is relative to this. */
const T0 = 1764355200000;

/** Stderr of the failing case: script injection, markup, entities, ANSI and illegal XML control characters. */
export const NASTY_STDERR = "warn: dtls handshake slow\n</script><script>alert(1)</script>\n" +
  '<img src=x onerror="document.body.dataset.pwned=1"> & <&>"\' ]]>\n' +
  "\u001b[31mred\u001b[0m bell\u0007 nul\u0000 vt\u000b ff\u000c lone\ud800 end\n" +
  "Error: peer fingerprint mismatch\n    at verify (adapter.js:12:7)\n";

/** A transcript line the HTML report must show for the failing case. */
export const SAMPLE_TRANSCRIPT_LINE = '{"jsonrpc":"2.0","id":7,"method":"call.state","params":{"callId":"c-mitm-1"}}';

function noEvidence(): Evidence {
  return { drivers: [], calls: [], adversary: null, timings: {}, notes: [] };
}

function mk(
  i: number,
  id: string,
  clause: string,
  level: Level,
  title: string,
  requirement: string,
  verdict: Verdict,
  more: Partial<CaseResult> = {},
): CaseResult {
  const durationMs = 400 + ((i * 379) % 2100);
  return {
    id,
    clause,
    level,
    title,
    requirement,
    tags: [id.slice(0, id.indexOf(".")), level.toLowerCase()],
    verdict,
    reason: null,
    startedAt: T0 + 1000 + i * 3000,
    durationMs,
    evidence: noEvidence(),
    known: null,
    repeats: [],
    seed: 1000 + i,
    reproduce: verdict === "fail"
      ? `shieldcall conformance --case ${id} --seed ${1000 + i}${level === "SHOULD" ? " --strict" : ""}`
      : null,
    ...more,
  };
}

/** Evidence of the failing MITM case: two drivers, one call with a timeline, relay/processor, adversary. */
function mitmEvidence(startedAt: number): Evidence {
  const t = (ms: number) => startedAt + ms;
  const caller: Evidence["drivers"][number]["transcript"] = [
    { at: t(3), dir: "->", line: '{"jsonrpc":"2.0","id":1,"method":"hello","params":{}}' },
    {
      at: t(41),
      dir: "<-",
      line: '{"jsonrpc":"2.0","id":1,"result":{"name":"ref","version":"0.1.0","features":["e2ee"]}}',
    },
    { at: t(45), dir: "->", line: '{"jsonrpc":"2.0","id":2,"method":"call.place","params":{"to":"bob"}}' },
    {
      at: t(388),
      dir: "<-",
      line: '{"jsonrpc":"2.0","method":"call.changed","params":{"callId":"c-mitm-1","state":"connected"}}',
    },
    { at: t(912), dir: "->", line: SAMPLE_TRANSCRIPT_LINE },
    {
      at: t(915),
      dir: "<-",
      line: '{"jsonrpc":"2.0","id":7,"result":{"indicator":true,"number":"48213 09377 61524 00981"}}',
    },
  ];
  const callee = caller.map((l) => ({ ...l, at: l.at + 7, line: l.line.replace("call.place", "call.answer") }));
  return {
    drivers: [
      {
        role: "caller",
        command: "node bin/shieldcall.js driver --user alice",
        transcript: caller,
        stderr: NASTY_STDERR,
        exit: { code: 0, signal: null },
      },
      {
        role: "callee",
        command: "node bin/shieldcall.js driver --user bob",
        transcript: callee,
        stderr: "",
        exit: { code: null, signal: "SIGTERM" },
      },
    ],
    calls: [{
      callId: "c-mitm-1",
      topology: "direct",
      log: [
        { at: t(50), event: "invite", detail: { from: "alice", to: "bob", e2ee: true } },
        { at: t(52), event: "adversary.swap-fingerprint", detail: { side: "caller" } },
        { at: t(120), event: "accept", detail: { e2ee: true } },
        { at: t(122), event: "adversary.swap-key", detail: { side: "callee" } },
        { at: t(140), event: "reveal" },
        { at: t(388), event: "connected" },
        { at: t(1400), event: "hangup", detail: { by: "caller", reason: '<done> & "ok"' } },
      ],
      relay: { allocations: 2, packets: { forwarded: 1893, dropped: 0, tampered: 0 }, bytes: 412_338 },
      processor: { legs: 2, bridged: true, audioFrames: 701, videoFrames: 210 },
    }],
    adversary: {
      mode: "mitm",
      seed: 424242,
      actions: [{ at: 52, action: "swap-fingerprint" }, { at: 122, action: "swap-key" }],
    },
    timings: { setup: 388, "indicator-on": 402, total: 1400 },
    notes: ["both endpoints showed the indicator", "numbers compared after 900 ms"],
  };
}

/** Builds the sample results tree (summary and matrix computed from the cases, not typed in). */
export function sampleRun(): RunResult {
  const cases: CaseResult[] = [
    mk(
      0,
      "policy.default-disabled",
      "§2.1 P1",
      "MUST",
      "New tenant's global policy is disabled",
      "A new tenant's global E2EE calling policy MUST be disabled.",
      "pass",
    ),
    mk(
      1,
      "policy.precedence",
      "§3.2 P2",
      "MUST",
      "User assignment beats group and global",
      "The effective policy MUST be the user assignment, else the highest-ranked group assignment, else the " +
        "global policy.",
      "pass",
    ),
    mk(
      2,
      "opt-in.matrix-as-caller",
      "§2.1 P4",
      "MUST",
      "Opt-in matrix with the implementation as caller",
      "A call MUST be E2EE iff both effective policies allow it and both users turned it on.",
      "pass",
    ),
    mk(
      3,
      "opt-in.matrix-as-callee",
      "§2.1 P4",
      "MUST",
      "Opt-in matrix with the implementation as callee",
      "A call MUST be E2EE iff both effective policies allow it and both users turned it on.",
      "fail",
      {
        reason: "1 of 16 cells wrong: caller uc/on × callee uc/on was a standard call",
        expected: { e2ee: true },
        actual: { e2ee: false, topology: "anchored" },
      },
    ),
    mk(
      4,
      "verify.mitm-differs",
      "§2.2 V2",
      "MUST",
      "Numbers differ under an active MITM",
      "Under key substitution the two endpoints MUST show different verification numbers.",
      "fail",
      {
        reason: "Both endpoints showed the same number while the relay bridged media through the processor",
        expected: { numbersEqual: false },
        actual: { numbersEqual: true, caller: "48213 09377 61524 00981", callee: "48213 09377 61524 00981" },
      },
    ),
    mk(
      5,
      "verify.twenty-digits",
      "§2.2 V3",
      "MUST",
      "Number is exactly 20 digits",
      "The verification number MUST be exactly 20 decimal digits.",
      "pass",
    ),
    mk(
      6,
      "verify.swap-commit",
      "§2.2 V4",
      "MUST",
      "Reveal not matching the commitment ends the call",
      "A reveal that does not match the commitment MUST end the call with a stated reason.",
      "pass",
    ),
    mk(
      7,
      "media.no-processor",
      "§2.3 M2",
      "MUST",
      "No media through the processor in an E2EE call",
      "In an E2EE call no media MUST flow through the media processor.",
      "pass",
    ),
    mk(
      8,
      "feature.park-refused",
      "§2.4 F5",
      "MUST",
      "Call park refused while E2EE",
      "While E2EE is on, call park MUST be refused with FEATURE_DISABLED_E2EE.",
      "skip",
      {
        reason: 'Adapter does not support "feature.request": DRIVER_UNSUPPORTED',
      },
    ),
    mk(
      9,
      "feature.voicemail-refused",
      "§2.4 F9",
      "SHOULD",
      "Forward to voicemail refused while E2EE",
      "While E2EE is on, forward to voicemail SHOULD be refused by the client.",
      "fail",
      {
        reason: "Feature was offered while E2EE was on",
        expected: { offered: false },
        actual: { offered: true },
        known: { reason: "voicemail not wired into the feature list yet (#41)" },
      },
    ),
    mk(
      10,
      "feature.simulring-refused",
      "§2.4 F9",
      "SHOULD",
      "Simultaneous ring refused while E2EE",
      "While E2EE is on, simultaneous ring SHOULD be refused by the client.",
      "pass",
      {
        known: { reason: "simultaneous ring not implemented (#42)" },
      },
    ),
    mk(
      11,
      "access.relay-foreign",
      "§2.5 S1",
      "SHOULD",
      "Relay refuses a non-party",
      "Only the parties of a call SHOULD be able to use its relay allocation.",
      "fail",
      {
        reason: "Unstable across 3 repeats: pass, fail, pass",
        repeats: ["pass", "fail", "pass"],
      },
    ),
    mk(
      12,
      "perf.setup-time",
      "§4.1",
      "SHOULD",
      "Call setup time to indicator on",
      "Setup time is reported for information.",
      "info",
      { reason: "Indicator on after 402 ms", actual: { setupMs: 402 } },
    ),
  ];
  cases[4].evidence = mitmEvidence(cases[4].startedAt);
  cases[4].tags.push("adversary", "mitm");
  for (const c of cases) if (c.repeats.length === 0) c.repeats = [c.verdict, c.verdict, c.verdict];

  const matrix: MatrixCell[] = [];
  for (const side of SIDES) {
    for (const er of AXES) {
      for (const ee of AXES) {
        const expectedE2EE = er.policy === "userControlled" && er.setting && ee.policy === "userControlled" &&
          ee.setting;
        const wrong = side === "callee" && expectedE2EE;
        matrix.push({
          caseId: `opt-in.matrix-as-${side}`,
          callerPolicy: er.policy,
          callerSetting: er.setting,
          calleePolicy: ee.policy,
          calleeSetting: ee.setting,
          implementationAs: side,
          expectedE2EE,
          verdict: wrong ? "fail" : er.policy === "disabled" && er.setting && side === "caller" ? "skip" : "pass",
        });
      }
    }
  }

  const count = (v: Verdict) => cases.filter((c) => c.verdict === v).length;
  const mustFailed = cases.filter((c) => c.level === "MUST" && c.verdict === "fail").length;
  const last = cases[cases.length - 1];
  const finishedAt = last.startedAt + last.durationMs + 900;
  return {
    tool: { name: "shieldcall", version: "0.1.0" },
    implementation: { name: "shieldcall-reference", version: "0.1.0", command: "node bin/shieldcall.js driver" },
    startedAt: T0,
    finishedAt,
    durationMs: finishedAt - T0,
    options: { strict: false, tags: [], cases: [], shard: null, repeat: 3, jobs: 2 },
    sanity: {
      before: { ok: true, detail: "standard call connected, indicator off", durationMs: 612 },
      after: { ok: true, detail: "standard call connected, indicator off", durationMs: 587 },
    },
    cases,
    summary: {
      total: cases.length,
      pass: count("pass"),
      fail: count("fail"),
      "precondition-failed": count("precondition-failed"),
      skip: count("skip"),
      info: count("info"),
      timeout: count("timeout"),
      crash: count("crash"),
      "adapter-error": count("adapter-error"),
      "not-run": count("not-run"),
      mustFailed,
      knownFailures: cases.filter((c) => c.verdict === "fail" && c.known).length,
      unexpectedPasses: cases.filter((c) => c.verdict === "pass" && c.known).map((c) => c.id),
      unstable: cases.filter((c) => new Set(c.repeats).size > 1).map((c) => c.id),
    },
    matrix,
    incomplete: null,
    exitCode: mustFailed > 0 ? 1 : 0,
  };
}
