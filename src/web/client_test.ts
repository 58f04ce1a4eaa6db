/**
 * The web client in a real Chromium page against a scripted signaling server (SPEC §6): it authenticates with
 * protocol 3 only (no fallback: versions 1 and 2 are dropped), and ignores a schema-invalid frame from the service. Skipped only when Chromium is not installed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { WebSocketServer } from "ws";
import { closeSharedBrowser, findChromium, sharedBrowser } from "./host/chromium.ts";
import { serveWebClient } from "./host/static_server.ts";

test("web client: protocol 3 only; invalid service frames ignored", {
  skip: findChromium() ? false : "chromium is not installed (apt-get install chromium)",
  timeout: 60_000,
}, async () => {
  const seen: unknown[] = [];
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  wss.on("connection", (ws) => {
    ws.on("message", (data) => {
      const m = JSON.parse(String(data));
      seen.push(m);
      if (m.type !== "auth") return;
      ws.send(
        JSON.stringify({
          type: "welcome",
          userId: "alice",
          tenantId: "t",
          endpointId: "e1",
          settings: { visible: true, enabled: false },
        }),
      );
      // not a protocol message (unknown extra property): the client must ignore it and answer nothing
      ws.send(JSON.stringify({ type: "settings", visible: true, enabled: true, policy: "userControlled", extra: 1 }));
    });
  });
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
  const port = (wss.address() as { port: number }).port;
  const web = await serveWebClient();
  try {
    const page = await (await sharedBrowser()).newPage();
    await page.goto(`${web.url}?automation`);
    const r = await page.evaluate(
      (url) =>
        (globalThis as unknown as { shieldcall: { configure(c: unknown): Promise<unknown> } })
          .shieldcall.configure({ serviceUrl: url, token: "tok-123456" }),
      `ws://127.0.0.1:${port}/signal`,
    );
    assert.deepEqual(r, { ok: true, value: { userId: "alice", endpointId: "e1" } });
    await new Promise((res) => setTimeout(res, 300));
    const auths = seen.filter((m) => (m as { type: string }).type === "auth") as { protocol: number }[];
    assert.deepEqual(auths.map((a) => a.protocol), [3]);
    assert.equal(seen.length, 1, `nothing sent in reply to the invalid frame: ${JSON.stringify(seen)}`);
  } finally {
    await closeSharedBrowser();
    await web.close();
    wss.close();
  }
});
