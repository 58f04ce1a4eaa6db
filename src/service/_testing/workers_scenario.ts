/**
 * Child-process scenario behind processor_workers_test.ts: a real service with its media processor in two worker
 * processes (SPEC §4.4), standard calls between raw signaling clients whose media comes from real RTCPeerConnections
 * (src/processor/_testing/endpoint.ts). Media must flow both ways through the worker's bridge; then the worker
 * holding the call is killed (SIGKILL): both parties must get `ended` with INTERNAL, the service must stay up, and a
 * new call must carry media again. Exits explicitly (docs/node-webrtc.md).
 */
import process from "node:process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runAsChild } from "../../_testing/child.ts";
import { ProcessorPool } from "../../processor/mod.ts";
import { Endpoint } from "../../processor/_testing/endpoint.ts";
import { startService } from "../service.ts";
import { newCallId, policyFixture, RawClient } from "./fixtures.ts";

const TEXT1 = "8311#5D"; // alice's endpoint
const TEXT2 = "42*A09"; // bob's endpoint

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return cond();
}

async function main(): Promise<unknown> {
  const outDir = await mkdtemp(join(tmpdir(), "sc-workers-"));
  const svc = await startService({ policy: policyFixture(), processorWorkers: 2, outDir });
  const pool = svc.media.processor;
  if (!(pool instanceof ProcessorPool)) {
    throw new Error("startService({ processorWorkers: 2 }) did not start a ProcessorPool");
  }
  const clients: RawClient[] = [];
  const endpoints: Endpoint[] = [];
  try {
    const alice = await RawClient.connect(svc.signalUrl, "alice-token", "d1", false);
    const bob = await RawClient.connect(svc.signalUrl, "bob-token", "d1", false);
    clients.push(alice, bob);

    /** A standard call with media from two endpoints; resolves once each endpoint heard the other twice. */
    const place = async () => {
      const callId = newCallId();
      alice.send({ type: "invite", rid: "i", callId, to: "bob" });
      await bob.next((m) => m.type === "incoming" && m.callId === callId);
      bob.send({ type: "accept", callId });
      const accepted = await alice.next((m) => m.type === "accepted" && m.callId === callId);
      await bob.next((m) => m.type === "accepted" && m.callId === callId);
      const ep1 = new Endpoint(TEXT1);
      const ep2 = new Endpoint(TEXT2);
      endpoints.push(ep1, ep2);
      for (const [c, ep] of [[alice, ep1], [bob, ep2]] as const) {
        c.send({ type: "sdp", callId, description: { type: "offer", sdp: await ep.offer() } });
        const ans = await c.next((m) => m.type === "sdp" && m.callId === callId, 15000);
        await ep.accept((ans.description as { sdp: string }).sdp);
      }
      ep1.start();
      ep2.start();
      const count = (h: string, t: string) => h.split(t).length - 1;
      const heard = await waitFor(
        () => count(ep1.decoder.heard, TEXT2) >= 2 && count(ep2.decoder.heard, TEXT1) >= 2,
        25000,
      );
      await pool.sync();
      return {
        callId,
        topology: accepted.topology,
        heard,
        ep1: ep1.decoder.heard,
        ep2: ep2.decoder.heard,
        evidence: svc.media.evidence(callId).processor as Record<
          string,
          { heard: string; state: string; audioFramesIn: number; videoFramesIn: number }
        >,
      };
    };

    const first = await place();
    const worker = pool.workerOf(`${first.callId}:caller`);
    const sameWorker = worker !== null && worker === pool.workerOf(`${first.callId}:callee`);
    const pidsBefore = pool.workerPids();
    const totalsBefore = pool.stats();
    // SPEC §4.4: the worker holding the call dies; its legs fail and the call ends with INTERNAL.
    process.kill(pidsBefore[worker!]!, "SIGKILL");
    const ended = await Promise.all(
      [alice, bob].map((c) => c.next((m) => m.type === "ended" && m.callId === first.callId, 10000)),
    );
    const afterKill = { ...(svc.media.evidence(first.callId).processor as object) };
    for (const ep of endpoints.splice(0)) ep.close();
    const second = await place();
    return {
      first: { ...first, worker, sameWorker },
      totalsBefore,
      ended: ended.map((m) => ({ reason: m.reason, code: m.code })),
      afterKill,
      second,
      pidsBefore,
      pidsAfter: pool.workerPids(),
      legsAfter: pool.stats().legs,
    };
  } finally {
    for (const ep of endpoints) ep.close();
    for (const c of clients) c.close();
    await svc.close();
  }
}

runAsChild(main);
