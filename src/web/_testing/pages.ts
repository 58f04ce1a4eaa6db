/** What the web demo scenarios wait for in a page (both drive real Chromium pages through playwright-core). */
import type { Page } from "playwright-core";

/** Waits until the page plays the other side's video: a decoded frame and a moving clock. */
export async function remoteVideoPlays(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    () => {
      const v = document.querySelector("video.remote") as HTMLVideoElement | null;
      return !!v && v.videoWidth > 0 && v.currentTime > 0;
    },
    undefined,
    { timeout: timeoutMs },
  );
}
