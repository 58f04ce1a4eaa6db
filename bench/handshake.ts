/**
 * bench/handshake: E2EE handshake crypto throughput (SPEC §5) on one core — complete handshakes per second (both
 * roles: X25519 key pairs, commitment, shared secrets, transcript, HKDF, number), one side's derivation
 * (`deriveVerification`), the number alone (HKDF + digits), and the X25519 primitives. Each figure is the median
 * (and spread) of several timed rounds in one run.
 *
 * Run alone: node --import tsx bench/handshake.ts [--quick] [--rounds N] [--json] [--no-write]
 */
import {
  CalleeHandshake,
  CallerHandshake,
  commitment,
  deriveVerification,
  encodeTranscript,
  generateKeyPair,
  keySchedule,
  numberFromOkm,
  sharedSecret,
  transcriptHash,
} from "../src/crypto/mod.ts";
import { formatHandshake } from "./_format.ts";
import { machine } from "./_machine.ts";
import { flags, intFlag, progress, writeResult } from "./_results.ts";
import { round, summarize } from "./_stats.ts";

const FP_A = "AA:".repeat(31) + "AA";
const FP_B = "BB:".repeat(31) + "BB";

/** One timed operation: `op(i)` runs once per iteration. */
interface Op {
  name: string;
  what: string;
  op: (i: number) => unknown;
}

/** Runs `op` repeatedly for about `ms` and returns operations per second. */
function rate(op: (i: number) => unknown, ms: number): number {
  let n = 0;
  let sink = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (let k = 0; k < 8; k++) if (op(n++)) sink++;
    t = performance.now();
  }
  if (sink < 0) console.log(sink); // keeps the results observable
  return (n / (t - t0)) * 1000;
}

/** The operations measured. */
function ops(): Op[] {
  const callId = "bench-call-0001";
  const a = generateKeyPair();
  const b = generateKeyPair();
  const commit = commitment(callId, [3], a.publicKey, FP_A);
  const fields = {
    callId,
    callerId: "alice",
    calleeId: "bob",
    versions: [3],
    version: 3,
    commit,
    pkA: a.publicKey,
    fpA: FP_A,
    pkB: b.publicKey,
    fpB: FP_B,
  };
  const ss = sharedSecret(a.privateKey, b.publicKey);
  const th = transcriptHash(encodeTranscript(fields));
  return [
    {
      name: "handshake",
      what:
        "complete handshake, both roles (CallerHandshake + CalleeHandshake: commit, accept, derive, reveal, derive)",
      op: (i) => {
        const id = `call-${i}`;
        const caller = new CallerHandshake({ callId: id, callerId: "alice", calleeId: "bob" });
        const c = caller.commit(FP_A);
        const callee = new CalleeHandshake({
          callId: id,
          callerId: "alice",
          calleeId: "bob",
          commit: c,
          versions: [3],
        });
        const acc = callee.accept(FP_B);
        const x = caller.acceptReceived(acc.pk, acc.fp, acc.version).number;
        const y = callee.onReveal(caller.reveal(), FP_A).number;
        if (x !== y) throw new Error("Numbers differ");
        return x;
      },
    },
    {
      name: "deriveVerification",
      what: "one side's derivation (key check, commitment check, transcript, X25519, HKDF, number)",
      op: () => deriveVerification({ ...fields, role: "caller", privateKey: a.privateKey }).number,
    },
    {
      name: "number",
      what: "verification number from a shared secret and transcript hash (HKDF-SHA256 + 20 digits)",
      op: () => numberFromOkm(keySchedule(ss, th).okm),
    },
    { name: "x25519.keygen", what: "X25519 key pair", op: () => generateKeyPair().publicKey },
    {
      name: "x25519.shared",
      what: "X25519 shared secret (with low-order check)",
      op: () => sharedSecret(a.privateKey, b.publicKey),
    },
  ];
}

/** Result of bench/handshake. */
export interface HandshakeResult {
  bench: "handshake";
  machine: ReturnType<typeof machine>;
  setup: string;
  rounds: number;
  roundMs: number;
  ops: { name: string; what: string; perSecond: ReturnType<typeof summarize>; usEach: number | null }[];
}

/** Runs the bench. */
export async function runHandshake(opts: { quick: boolean; rounds?: number }): Promise<HandshakeResult> {
  const mach = machine(); // at the start: the load average before this bench added its own
  const rounds = opts.rounds ?? (opts.quick ? 3 : 9);
  const roundMs = opts.quick ? 200 : 500;
  const list = ops();
  for (const o of list) rate(o.op, 100); // warm-up (JIT)
  const samples = new Map<string, number[]>(list.map((o) => [o.name, []]));
  // Interleaved: every round measures every operation, so load on the machine hits them alike.
  for (let r = 0; r < rounds; r++) for (const o of list) samples.get(o.name)!.push(rate(o.op, roundMs));
  const res = list.map((o) => {
    const s = summarize(samples.get(o.name)!, 0);
    return { name: o.name, what: o.what, perSecond: s, usEach: s.median ? round(1e6 / s.median, 1) : null };
  });
  return {
    bench: "handshake",
    machine: mach,
    setup: "Node, one thread, @noble/curves X25519 + @noble/hashes HKDF-SHA256 (pure JS); each op timed in rounds " +
      "interleaved with the others",
    rounds,
    roundMs,
    ops: res,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const f = flags(process.argv.slice(2), ["rounds"]);
  progress("bench/handshake: measuring…");
  const r = await runHandshake({ quick: f.quick, rounds: intFlag(f, "rounds", f.quick ? 3 : 9) });
  if (f.write) progress(`wrote ${writeResult("handshake", r, f.quick)}`);
  if (f.json) console.log(JSON.stringify(r));
  else for (const l of formatHandshake(r)) console.log(l);
  process.exit(0);
}
