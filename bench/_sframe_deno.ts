/** bench/sframe.ts's Deno child: prints the measurement as one JSON line. Args: rounds roundMs. */
import { measureSFrame } from "./_sframe_ops.ts";

const args = (globalThis as unknown as { Deno: { args: string[] } }).Deno.args;
const [rounds, roundMs] = args.map(Number);
console.log(JSON.stringify(await measureSFrame({ rounds: rounds ?? 5, roundMs: roundMs ?? 500 })));
