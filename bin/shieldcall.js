#!/usr/bin/env node
// Node entry point: registers the TypeScript loader (tsx) and runs the CLI from the .ts tree.
// Deno runs src/cli.ts directly (see deno.json).
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli.ts");
const code = await main(process.argv.slice(2));
process.exit(code);
