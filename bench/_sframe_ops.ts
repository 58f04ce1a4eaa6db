/**
 * The SFrame seal+open measurement shared by bench/sframe.ts on Node, Deno (a child process) and Chromium (a
 * bundled page script): no Node API. One operation = seal one frame and open it at a receiver, one thread.
 */
import { SFrameContext } from "../src/crypto/sframe/mod.ts";
import { SFrameEndpoint } from "../src/web/sframe.ts";

/** One implementation: `make(bytes)` returns one seal+open of a `bytes`-byte frame. */
interface Impl {
  name: string;
  what: string;
  make(bytes: number): Promise<() => unknown>;
}

const BASE = new Uint8Array(32).fill(7);

/** The reference (src/crypto/sframe, @noble, synchronous) and the web client (src/web/sframe.ts, WebCrypto). */
export const IMPLS: Impl[] = [
  {
    name: "reference",
    what: "src/crypto/sframe (@noble/ciphers AES-128-GCM, pure JS, synchronous)",
    make: (bytes) => {
      const tx = new SFrameContext(4), rx = new SFrameContext(4);
      tx.addEncryptKey(0, BASE);
      rx.addDecryptKey(0, BASE);
      const pt = new Uint8Array(bytes).fill(1);
      return Promise.resolve(() => rx.open(tx.seal(0, pt)).plaintext.length);
    },
  },
  {
    name: "web",
    what: "src/web/sframe.ts (WebCrypto AES-128-GCM, asynchronous)",
    make: async (bytes) => {
      const tx = new SFrameEndpoint(4), rx = new SFrameEndpoint(4);
      await tx.addEncryptKey(0, BASE);
      await rx.addDecryptKey(0, BASE);
      const pt = new Uint8Array(bytes).fill(1);
      return async () => (await rx.open(await tx.seal(0, pt))).plaintext.length;
    },
  },
];

/** The frames measured: a 1,200-byte video frame and a 100-byte audio frame. */
export const FRAMES = [{ frame: "video", bytes: 1200 }, { frame: "audio", bytes: 100 }];

/**
 * One figure: seal+open per second of wall time (median of the rounds, and the range), and per second of the
 * process's CPU time where the runtime can tell (Node, Deno): on a loaded machine the wall figure counts time spent
 * waiting for a core, the CPU figure does not.
 */
export interface SFrameRow {
  impl: string;
  frame: string;
  bytes: number;
  perSecond: number;
  min: number;
  max: number;
  perCpuSecond: number | null;
}

/** The process's CPU time in ms (all threads), or null where unknown (a browser). */
function cpuMs(): number | null {
  const p = (globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } }).process;
  const u = p?.cpuUsage?.();
  return u ? (u.user + u.system) / 1000 : null;
}

async function rate(op: () => unknown, ms: number): Promise<{ wall: number; cpu: number | null }> {
  let n = 0;
  const t0 = performance.now(), c0 = cpuMs();
  let t = t0;
  while (t - t0 < ms) {
    for (let k = 0; k < 16; k++) await op();
    n += 16;
    t = performance.now();
  }
  const c1 = cpuMs();
  return { wall: (n / (t - t0)) * 1000, cpu: c0 !== null && c1 !== null && c1 > c0 ? (n / (c1 - c0)) * 1000 : null };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Measures every implementation (or those named) on every frame size, rounds interleaved. */
export async function measureSFrame(opts: { rounds: number; roundMs: number; impls?: string[] }): Promise<SFrameRow[]> {
  const cases: { impl: string; frame: string; bytes: number; op: () => unknown; xs: number[]; cs: number[] }[] = [];
  for (const impl of IMPLS.filter((i) => !opts.impls || opts.impls.includes(i.name))) {
    for (const f of FRAMES) cases.push({ impl: impl.name, ...f, op: await impl.make(f.bytes), xs: [], cs: [] });
  }
  for (const c of cases) await rate(c.op, 100); // warm-up (JIT)
  for (let r = 0; r < opts.rounds; r++) {
    for (const c of cases) {
      const x = await rate(c.op, opts.roundMs);
      c.xs.push(x.wall);
      if (x.cpu !== null) c.cs.push(x.cpu);
    }
  }
  return cases.map((c) => ({
    impl: c.impl,
    frame: c.frame,
    bytes: c.bytes,
    perSecond: Math.round(median(c.xs)),
    min: Math.round(Math.min(...c.xs)),
    max: Math.round(Math.max(...c.xs)),
    perCpuSecond: c.cs.length ? Math.round(median(c.cs)) : null,
  }));
}
