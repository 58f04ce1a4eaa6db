/** Demo UI placeholder. */
import type { WebClient } from "./client.ts";
/** Renders the demo UI into `root` (none in automation pages). */
export function startUi(_root: HTMLElement, _use: (c: WebClient) => void): void {}
