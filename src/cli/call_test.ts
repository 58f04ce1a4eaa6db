/**
 * End-to-end: real calls between two reference adapters through a real service, relay and processor, one
 * `shieldcall call --json` child process per scenario (node-webrtc crashes at exit, so calls never run in the test
 * process). Checks each adversary mode's required outcome (SPEC §8) and the media evidence (M2, M3, F1).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { selfCommand } from "../driver/mod.ts";
import { SpeechDecoder } from "../media/mod.ts";
import { parseWav } from "../processor/mod.ts";
import { speechFor } from "../media/mod.ts";
import type { CallReport } from "./call.ts";
import { runCommand } from "../_testing/child.ts";
import { runMain } from "./_testing/capture.ts";

/**
 * True when `heard` holds one whole utterance of `loop` (any rotation) and at most one foreign digit in ten: loss
 * concealment of dropped (or tampered, hence SRTP-rejected) packets occasionally turns a tone into a neighbour digit;
 * played altered media would yield far more.
 */
function consistentWithLoop(heard: string, loop: string): boolean {
  const rotations = [...loop].map((_, i) => loop.slice(i) + loop.slice(0, i));
  const foreign = [...heard].filter((d) => !loop.includes(d)).length;
  return rotations.some((r) => heard.includes(r)) && foreign * 10 <= heard.length;
}

async function runCall(args: string[]): Promise<CallReport> {
  const r = await runCommand([...selfCommand(), "call", "--json", "--duration", "3", ...args], { timeoutMs: 90_000 });
  try {
    if (r.code !== 0) throw new Error(r.failure ?? `exit ${r.code}`);
    return JSON.parse(r.stdout.trim().split("\n").pop()!) as CallReport;
  } catch (e) {
    throw new Error(`shieldcall call ${args.join(" ")} failed: ${(e as Error).message}\n${r.stderr.slice(-3000)}`);
  }
}

const scenarios = {
  honest: [] as string[],
  standard: ["--no-e2ee", "--feature", "recording"],
  refused: ["--feature", "recording"],
  mitm: ["--adversary", "mitm"],
  strip: ["--adversary", "strip"],
  swap: ["--adversary", "swap-commit"],
  anchor: ["--adversary", "anchor"],
  tamper: ["--adversary", "tamper"],
  replay: ["--adversary", "replay"],
  drop: ["--adversary", "drop"],
};
type Name = keyof typeof scenarios;

describe("shieldcall call: real calls end to end", { timeout: 240_000 }, () => {
  const results = new Map<Name, Promise<CallReport>>();
  // Three scenarios at a time: each is a service plus two adapter processes.
  const names = Object.keys(scenarios) as Name[];
  let chain: Promise<unknown> = Promise.resolve();
  for (let i = 0; i < names.length; i += 3) {
    const batch = names.slice(i, i + 3);
    const started = chain.then(() => batch.map((n) => runCall(scenarios[n])));
    batch.forEach((n, k) => results.set(n, started.then((ps) => ps[k]!)));
    chain = started.then((ps) => Promise.allSettled(ps));
  }
  const get = (n: Name) => results.get(n)!;
  const sdpFp = (r: CallReport, role: string) =>
    (r.log.find((e) => e.event === "sdp" && e.detail?.from === role)?.detail?.fingerprint as string | undefined) ??
      null;
  const relay = (r: CallReport) =>
    r.media.relay as {
      forwarded: Record<string, Record<string, number>>;
      certificates: { a: string[]; b: string[] };
      dropped: Record<string, number>;
    };
  const proc = (r: CallReport) =>
    r.media.processor as {
      caller: { audioFramesIn: number } | null;
      callee: { audioFramesIn: number } | null;
      bridged: boolean;
    };

  test("honest E2EE: both indicators on, equal 20-digit numbers, media only via the relay (M2), wire certificates = SDP fingerprints (M3)", async () => {
    const r = await get("honest");
    assert.equal(r.topology, "relay");
    assert.ok(r.caller.indicator && r.callee.indicator);
    assert.match(r.caller.number ?? "", /^\d{20}$/);
    assert.equal(r.caller.number, r.callee.number);
    const f = relay(r).forwarded;
    for (const dir of ["a_to_b", "b_to_a"]) {
      assert.ok(
        f[dir]!.dtls! > 0 && f[dir]!.srtp! > 0 && f[dir]!.stun! > 0,
        `relay carried ${dir}: ${JSON.stringify(f[dir])}`,
      );
    }
    assert.equal(proc(r).caller, null, "the processor has no leg for an E2EE call");
    assert.equal(proc(r).bridged, false);
    assert.equal(relay(r).certificates.a[0], sdpFp(r, "caller"));
    assert.equal(relay(r).certificates.b[0], sdpFp(r, "callee"));
    assert.ok(
      r.caller.media.audio.digits.length >= 6 && r.callee.media.audio.digits.length >= 6,
      "speech decoded both ways",
    );
    assert.ok(r.caller.media.video.decoded > 5 && r.callee.media.video.decoded > 5, "video frames decoded both ways");
    assert.equal(r.caller.spoke, speechFor(r.caller.user), "the report shows what each side spoke");
    assert.ok(r.callee.media.audio.digits.includes(r.caller.spoke), "the callee heard what the caller spoke");
    assert.deepEqual(r.verdicts.map((v) => [v.mode, v.ok]), [["honest", true]]);
  });

  test("standard call: no indicator, media bridged at the processor, recording decodes each side's digits (F1)", async () => {
    const r = await get("standard");
    assert.equal(r.topology, "processor");
    assert.ok(!r.caller.indicator && !r.callee.indicator);
    assert.equal(r.caller.number, null);
    assert.ok(proc(r).bridged);
    assert.ok(proc(r).caller!.audioFramesIn > 0 && proc(r).callee!.audioFramesIn > 0);
    assert.deepEqual(r.feature, { name: "recording", ok: true, code: null, result: { recording: true } });
    const out = r.log.find((e) => e.event === "feature-outputs")?.detail as {
      recording?: { files: { direction: string; path: string }[] };
    } | undefined;
    assert.ok(out?.recording, "recording manifest logged");
    const heardBy = { caller: r.callee.media.audio.digits, callee: r.caller.media.audio.digits };
    for (const file of out!.recording!.files) {
      const wav = parseWav(new Uint8Array(readFileSync(file.path)));
      const dec = new SpeechDecoder(wav.sampleRate);
      dec.push(wav.samples);
      // The recording of a->b holds what a said, which is what b heard.
      const said = file.direction.startsWith("a") ? heardBy.caller : heardBy.callee;
      assert.ok(dec.heard.length >= 6, `recording ${file.direction} decodes: "${dec.heard}"`);
      assert.ok(
        said.includes(dec.heard.slice(0, 6)) || dec.heard.includes(said.slice(0, 6)),
        `${file.direction}: recorded "${dec.heard}" vs heard "${said}"`,
      );
    }
  });

  test("E2EE: recording is refused with FEATURE_DISABLED_E2EE and E2EE stays on (F1, F10)", async () => {
    const r = await get("refused");
    assert.equal(r.feature?.ok, false);
    assert.equal(r.feature?.code, "FEATURE_DISABLED_E2EE");
    assert.ok(r.caller.indicator && r.callee.indicator);
    assert.equal(r.caller.number, r.callee.number);
  });

  test("mitm: the call works and the two numbers differ (V2)", async () => {
    const r = await get("mitm");
    assert.ok(r.caller.indicator && r.callee.indicator);
    assert.notEqual(r.caller.number, r.callee.number);
    assert.match(r.verdicts[0]!.line, /^mitm: OK — the call works and the two numbers differ/);
    assert.ok(r.adversary!.actions.length >= 3);
    assert.ok(r.caller.media.audio.digits.length >= 6, "media flows through the interceptor");
  });

  test("strip: a standard call and no indicator on either side (V1, P4)", async () => {
    const r = await get("strip");
    assert.equal(r.topology, "processor");
    assert.ok(!r.caller.indicator && !r.callee.indicator);
    assert.equal(r.adversary!.mode, "strip");
    assert.deepEqual(r.verdicts.map((v) => v.ok), [true]);
    assert.match(r.verdicts[0]!.line, /^strip: OK — downgraded to a standard call, no indicator/);
  });

  test("swap-commit and anchor: the callee ends the call with E2EE_COMMITMENT_MISMATCH and no indicator remains (V4, M2)", async () => {
    for (const n of ["swap", "anchor"] as const) {
      const r = await get(n);
      // SPEC §8 anchor: the callee's commitment check, or the caller's answer check (§6.1) if it runs first.
      const codes = n === "anchor"
        ? ["E2EE_COMMITMENT_MISMATCH", "E2EE_FINGERPRINT_MISMATCH"]
        : ["E2EE_COMMITMENT_MISMATCH"];
      assert.ok(codes.includes(r.callee.endCode ?? ""), `${n}: ${r.callee.endCode}`);
      assert.equal(r.callee.state, "ended", n);
      assert.ok(!r.callee.indicator, `${n}: the callee never showed the indicator`);
      assert.equal(r.caller.state, "ended", n);
    }
  });

  test("tamper, replay, drop: the call stays E2EE with equal numbers; faults are logged; no foreign digits are played", async () => {
    for (const n of ["tamper", "replay", "drop"] as const) {
      const r = await get(n);
      assert.ok(r.caller.indicator && r.callee.indicator, n);
      assert.equal(r.caller.number, r.callee.number, n);
      assert.ok(r.adversary!.actions.length > 0, `${n}: fault actions logged`);
      const rf = relay(r);
      if (n === "drop") assert.ok(rf.dropped.fault! > 0);
      // Each side speaks its six digits on a loop (SPEC §11); what the other side heard must be consistent with it.
      for (
        const [who, s, other] of [["caller", r.caller, r.callee.user], ["callee", r.callee, r.caller.user]] as const
      ) {
        const heard = s.media.audio.digits;
        assert.ok(heard.length >= 3, `${n} ${who} heard speech: "${heard}"`);
        assert.ok(
          consistentWithLoop(heard, speechFor(other)),
          `${n} ${who} heard "${heard}", not consistent with the loop "${speechFor(other)}"`,
        );
      }
    }
  });
});

test("call: --duration 0, -1 and abc, an unknown feature and an unknown mode exit 2 before any call", async () => {
  for (
    const [argv, re] of [
      [["--duration", "0"], /--duration: expected a positive number/],
      [["--duration", "-1"], /--duration: expected a positive number/],
      [["--duration", "abc"], /--duration expects a number/],
      [
        ["--feature", "transfer"],
        /--feature must be one of recording, .*transfer-blind.*; got "transfer": did you mean/,
      ],
      [["--adversary", "mtm"], /did you mean "mitm"/],
      [["--as", "alice"], /--as and --to go together/],
      [["--adversary", "sframe-strip"], /alters SFrame calls, which the reference peers of `call` cannot make/],
      [["--as", "alice", "--to", "bob"], /give --service URL/],
    ] as [string[], RegExp][]
  ) {
    const r = await runMain(["call", ...argv]);
    assert.equal(r.code, 2, `${argv.join(" ")}: ${r.err}`);
    assert.match(r.err, re, argv.join(" "));
    // Before any call: a call prints its topology and per-side lines on stdout; a refusal prints nothing there.
    assert.equal(r.out, "", `${argv.join(" ")}: refused before any call`);
  }
});

test("a refused credential is named with the flag that supplied it (call --as/--to, admin without a token)", {
  timeout: 60_000,
}, async () => {
  const { startService } = await import("../service/mod.ts");
  const svc = await startService({ port: 0, adminToken: "sekret" });
  try {
    const base = svc.adminUrl.replace(/\/admin\/?$/, "");
    const add = await new (await import("../service/mod.ts")).AdminClient(svc.adminUrl, "sekret").demoTenant("t");
    await add("alice");
    await add("bob");
    const bad = await runMain(["call", "--service", base, "--admin-token", "sekret", "--as", "alice", "--to", "bob"]
      .concat(["--as-token", "bogus", "--duration", "1"]));
    assert.equal(bad.code, 1, bad.err);
    assert.match(bad.err, /Authentication failed for alice: the service refused the token from --as-token/);
    const none = await runMain(["call", "--service", base, "--as", "alice", "--to", "bob", "--duration", "1"]);
    assert.match(
      none.err,
      /Authentication failed for the admin API at .*: no token was sent; give one with --admin-token/,
    );
    const list = await runMain(["admin", "calls", "list", "--url", svc.adminUrl]);
    assert.equal(list.code, 1);
    assert.match(list.err, /no token was sent; give one with --admin-token/);
    const wrong = await runMain(["admin", "calls", "list", "--url", svc.adminUrl, "--admin-token", "nope"]);
    assert.match(wrong.err, /the service refused the token from --admin-token/);
  } finally {
    await svc.close();
  }
});
