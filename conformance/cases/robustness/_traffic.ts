/**
 * What an endpoint of the implementation sent on the signaling wire, as the service counted it (SPEC §6 endpoint side,
 * §10 `GET /admin/users/:u/endpoints`): every frame it sent (`framesIn`) and how many the service refused
 * (`errorsOut`). The robustness cases compare two readings around frames the endpoint must ignore (S2: "sends nothing
 * in reply").
 */
import type { Harness } from "../../harness.ts";
import { CaseFailure, PreconditionFailed } from "../../case.ts";
import { ROOT_CAUSES } from "../../verify.ts";

/** One reading of an endpoint's counters. */
export interface Traffic {
  /** Every frame the endpoint sent (whether the service accepted or refused it). */
  sent: number;
  /** Frames the service refused with `error`. */
  refused: number;
  lastErrors: { type: string | null; code: string }[];
}

/** The counters of the user's only endpoint (the implementation's); set-up (SPEC §12.2) fails when there is none. */
export async function traffic(h: Harness, userId: string): Promise<Traffic> {
  const ep = (await h.admin.endpoints(userId)).endpoints[0];
  if (!ep) {
    throw new PreconditionFailed(
      ROOT_CAUSES.evidence,
      "The service has no traffic record of the implementation's endpoint",
      "a record",
      null,
    );
  }
  return { sent: ep.framesIn, refused: ep.errorsOut, lastErrors: ep.lastErrors };
}

/** How long an endpoint is given to (wrongly) answer frames it must ignore, in ms. */
export const QUIET_MS = 1500;

/**
 * SPEC §6 (endpoint side, S2): the endpoint sent nothing after `t0` — waits QUIET_MS first so that a (wrong) reply
 * has time to arrive — and fails naming what the service refused of it, if anything.
 */
export async function expectSentNothing(h: Harness, userId: string, t0: Traffic, after: string): Promise<void> {
  await new Promise((r) => setTimeout(r, QUIET_MS));
  const t1 = await traffic(h, userId);
  if (t1.sent !== t0.sent) {
    const refused = t1.lastErrors.slice(Math.max(0, t1.lastErrors.length - (t1.refused - t0.refused)));
    throw new CaseFailure(
      `The implementation sent ${t1.sent - t0.sent} frame(s) in reply to ${after}`,
      "no frame from the implementation",
      { frames: t1.sent - t0.sent, refusedByTheService: refused },
    );
  }
}
