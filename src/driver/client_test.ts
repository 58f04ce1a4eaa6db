/**
 * The suite distrusts adapters (SPEC §7, suite side): against a real hostile adapter process, each kind of bad
 * behaviour ends the pending request with a clear error (ADAPTER_PROTOCOL naming method and path, or a timeout for
 * silence), never a crash or a hang, and a well-behaved adapter is unaffected.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { AdapterProtocolError, DriverClient, MAX_NOTIFICATIONS_PER_SECOND } from "./client.ts";
import { ShieldCallError } from "../errors.ts";
import { referenceAdapterCommand } from "./self.ts";
import { tsCommand } from "../_testing/child.ts";

const script = fileURLToPath(new URL("./_testing/hostile_adapter.ts", import.meta.url));
const hostile = (mode: string): string[] => [...tsCommand(script), mode];
const CFG = { serviceUrl: "ws://127.0.0.1:1/signal", user: "u", token: "t" };

/** Runs hello then configure against the hostile adapter in `mode`; returns the error configure ended with. */
async function configureError(mode: string, timeoutMs = 20_000): Promise<{ err: unknown; client: DriverClient }> {
  const client = new DriverClient(hostile(mode), { timeoutMs });
  try {
    const hello = await client.request<{ name: string }>("hello", { protocol: 1 });
    assert.equal(hello.name, "hostile");
    let err: unknown = null;
    await client.request("configure", CFG).catch((e) => (err = e));
    return { err, client };
  } finally {
    await client.stop(2000);
  }
}

function assertProtocol(err: unknown, method: string | null, path: string, words: RegExp): void {
  assert.ok(err instanceof AdapterProtocolError, `expected ADAPTER_PROTOCOL, got ${String(err)}`);
  assert.equal(err.code, "ADAPTER_PROTOCOL");
  assert.equal(err.detail?.method, method);
  assert.equal(err.detail?.path, path);
  assert.match(err.message, words);
}

describe("DriverClient against a hostile adapter", { timeout: 120_000 }, () => {
  test("A line over 1 MiB is ADAPTER_PROTOCOL and later requests fail at once", async () => {
    const { err, client } = await configureError("oversized");
    assertProtocol(err, "configure", "/", /over 1048576 bytes.*"configure"/);
    await assert.rejects(
      client.request("settings.get"),
      (e: unknown) => (e as ShieldCallError).code === "ADAPTER_PROTOCOL",
    );
    assert.ok(client.transcript.every((l) => l.line.length <= 4001), "the oversized line is not kept");
  });

  test("A line that is not JSON is ADAPTER_PROTOCOL", async () => {
    const { err } = await configureError("invalid-json");
    assertProtocol(err, "configure", "/", /not valid JSON.*"configure"/);
  });

  test("A result of the wrong type names the method and the JSON path", async () => {
    const { err } = await configureError("wrong-types");
    assertProtocol(err, "configure", "/result/userId", /"configure" with an invalid result: \/userId must be a string/);
  });

  test("A hello declaring an unknown media profile is ADAPTER_PROTOCOL naming the path (SPEC §7)", async () => {
    const client = new DriverClient(hostile("bad-profiles"), { timeoutMs: 20_000 });
    try {
      const err = await client.request("hello", { protocol: 1 }).then(() => null, (e) => e);
      assertProtocol(
        err,
        "hello",
        "/result/profiles/1",
        /"hello" with an invalid result: \/profiles\/1 must be one of/,
      );
    } finally {
      await client.stop(2000);
    }
  });

  test("An unknown notification names the notification", async () => {
    const { err } = await configureError("unknown-notification");
    assertProtocol(err, "call.exploded", "/", /Unknown notification "call\.exploded"/);
  });

  test("A flood of notifications is ADAPTER_PROTOCOL, not a hang", async () => {
    const { err, client } = await configureError("flood");
    assertProtocol(err, "call.incoming", "/", new RegExp(`more than ${MAX_NOTIFICATIONS_PER_SECOND} notifications`));
    assert.ok(client.transcript.length <= 5000, "the transcript stays bounded");
  });

  test("A reply to an id no request has is ADAPTER_PROTOCOL", async () => {
    const { err } = await configureError("unknown-id");
    assertProtocol(err, "configure", "/id", /no request is waiting for/);
  });

  test("Silence ends the request with a timeout naming the method", async () => {
    const { err } = await configureError("silence", 1500);
    assert.ok(err instanceof ShieldCallError && !(err instanceof AdapterProtocolError), String(err));
    assert.match((err as Error).message, /did not answer "configure" within 1500 ms/);
  });

  test("The reference adapter's replies pass the checks", async () => {
    const client = new DriverClient(referenceAdapterCommand(), { timeoutMs: 30_000 });
    try {
      const hello = await client.request<{ protocol: number; profiles?: string[] }>("hello", { protocol: 1 });
      assert.equal(hello.protocol, 1);
      assert.deepEqual(hello.profiles, ["dtls-srtp"]);
      await assert.rejects(
        client.request("shieldcall.no-such-method"),
        (e: unknown) => (e as ShieldCallError).code === "DRIVER_UNSUPPORTED",
      );
      client.sendRaw("{not json");
      await client.request("hello", { protocol: 1 });
      assert.equal(client.violation, null);
    } finally {
      await client.stop();
    }
  });

  test("The suite does not send a line over 1 MiB", async () => {
    const client = new DriverClient(hostile("silence"), { timeoutMs: 5000 });
    try {
      await assert.rejects(
        client.request("configure", { ...CFG, token: "x".repeat(1024 * 1024) }),
        (e: unknown) => (e as ShieldCallError).code === "PROTO_TOO_LARGE",
      );
    } finally {
      await client.stop(1000);
    }
  });
});
