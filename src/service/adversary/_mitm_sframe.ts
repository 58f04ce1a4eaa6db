/**
 * SPEC §8 mitm in a call of the SFrame profile (§13.11): the adversary holds each leg's SFrame keys (§13.3), so the
 * forwarder opens each audio frame under the sending leg's keys and seals it again under the other leg's, with its own
 * CTR, and both sides hear each other. Video frames span several packets and pass unchanged; their receiver drops
 * them (§13.6). Each side then shows the indicator and the number of its own leg: the numbers differ (V2).
 */
import { profileContext, SFRAME_KID, type SFrameContext } from "../../crypto/sframe/mod.ts";
import type { PacketAlteration } from "../../forwarder/mod.ts";
import type { MitmSecrets } from "./_confirm_forge.ts";
import type { AdversaryContext } from "./types.ts";

type LegKeys = NonNullable<MitmSecrets["legKeys"]["caller"]>;

function senderKeys(k: LegKeys) {
  return {
    caller: { kid: SFRAME_KID.caller, baseKey: k.caller },
    callee: { kid: SFRAME_KID.callee, baseKey: k.callee },
  };
}

/** The alteration that re-seals audio between the two legs once both legs' keys are known. */
export function mitmReseal(ctx: AdversaryContext, s: MitmSecrets): PacketAlteration {
  const pipes: Partial<Record<string, { open: SFrameContext; seal: SFrameContext; kid: bigint }>> = {};
  const logged = new Set<string>();
  return (p) => {
    if (p.kind !== "audio" || !s.legKeys.caller || !s.legKeys.callee) return null;
    const up = p.direction === "callerToCallee";
    // caller → callee: open as the callee of the caller's leg, seal as the caller of the callee's leg; and back
    const pipe = pipes[p.direction] ??= {
      open: profileContext(up ? "callee" : "caller", senderKeys(up ? s.legKeys.caller : s.legKeys.callee)),
      seal: profileContext(up ? "caller" : "callee", senderKeys(up ? s.legKeys.callee : s.legKeys.caller)),
      kid: up ? SFRAME_KID.caller : SFRAME_KID.callee,
    };
    let plaintext: Uint8Array;
    try {
      plaintext = pipe.open.open(p.payload).plaintext;
    } catch {
      return null; // not a frame of that leg: it goes on as it came, and its receiver drops it
    }
    if (!logged.has(p.direction)) {
      logged.add(p.direction);
      ctx.act("sframe-reseal", { direction: p.direction });
    }
    return [pipe.seal.seal(pipe.kid, plaintext)];
  };
}
