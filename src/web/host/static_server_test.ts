/**
 * The web client's static server answers every request a browser makes for the page: the page, its bundle, its
 * stylesheet and the icon a browser asks for on its own (/favicon.ico), so the demo's console shows no 404; anything
 * else is a 404.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { serveWebClient } from "./static_server.ts";

test("serveWebClient: /, /app.js, /style.css and /favicon.ico answer 200; an unknown path 404", {
  timeout: 60_000,
}, async () => {
  const s = await serveWebClient();
  try {
    const status = async (p: string) => {
      const r = await fetch(new URL(p, s.url));
      await r.arrayBuffer();
      return [p, r.status, r.headers.get("content-type")?.split(";")[0]];
    };
    assert.deepEqual(await Promise.all(["/", "/app.js", "/style.css", "/favicon.ico", "/nope"].map(status)), [
      ["/", 200, "text/html"],
      ["/app.js", 200, "text/javascript"],
      ["/style.css", 200, "text/css"],
      ["/favicon.ico", 200, "image/svg+xml"],
      ["/nope", 404, "text/plain"],
    ]);
  } finally {
    await s.close();
  }
});
