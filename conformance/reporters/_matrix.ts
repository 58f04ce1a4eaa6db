/**
 * Layout of the opt-in matrix (SPEC §2.1 P4): rows are the caller's (policy, setting), columns the callee's,
 * one grid per side the implementation played. Shared by the console and HTML reporters.
 */

import type { MatrixCell } from "../results.ts";

/** One axis value: an effective policy and the user's E2EE setting. */
export interface Axis {
  policy: MatrixCell["callerPolicy"];
  setting: boolean;
}

/** The four axis values in display order. */
export const AXES: readonly Axis[] = [
  { policy: "disabled", setting: false },
  { policy: "disabled", setting: true },
  { policy: "userControlled", setting: false },
  { policy: "userControlled", setting: true },
];

/** The two sides the implementation may play, in display order. */
export const SIDES: readonly MatrixCell["implementationAs"][] = ["caller", "callee"];

/** Long label of an axis value: `userControlled / on`. */
export function axisLabel(a: Axis): string {
  return `${a.policy} / ${a.setting ? "on" : "off"}`;
}

/** Short label of an axis value for narrow text grids: `uc/on`, `dis/off`. */
export function axisShort(a: Axis): string {
  return `${a.policy === "disabled" ? "dis" : "uc"}/${a.setting ? "on" : "off"}`;
}

/**
 * The 4×4 grid for one side: `grid[row][col]` is the first cell with that caller (row) and callee (col)
 * coordinate, or undefined. `extra` holds duplicates, which the grid cannot show.
 */
export function matrixGrid(
  cells: readonly MatrixCell[],
  side: MatrixCell["implementationAs"],
): { grid: (MatrixCell | undefined)[][]; extra: MatrixCell[] } {
  const grid: (MatrixCell | undefined)[][] = AXES.map(() => AXES.map(() => undefined));
  const extra: MatrixCell[] = [];
  for (const c of cells) {
    if (c.implementationAs !== side) continue;
    const r = AXES.findIndex((a) => a.policy === c.callerPolicy && a.setting === c.callerSetting);
    const k = AXES.findIndex((a) => a.policy === c.calleePolicy && a.setting === c.calleeSetting);
    if (r < 0 || k < 0 || grid[r][k] !== undefined) extra.push(c);
    else grid[r][k] = c;
  }
  return { grid, extra };
}
