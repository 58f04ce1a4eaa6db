/**
 * A full garbage collection on demand, for the reference adapter's `reset` (SPEC §7). node-webrtc frees a closed
 * RTCPeerConnection's native objects in V8's finalizers; in a long-lived process that runs many calls those
 * finalizers otherwise run at whatever moment V8 collects, in the middle of a later call, which is where reused
 * adapters were seen to segfault (docs/node-webrtc.md, "Teardown"). Collecting right after a reset, when no call is
 * live, runs them at a quiet moment instead.
 */
import v8 from "node:v8";
import vm from "node:vm";

let collect: (() => void) | null | undefined;

/** Runs a full garbage collection; returns false where the runtime offers no way to ask for one (then does nothing). */
export function collectGarbage(): boolean {
  if (collect === undefined) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (typeof exposed === "function") {
      collect = exposed;
    } else {
      try {
        // Node: expose gc() at run time and take it from a fresh context, where the flag has taken effect.
        v8.setFlagsFromString("--expose-gc");
        const fn = vm.runInNewContext("gc");
        collect = typeof fn === "function" ? (fn as () => void) : null;
      } catch {
        collect = null;
      }
    }
  }
  if (!collect) return false;
  collect();
  return true;
}

/**
 * Collects, then waits for what the collection scheduled: V8 runs an object's native destructor (node-webrtc's) in
 * a second-pass callback posted as a task, so it runs after `collectGarbage()` has returned, at the next turns of
 * the event loop. Without the wait those destructors ran while the next case set up its call: two reused adapters
 * segfaulted within 20 ms of the `call.place` that followed a reset. Waiting here moves them into the reset, where a
 * crash costs only the adapter (the pool then starts a fresh one), never a case's verdict. About 25 ms.
 */
export async function collectAndSettle(): Promise<boolean> {
  if (!collectGarbage()) return false;
  for (let i = 0; i < 2; i++) {
    await new Promise<void>((r) => setTimeout(r, 10));
    await new Promise<void>((r) => setImmediate(r));
    collectGarbage();
  }
  return true;
}
