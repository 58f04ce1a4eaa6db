/**
 * The text lines of `shieldcall call` (without --json): the topology with the adversary's action count, and one line
 * per side with what it showed, the digits it spoke and heard (SPEC §11.1), its video frames and how it ended.
 */
import { grouped } from "../../conformance/session.ts";
import type { CallReport, SideReport } from "./call.ts";

/** "topology: relay   adversary: mitm (1 action)". */
export function topologyLine(report: Pick<CallReport, "topology" | "adversary">): string {
  const n = report.adversary?.actions.length ?? 0;
  return `topology: ${report.topology}${
    report.adversary ? `   adversary: ${report.adversary.mode} (${n} action${n === 1 ? "" : "s"})` : ""
  }`;
}

/** One side's line; `other` is the side it listens to. */
export function sideLine(role: string, s: SideReport, other: SideReport): string {
  // SPEC §11.1 (SM8): each side speaks its own digits on a loop; "heard" is what it decoded from the other side,
  // which starts wherever the loop was when listening began: a rotation of the other side's digits.
  return `  ${role.padEnd(7)} ${s.user.padEnd(14)} indicator ${s.indicator ? "ON " : "off"}  number ${
    grouped(s.number).padEnd(23)
  }  spoke "${s.spoke}"  heard "${s.media.audio.digits.slice(-12)}"${
    s.media.audio.digits.includes(other.spoke) ? ` (${other.user}'s digits, looped: a rotation)` : ""
  }  video ${s.media.video.decoded} frames${s.endCode ? `  ended: ${s.endCode}` : ""}`;
}
