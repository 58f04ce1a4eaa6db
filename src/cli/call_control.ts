/**
 * The call-control features of `shieldcall call --feature` (SPEC §4.5): which need a third user, how each is
 * requested from the caller's side, and who hears whom afterwards (SPEC §11.1).
 */
import { speechFor } from "../media/mod.ts";
import { type Party, settled } from "../driver/mod.ts";
import type { AdminClient } from "../service/mod.ts";

/** Outcome of a call-control feature in the demo. */
export interface ControlReport {
  parties: Record<string, {
    user: string;
    calls: { callId: string; state: string; peer: string; members: string[]; endReason: string | null }[];
    /** Users whose speech this party decoded, in calls still connected, after the feature ran. */
    hears: string[];
  }>;
  voicemails: unknown[];
}
/** SPEC §4.5 features that need a third user. */
export const THIRD = new Set([
  "transfer-blind",
  "transfer-safe",
  "transfer-consult",
  "park",
  "merge",
  "add-participant",
  "simultaneous-ring",
]);
/** SPEC §4.5: the call-control features (the rest of §2.4 is recording, captions, transcription). */
export const CONTROL = new Set([...THIRD, "companion", "device-transfer", "voicemail"]);

/**
 * Performs `f` from the caller's side (SPEC §4.5): consult and merge first place a call to the third user; park has
 * the third user retrieve the call with the code; companion and device transfer ring the caller's second device.
 */
export async function requestFeature(
  f: string,
  caller: Party,
  callId: string,
  other: Party | null,
  third: string | null,
  known: Map<Party, Set<string>>,
  to: string | undefined,
  standardCallee: string | null,
): Promise<unknown> {
  switch (f) {
    case "transfer-blind":
    case "transfer-safe":
    case "add-participant":
      return (await caller.feature(callId, f, { to: third ?? to })).result;
    case "transfer-consult":
    case "merge": {
      if (f === "transfer-consult") await caller.feature(callId, "hold").catch(() => {});
      const second = await caller.place(third!);
      known.get(caller)!.add(second);
      await caller.until(second, settled, 15_000, "the second call connected");
      const args = f === "merge" ? { otherCallId: second } : { consultCallId: second };
      return (await caller.feature(callId, f, args)).result;
    }
    case "park": {
      const r = (await caller.feature(callId, "park")).result as { code?: string } | undefined;
      if (other && r?.code) known.get(other)!.add(await other.place(`park:${r.code}`));
      return r;
    }
    case "voicemail":
    case "simultaneous-ring":
      // Performed at invite time from the callee's settings (SPEC §4.5 CC10, CC11); in an E2EE call the request
      // shows the refusal.
      if (standardCallee !== null) return f === "voicemail" ? { voicemail: standardCallee } : { answeredBy: third };
      return (await caller.feature(callId, f, f === "simultaneous-ring" ? { to: third } : undefined)).result;
    default:
      return (await caller.feature(callId, f, to ? { to } : undefined)).result;
  }
}

/** Who hears whom after the feature: digits decoded since it ran, in calls still connected (SPEC §11.1). */
export async function controlReport(
  users: Map<Party, string>,
  known: Map<Party, Set<string>>,
  marks: Map<string, number>,
  admin: AdminClient,
  callee: string,
): Promise<ControlReport> {
  const speakers = [...new Set(users.values())];
  const parties: ControlReport["parties"] = {};
  for (const [p, user] of users) {
    const calls: ControlReport["parties"][string]["calls"] = [];
    const hears = new Set<string>();
    for (const id of known.get(p)!) {
      const s = await p.state(id).catch(() => null);
      if (!s) continue;
      calls.push({ callId: id, state: s.state, peer: s.peer, members: s.members ?? [s.peer], endReason: s.endReason });
      if (s.state !== "connected") continue;
      const heard = s.media.audio.digits.slice(marks.get(`${p.label}/${id}`) ?? 0);
      for (const u of speakers) if (u !== user && heard.includes(speechFor(u))) hears.add(u);
    }
    parties[p.label] = { user, calls, hears: [...hears].sort() };
  }
  const voicemails = await admin.voicemails(callee).catch(() => []);
  return { parties, voicemails };
}
