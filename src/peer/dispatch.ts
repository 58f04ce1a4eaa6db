/**
 * What the reference peer does with each message the service sends (SPEC §6): settings, `incoming`, the end of a
 * call, call-control events, and the per-call messages that the call flow (call_flow.ts) handles in order.
 */
import { type ErrorCode, isShieldCallError, ShieldCallError } from "../errors.ts";
import { base64urlDecode } from "../crypto/mod.ts";
import type { ServerMessage } from "../protocol/mod.ts";
import { PeerCall } from "./call.ts";
import { type FlowHost, onAccepted, onReveal, onSdp } from "./call_flow.ts";
import { onConfirm } from "./confirm_flow.ts";
import type { PeerEvents, PeerSettings } from "./peer_types.ts";

/** What the dispatch needs from the peer: its calls, its listeners, and the call flow's host. */
export interface DispatchHost extends FlowHost {
  /** The peer's calls by id (the dispatch adds incoming calls). */
  readonly calls: Map<string, PeerCall>;
  /** This endpoint's user id, or undefined before the welcome. */
  readonly userIdOrUndefined: string | undefined;
  /** SPEC §3.3: the service told us the user's setting (pushed after a change on another device). */
  settingsReceived(s: PeerSettings): void;
  /** Ends a call locally (nothing sent) and reports it. */
  end(call: PeerCall, reason: string, code: ErrorCode | null): void;
  /** Calls the listeners of `event`. */
  emit<K extends "incoming" | "event">(event: K, e: PeerEvents[K]): void;
}

/** Handles one message from the service. */
export function dispatch(host: DispatchHost, m: ServerMessage): void {
  switch (m.type) {
    case "settings":
      return host.settingsReceived({ visible: m.visible, enabled: m.enabled });
    case "incoming":
      return onIncoming(host, m);
    case "ended":
    case "cancelled": {
      const call = host.calls.get(m.callId);
      if (!call) return host.log(`ignored "${m.type}" for unknown call "${m.callId}"`);
      return host.end(call, m.reason, m.type === "ended" ? m.code ?? null : null);
    }
    case "error":
      return host.log(`service error${m.callId ? ` in call ${m.callId}` : ""}: ${m.code}: ${m.message}`);
    case "event":
      return onEvent(host, m);
    case "ringing":
    case "accepted":
    case "reveal":
    case "confirm":
    case "sdp":
      return onCallMessage(host, m);
    default:
      return host.log(`ignored "${m.type}"`);
  }
}

/** SPEC §6 `incoming`: a new ringing call; the commitment is kept for the accept (SPEC §5.2). */
function onIncoming(host: DispatchHost, m: Extract<ServerMessage, { type: "incoming" }>): void {
  if (host.calls.has(m.callId)) return host.log(`ignored a repeated "incoming" for "${m.callId}"`);
  const call = new PeerCall({ callId: m.callId, role: "callee", peer: m.from, state: "ringing" });
  if (m.e2ee) {
    try {
      call.commit = base64urlDecode(m.e2ee.commit);
      call.versions = [...m.e2ee.versions];
      // SPEC §13.10 (SF8): the offered profiles are bound into the commitment, so they are kept exactly as received
      if (m.e2ee.profiles !== undefined) call.profiles = [...m.e2ee.profiles];
    } catch {
      call.commit = undefined; // schema-checked already; unreachable in practice
    }
  }
  host.calls.set(m.callId, call);
  host.send({ type: "ringing", callId: m.callId });
  host.emit(
    "incoming",
    m.via ? { callId: m.callId, from: m.from, via: { ...m.via } } : { callId: m.callId, from: m.from },
  );
  // SPEC §6.1: the callee MAY build its PeerConnection while the call rings; after the listeners, so that an answer
  // given at once has its requests on the wire first. A declined or cancelled call closes it with the call.
  if (!call.ended) call.engine ??= host.newEngine(call);
  host.changed(call);
}

/** SPEC §4.5: call-control events; `peer-changed` and `members` update the CallState. */
function onEvent(host: DispatchHost, m: Extract<ServerMessage, { type: "event" }>): void {
  const call = host.calls.get(m.callId);
  if (!call) return host.log(`ignored event "${m.name}" for unknown call "${m.callId}"`);
  call.applyEvent(m.name, m.data ?? {}, host.userIdOrUndefined);
  host.log(`call ${m.callId}: event ${m.name} ${JSON.stringify(m.data ?? {})}`);
  host.emit("event", m.data ? { callId: m.callId, name: m.name, data: m.data } : { callId: m.callId, name: m.name });
  host.changed(call);
}

/** `ringing` moves the caller on; `accepted`, `reveal` and `sdp` run in the call's queue (call_flow.ts). */
function onCallMessage(
  host: DispatchHost,
  m: Extract<ServerMessage, { type: "ringing" | "accepted" | "reveal" | "confirm" | "sdp" }>,
): void {
  const call = host.calls.get(m.callId);
  if (!call) return host.log(`ignored "${m.type}" for unknown call "${m.callId}"`);
  if (call.ended) return;
  if (m.type === "ringing") {
    if (call.role === "caller" && call.state === "inviting") {
      call.state = "ringing";
      host.changed(call);
    }
    return;
  }
  const task = m.type === "accepted"
    ? () => onAccepted(host, call, m)
    : m.type === "reveal"
    ? () => onReveal(host, call, m.pk)
    : m.type === "confirm"
    ? async () => onConfirm(host, call, m.tag)
    : () => onSdp(host, call, m.description);
  void call.enqueue(task, (e) => {
    if (call.ended) return;
    host.log(`call ${call.callId}: "${m.type}" failed: ${(e as Error)?.stack ?? e}`);
    host.failClosed(
      call,
      isShieldCallError(e) ? e : new ShieldCallError("INTERNAL", `Media setup failed: ${(e as Error)?.message ?? e}`),
    );
  });
}
