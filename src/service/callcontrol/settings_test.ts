import { test } from "node:test";
import assert from "node:assert/strict";
import { startService } from "../service.ts";
import { AdminClient } from "../admin_client.ts";
import { policyFixture } from "../_testing/fixtures.ts";
import { CallControlSettings } from "./settings.ts";

const exists = (id: string) => ["alice", "bob", "carol"].includes(id);

test("CallControlSettings.set() validates the whole patch before changing anything (S2)", () => {
  const s = new CallControlSettings();
  assert.deepEqual(s.get("bob"), { voicemail: false, simultaneousRing: null });
  assert.deepEqual(s.set("bob", { voicemail: true, simultaneousRing: "carol" }, exists), {
    voicemail: true,
    simultaneousRing: "carol",
  });
  for (
    const [patch, code] of [
      [{ voicemail: "yes" }, "POLICY_INVALID"],
      [{ simultaneousRing: 7 }, "POLICY_INVALID"],
      [{ simultaneousRing: "bob" }, "POLICY_INVALID"],
      [{ voicemail: false, simultaneousRing: "mallory" }, "USER_NOT_FOUND"],
      [{ forward: "carol" }, "POLICY_INVALID"],
      [[], "POLICY_INVALID"],
    ] as const
  ) {
    assert.throws(() => s.set("bob", patch, exists), { code }, JSON.stringify(patch));
  }
  assert.deepEqual(s.get("bob"), { voicemail: true, simultaneousRing: "carol" }, "nothing changed");
  assert.deepEqual(s.set("bob", { simultaneousRing: null }, exists), { voicemail: true, simultaneousRing: null });
});

test(
  "admin API reads and changes call-control settings and lists an empty mailbox (SPEC §10)",
  { timeout: 10000 },
  async () => {
    const svc = await startService({ policy: policyFixture() });
    try {
      const admin = new AdminClient(svc.adminUrl);
      assert.deepEqual(await admin.callControl("alice"), { voicemail: false, simultaneousRing: null });
      assert.deepEqual(await admin.callControl("alice", { voicemail: true, simultaneousRing: "bob" }), {
        voicemail: true,
        simultaneousRing: "bob",
      });
      await assert.rejects(admin.callControl("alice", { simultaneousRing: "mallory" }), { code: "USER_NOT_FOUND" });
      await assert.rejects(admin.callControl("mallory", { voicemail: true }), { code: "POLICY_NOT_FOUND" });
      await assert.rejects(admin.voicemails("mallory"), { code: "POLICY_NOT_FOUND" });
      assert.deepEqual(await admin.voicemails("alice"), []);
      assert.deepEqual(svc.hub.core.settings.get("alice"), { voicemail: true, simultaneousRing: "bob" });
    } finally {
      await svc.close();
    }
  },
);
