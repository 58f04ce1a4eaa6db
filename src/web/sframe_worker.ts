/**
 * Entry of the web client's SFrame worker bundle (`sframe-worker.js`, SPEC §13.7): every encoded-frame transform of
 * the client's SFrame calls runs here (./sframe_calls.ts). A web mutant's id (./mutants.ts, SPEC §12.7) comes as the
 * script's `mutant` query parameter; the clean client's worker URL has none.
 */
import { webMutantId } from "./mutants.ts";
import { CallWorker, type CallWorkerScope } from "./sframe_calls.ts";

const mutant = webMutantId(new URL(globalThis.location.href).searchParams.get("mutant"));
new CallWorker(globalThis as unknown as CallWorkerScope, mutant);
