/**
 * Entry of the web client's SFrame worker bundle (`sframe-worker.js`, SPEC §13.7): every encoded-frame transform of
 * the client's SFrame calls runs here (./sframe_calls.ts).
 */
import { CallWorker, type CallWorkerScope } from "./sframe_calls.ts";

new CallWorker(globalThis as unknown as CallWorkerScope);
