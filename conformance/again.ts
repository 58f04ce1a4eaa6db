/**
 * SPEC §12.4, §12.7: a run that proves nothing either way (the suite failed under a case, an adapter crashed, a
 * set-up did not come up in time) runs again, a bounded number of times. The one loop behind the runner's suite
 * reruns, the kill-map re-proof and the web mutants' kill proof; each passes its own test of "proved nothing" and its
 * own bound.
 */

/** What `again` ran: the last result, the first, and how many runs went again (0 = the first was conclusive). */
export interface Again<T> {
  last: T;
  first: T;
  reruns: number;
}

/**
 * Runs `once(0)`, then `once(1)`, … while `inconclusive(result)` holds, at most `max` more times. `onAgain` hears of
 * each rerun before it starts (its result that proved nothing, and the rerun's number from 1).
 */
export async function again<T>(
  once: (rerun: number) => Promise<T>,
  inconclusive: (r: T) => boolean,
  max: number,
  onAgain?: (r: T, rerun: number) => void,
): Promise<Again<T>> {
  const first = await once(0);
  let last = first, reruns = 0;
  while (reruns < max && inconclusive(last)) {
    reruns++;
    onAgain?.(last, reruns);
    last = await once(reruns);
  }
  return { last, first, reruns };
}
