/**
 * The reference peer's local refusal of disabled features (SPEC §2.4 F1–F10): decided before anything is sent.
 */
import { ShieldCallError } from "../errors.ts";
import { isControlOperation } from "../protocol/mod.ts";
import type { PeerCall } from "./call.ts";

/**
 * The FEATURE_DISABLED_E2EE error for a request the peer must refuse without sending, or null. Refused: any §2.4
 * feature in an E2EE call, in an E2EE invite still ringing here (the caller committed and this side is eligible),
 * or naming another call (`consultCallId`, `otherCallId`) that is E2EE — no escalation from an E2EE call (F8).
 * The call-control operations "hold" and "resume" (SPEC §4.5) are never refused here.
 */
export function localRefusal(
  call: PeerCall,
  feature: string,
  args: Record<string, unknown> | undefined,
  find: (callId: string) => PeerCall | undefined,
  eligible: boolean,
): ShieldCallError | null {
  if (isControlOperation(feature)) return null;
  const ringingE2ee = call.role === "callee" && call.state === "ringing" && call.commit !== undefined && eligible;
  const others = [args?.consultCallId, args?.otherCallId].map((id) => (typeof id === "string" ? find(id) : undefined));
  const e2ee = call.isE2ee || ringingE2ee ? call : others.find((c) => c?.isE2ee);
  if (!e2ee) return null;
  // SPEC §2.4 (F10): refuse; never turn E2EE off to honour the request.
  return new ShieldCallError(
    "FEATURE_DISABLED_E2EE",
    `Feature "${feature}" is unavailable: call "${e2ee.callId}" is end-to-end encrypted`,
  );
}
