/**
 * Helpers for the call-control scenarios (child processes behind control_*_test.ts): an in-process service, named
 * reference peers that speak disjoint DTMF digits (so decoded digits prove who hears whom, SPEC §11.1), auto-answer
 * rules, bounded waits, and the result reported at the end. Every scenario closes everything and exits explicitly
 * (docs/node-webrtc.md teardown rule).
 */
import process from "node:process";
import { exitChild, reportResult } from "../../_testing/child.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isShieldCallError } from "../../errors.ts";
import { type RunningService, startService } from "../../service/mod.ts";
import { policyFixture } from "../../service/_testing/fixtures.ts";
import type { CallState } from "../../protocol/mod.ts";
import { ReferencePeer } from "../peer.ts";
import type { PeerCallEvent, PeerIncoming } from "../peer_types.ts";

/** Disjoint digit sets: no party's text can appear inside what another party says. */
export const SPEECH: Record<string, string> = { alice: "123A", bob: "456B", carol: "789C", alice2: "*0#D" };

/** One named peer of a scenario. */
export interface Actor {
  name: string;
  peer: ReferencePeer;
  /** Every incoming call, in order. */
  incoming: PeerIncoming[];
  /** Every call-control event, in order. */
  events: PeerCallEvent[];
  /** Decides whether an incoming call is answered (default: yes). */
  answer: (e: PeerIncoming) => boolean;
}

/** A running scenario: the service, the actors, logs and the result object printed at the end. */
export interface Scene {
  svc: RunningService;
  actors: Record<string, Actor>;
  result: Record<string, unknown>;
  logs: string[];
  /** Where the processor writes recordings and voicemail; removed at the end. */
  outDir: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs one scenario: starts the scene (`names` and `opts` as startScene() takes them), runs `body`, then finishes —
 * closes everything, reports the result (or the error with the logs) and exits — whatever `body` does.
 */
export async function scenario(
  names: string[],
  opts: Parameters<typeof startScene>[1],
  body: (scene: Scene) => Promise<void>,
): Promise<never> {
  const scene = await startScene(names, opts);
  try {
    await body(scene);
  } catch (e) {
    return await finish(scene, e);
  }
  return await finish(scene);
}

/** Starts a service and connects the named actors ("alice2" is a second device of alice). */
async function startScene(
  names: string[],
  opts: { e2ee?: boolean; service?: Parameters<typeof startService>[0] } = {},
): Promise<Scene> {
  const logs: string[] = [];
  const trace = !!process.env.SCENARIO_TRACE;
  const log = (who: string) => (line: string) => {
    if (trace) console.error(`${Date.now() % 100000} ${who}: ${line}`);
    if (logs.length < 4000) logs.push(`${Date.now() % 100000} ${who}: ${line}`);
  };
  const on = opts.e2ee ?? false;
  const outDir = mkdtempSync(join(tmpdir(), "shieldcall-control-"));
  const svc = await startService({
    outDir,
    policy: policyFixture({ alice: on, bob: on, carol: on }),
    noAnswerMs: 4000,
    safeTransferMs: 1500,
    parkTimeoutMs: 1500,
    log: log("service"),
    ...(opts.service ?? {}),
  });
  const actors: Record<string, Actor> = {};
  for (const name of names) {
    const user = name.replace(/\d+$/, "");
    const peer = new ReferencePeer({
      serviceUrl: svc.signalUrl,
      token: `${user}-token`,
      device: name,
      speech: SPEECH[name],
      log: log(name),
    });
    const a: Actor = { name, peer, incoming: [], events: [], answer: () => true };
    peer.on("incoming", (e) => {
      a.incoming.push(e);
      if (a.answer(e)) void peer.answer(e.callId).catch((err) => logs.push(`${name}: answer failed: ${err}`));
    });
    peer.on("event", (e) => a.events.push(e));
    await peer.connect();
    actors[name] = a;
  }
  return { svc, actors, result: {}, logs, outDir };
}

/** Polls `pred` every 50 ms until it holds or `ms` passes; returns whether it held. */
export async function waitFor(pred: () => boolean, ms = 10000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (pred()) return true;
    await sleep(50);
  }
  return pred();
}

/** The state of a call at an actor, or null when the actor does not know it. */
export function stateOf(a: Actor, callId: string): CallState | null {
  return a.peer.calls().find((c) => c.callId === callId) ?? null;
}

/** Digits the actor decoded in a call so far ("" when unknown). */
export function digitsOf(a: Actor, callId: string): string {
  return stateOf(a, callId)?.media.audio.digits ?? "";
}

/** Marks where the actor's digits in `callId` stand now, for hearsAfter(). */
export function mark(a: Actor, callId: string): number {
  return digitsOf(a, callId).length;
}

/** Waits until `listener` decodes `speaker`'s text in `callId` after `from` (a mark); returns whether it did. */
export function hears(listener: Actor, callId: string, speaker: string, from = 0, ms = 10000): Promise<boolean> {
  return waitFor(() => digitsOf(listener, callId).slice(from).includes(SPEECH[speaker]!), ms);
}

/** The call id of the latest incoming call of `a` that `pred` accepts (waiting up to `ms`). */
export async function incomingCall(
  a: Actor,
  pred: (e: PeerIncoming) => boolean = () => true,
  ms = 8000,
): Promise<string | null> {
  let found: PeerIncoming | undefined;
  await waitFor(() => (found = [...a.incoming].reverse().find(pred)) !== undefined, ms);
  return found?.callId ?? null;
}

/** Runs `fn`, returning its result or `{error: code}` when it throws. */
export async function attempt<T>(fn: () => Promise<T>): Promise<T | { error: string; message: string }> {
  try {
    return await fn();
  } catch (e) {
    return { error: isShieldCallError(e) ? e.code : "THROWN", message: (e as Error)?.message ?? String(e) };
  }
}

/** Places a call and waits until both sides hear each other; returns the caller's and callee's call ids. */
export async function connect(
  from: Actor,
  to: Actor,
  ms = 12000,
): Promise<{ id: string; calleeId: string; ok: boolean }> {
  const before = to.incoming.length;
  const id = await from.peer.place(to.peer.userId);
  const calleeId = (await incomingCall(to, (e) => to.incoming.indexOf(e) >= before, ms)) ?? "";
  const ok = (await hears(to, calleeId, from.name, 0, ms)) && (await hears(from, id, to.name, 0, ms));
  return { id, calleeId, ok };
}

/** Records a step's observations under `name` in the result. */
export function record(scene: Scene, name: string, value: unknown): void {
  scene.result[name] = value;
}

/** Closes every actor and the service, reports the result, exits 0 (docs/node-webrtc.md). */
async function finish(scene: Scene, error?: unknown): Promise<never> {
  if (error !== undefined) scene.result.error = (error as Error)?.stack ?? String(error);
  for (const a of Object.values(scene.actors)) await a.peer.close().catch(() => {});
  await scene.svc.close().catch(() => {});
  rmSync(scene.outDir, { recursive: true, force: true });
  if (process.env.SCENARIO_LOGS || error !== undefined) scene.result.logs = scene.logs.slice(-400);
  reportResult(scene.result);
  exitChild(0);
  return await new Promise<never>(() => {});
}
