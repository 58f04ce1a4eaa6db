import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { isShieldCallError } from "../errors.ts";
import { Admission, defaultCapacity, kindOf } from "./admission.ts";
import type { CallRecord } from "./calls.ts";
import { startService } from "./service.ts";
import type { RunningService } from "./service.ts";
import { newCallId, policyFixture, RawClient } from "./_testing/fixtures.ts";
import type { ServiceEvent } from "./log.ts";

const rec = (phase: string, topology: string | null, commit: string | null = null) =>
  ({ phase, topology, e2ee: { commit, eligible: true } }) as unknown as CallRecord;

test("Admission counts live calls of the same kind and refuses the one over capacity with SERVICE_BUSY", () => {
  const adm = new Admission({ standard: 2, e2ee: 1 });
  const live = [rec("connected", "processor"), rec("ended", "processor"), rec("ringing", null, "c")];
  adm.admit("standard", live); // one live standard call: a second fits
  assert.throws(() => adm.admit("e2ee", live), (e) => isShieldCallError(e) && e.code === "SERVICE_BUSY");
  assert.throws(
    () => adm.admit("standard", [...live, rec("inviting", null)]),
    (e) => isShieldCallError(e) && e.code === "SERVICE_BUSY" && /capacity of 2 standard calls/.test(e.message),
  );
  assert.equal(adm.refused, 2);
  new Admission({ standard: 0, e2ee: 0 }).admit("standard", Array(100).fill(rec("connected", "processor")));
  assert.throws(() => new Admission({ standard: -1, e2ee: 1 }), RangeError);
  assert.throws(() => new Admission({ standard: 1.5, e2ee: 1 }), RangeError);
  assert.equal(kindOf(rec("connected", "relay")), "e2ee");
  assert.equal(kindOf(rec("connected", "forwarder")), "e2ee", "SPEC §13.11: a forwarder call is an E2EE call");
  assert.equal(kindOf(rec("connected", "processor", "c")), "standard");
  assert.equal(kindOf(rec("inviting", null, "c")), "e2ee");
  assert.deepEqual(defaultCapacity(2), { standard: 5, e2ee: 10 });
});

let svc: RunningService;
const events: ServiceEvent[] = [];
const clients: RawClient[] = [];
before(async () => {
  svc = await startService({
    policy: policyFixture({ alice: true, bob: true }),
    capacity: { standard: 1, e2ee: 5 },
    events: (e) => events.push(e),
  });
});
after(async () => {
  for (const c of clients) c.close();
  await svc.close();
});

test("the service refuses an invite over capacity with SERVICE_BUSY, creates no call, and logs it (S3)", async () => {
  const connect = async (t: string) => {
    const c = await RawClient.connect(svc.signalUrl, t, undefined, false);
    clients.push(c);
    return c;
  };
  const [alice, bob, carol] = [await connect("alice-token"), await connect("bob-token"), await connect("carol-token")];
  const first = newCallId();
  alice.send({ type: "invite", rid: "i1", callId: first, to: "bob" });
  await alice.type("invited");
  await bob.type("incoming");
  const before = svc.hub.calls.list().length;
  const second = newCallId();
  carol.send({ type: "invite", rid: "i2", callId: second, to: "alice" });
  const err = await carol.type("error");
  assert.equal(err.code, "SERVICE_BUSY");
  assert.equal(err.rid, "i2");
  assert.equal(svc.hub.calls.list().length, before, "no call was created");
  assert.equal(svc.hub.calls.list().find((c) => c.id === second), undefined);
  alice.send({ type: "hangup", callId: first });
  await bob.next((m) => m.type === "cancelled" || m.type === "ended");
  // with the first call over, the same invite is admitted
  carol.send({ type: "invite", rid: "i3", callId: newCallId(), to: "alice" });
  await carol.type("invited");
  const types = events.map((e) => e.type);
  assert.equal(types.filter((t) => t === "sign-in").length, 3);
  assert.ok(events.some((e) => e.type === "refused" && e.code === "SERVICE_BUSY" && e.user === "carol"));
  assert.ok(events.some((e) => e.type === "call-start" && e.callId === first && e.from === "alice"));
  assert.ok(events.some((e) => e.type === "call-end" && e.callId === first && e.reason === "cancelled"));
});
