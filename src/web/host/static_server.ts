/**
 * A small static server for the web client on http://127.0.0.1 (a secure context, which WebCrypto X25519/HKDF need;
 * about:blank is not one): `/` the page, `/app.js` the bundle, `/sframe-worker.js`, `/style.css`, the
 * icon. Node/Deno side.
 */
import { createServer, type Server } from "node:http";
import { readFileSync } from "node:fs";
import { webBundle } from "./bundle.ts";
import { webFile } from "./root.ts";

/** A running static server. */
export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** The shield of the page header, as the tab's icon (a browser asks for /favicon.ico when a page names none). */
const FAVICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#4f52b2" ' +
  'd="M12 2 4 5v6c0 5 3.4 9.3 8 11 4.6-1.7 8-6 8-11V5l-8-3Zm-1.2 14.2-3.5-3.5 1.4-1.4 2.1 2.1 4.9-4.9 1.4 1.4' +
  '-6.3 6.3Z"/></svg>';

const asset = (name: string) => readFileSync(webFile(name), "utf8");

/** Serves the page, the bundle and the stylesheet; `extra` adds routes (e.g. the demo's config). */
export async function serveWebClient(
  opts: { port?: number; host?: string; extra?: (path: string) => { type: string; body: string } | null } = {},
): Promise<StaticServer> {
  const { js, workerJs } = await webBundle();
  const html = asset("index.html"), css = asset("style.css");
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      res.end(body);
    };
    if (path === "/" || path === "/index.html") return send(200, "text/html; charset=utf-8", html);
    if (path === "/app.js") return send(200, "text/javascript; charset=utf-8", js);
    // SPEC §13.7: the worker of the SFrame calls' encoded-frame transforms (src/web/sframe_media.ts SFRAME_WORKER)
    if (path === "/sframe-worker.js") return send(200, "text/javascript; charset=utf-8", workerJs);
    if (path === "/style.css") return send(200, "text/css; charset=utf-8", css);
    if (path === "/favicon.svg" || path === "/favicon.ico") return send(200, "image/svg+xml", FAVICON);
    const x = opts.extra?.(path);
    if (x) return send(200, x.type, x.body);
    send(404, "text/plain", "not found");
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, host, resolve));
  const addr = server.address() as { port: number };
  return {
    url: `http://${host}:${addr.port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
