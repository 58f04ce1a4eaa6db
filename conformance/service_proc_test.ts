/**
 * startServiceProcess: the harness's service has no admission limit unless one is asked for (SPEC §2.5 S3), and a
 * limit that is asked for reaches `serve` (bench/load.ts --max-calls measured unlimited calls when it did not).
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { newCallId, RawClient } from "../src/service/_testing/fixtures.ts";
import { type ServiceProcess, startServiceProcess } from "./service_proc.ts";

const running: ServiceProcess[] = [];
const clients: RawClient[] = [];
after(async () => {
  for (const c of clients) c.close();
  await Promise.all(running.map((s) => s.stop()));
});

/** Places two standard calls at once (alice → bob, carol → dave); returns the second invite's reply type and code. */
async function secondInvite(capacity?: { standard: number; e2ee: number }): Promise<string> {
  const svc = await startServiceProcess(capacity ? { capacity } : {});
  running.push(svc);
  const token = await svc.admin.demoTenant(`t-${Math.random().toString(36).slice(2, 8)}`);
  const connect = async (user: string) => {
    const c = await RawClient.connect(svc.signalUrl, await token(user), undefined, false);
    clients.push(c);
    return c;
  };
  const [alice, bob, carol] = [await connect("alice"), await connect("bob"), await connect("carol")];
  await connect("dave");
  alice.send({ type: "invite", rid: "i1", callId: newCallId(), to: "bob" });
  await alice.type("invited");
  await bob.type("incoming");
  carol.send({ type: "invite", rid: "i2", callId: newCallId(), to: "dave" });
  const reply = await carol.next((m) => m.rid === "i2" || m.type === "invited");
  return reply.type === "error" ? String(reply.code) : String(reply.type);
}

test("startServiceProcess: no admission limit by default; a capacity passed in refuses the call over it", async () => {
  assert.equal(await secondInvite(), "invited");
  assert.equal(await secondInvite({ standard: 1, e2ee: 0 }), "SERVICE_BUSY");
});
