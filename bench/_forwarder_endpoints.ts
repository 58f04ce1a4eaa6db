/**
 * The endpoints' side of bench/forwarder.ts, in a child process so that the parent's CPU time is the forwarder's
 * alone: 2 × K werift SFrame endpoints (src/forwarder/_testing), each sealing and sending 50 audio frames (100 B) and
 * 30 video frames (1,200 B) per second. One typed message protocol over the IPC channel (ToChild, FromChild).
 */
import { sframeSenderKeys } from "../src/crypto/sframe/mod.ts";
import { SFrameEndpoint, until } from "../src/forwarder/_testing/sframe_endpoint.ts";
import { pump, TEST_PRK } from "../src/forwarder/_testing/scenario.ts";

/** Parent to child. */
export type ToChild =
  | { type: "offers"; calls: number }
  | { type: "answers"; answers: { call: number; role: "caller" | "callee"; sdp: string }[] }
  | { type: "pump"; ms: number }
  | { type: "close" };

/** Child to parent. */
export type FromChild =
  | { type: "offers"; offers: { call: number; role: "caller" | "callee"; sdp: string }[] }
  | { type: "connected" }
  | { type: "pumped"; sent: number; received: number; dropped: Record<string, number> }
  | { type: "error"; message: string };

const endpoints: { call: number; ep: SFrameEndpoint }[] = [];
const send = (m: FromChild) => process.send!(m);

async function handle(m: ToChild): Promise<void> {
  if (m.type === "offers") {
    const keys = sframeSenderKeys(TEST_PRK);
    for (let call = 0; call < m.calls; call++) {
      for (const role of ["caller", "callee"] as const) endpoints.push({ call, ep: new SFrameEndpoint(role, keys) });
    }
    const offers = await Promise.all(
      endpoints.map(async ({ call, ep }) => ({ call, role: ep.role, sdp: await ep.offer() })),
    );
    send({ type: "offers", offers });
  } else if (m.type === "answers") {
    for (const a of m.answers) {
      await endpoints.find((e) => e.call === a.call && e.ep.role === a.role)!.ep.applyAnswer(a.sdp);
    }
    await until(() => endpoints.every((e) => e.ep.pc.connectionState === "connected"), 20_000, "endpoints connected");
    send({ type: "connected" });
  } else if (m.type === "pump") {
    const eps = endpoints.map((e) => e.ep);
    await pump(eps, m.ms);
    await new Promise((r) => setTimeout(r, 300));
    const sum = (f: (e: SFrameEndpoint) => number) => eps.reduce((n, e) => n + f(e), 0);
    const dropped: Record<string, number> = {};
    for (const e of eps) for (const [code, n] of Object.entries(e.drops)) dropped[code] = (dropped[code] ?? 0) + n;
    send({
      type: "pumped",
      sent: sum((e) => e.sent.length),
      received: sum((e) => e.received.length),
      dropped,
    });
  } else {
    await Promise.all(endpoints.map((e) => e.ep.close()));
    process.exit(0);
  }
}

process.on("message", (m: ToChild) => {
  handle(m).catch((e) => {
    send({ type: "error", message: e instanceof Error ? e.message : String(e) });
  });
});
