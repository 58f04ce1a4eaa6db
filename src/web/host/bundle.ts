/**
 * Builds the web client bundle with esbuild, in memory (Node/Deno side): the page script and the list of source
 * files that went into it (the metafile's inputs, which src/web/bundle_test.ts checks for independence).
 */
import { build } from "esbuild";
import { repoRoot, webFile } from "./root.ts";

/** The bundled page script, the SFrame worker script, and their inputs (paths relative to the repository root). */
export interface WebBundle {
  js: string;
  /** src/web/sframe_worker.ts bundled: the worker of the SFrame calls' transforms (SPEC §13.7). */
  workerJs: string;
  inputs: string[];
}

let cached: Promise<WebBundle> | undefined;

/** Bundles src/web/main.ts and src/web/sframe_worker.ts for the browser (ES2022, no source maps); cached. */
export function webBundle(): Promise<WebBundle> {
  cached ??= (async () => {
    const [page, worker] = await Promise.all([one("main.ts"), one("sframe_worker.ts")]);
    return { js: page.js, workerJs: worker.js, inputs: [...new Set([...page.inputs, ...worker.inputs])].sort() };
  })();
  return cached;
}

async function one(entry: string): Promise<{ js: string; inputs: string[] }> {
  const r = await build({
    entryPoints: [webFile(entry)],
    absWorkingDir: repoRoot(),
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    minify: false,
    logLevel: "silent",
  });
  return { js: r.outputFiles[0]!.text, inputs: Object.keys(r.metafile.inputs) };
}

/**
 * Inputs the web client must not contain (it is an independent implementation of SPEC §5): any of src/crypto,
 * src/peer,
 * @noble/*.
 */
export function forbiddenInputs(inputs: readonly string[]): string[] {
  return inputs.filter((i) => /(^|\/)src\/(crypto|peer)\//.test(i) || /node_modules\/@noble\//.test(i));
}
