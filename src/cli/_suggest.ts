/**
 * "Did you mean …?" for a misspelt word: an option name (yargs suggests commands only), an admin command, a case id
 * of an expectations file or a selector.
 */

/** Levenshtein distance (small strings only). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest of `known` to `word` (prefix, or within an edit distance of 2 / a third of its length), or null. */
export function closest(word: string, known: Iterable<string>): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const k of known) {
    const d = k.startsWith(word) || word.startsWith(k)
      ? Math.min(1, Math.abs(k.length - word.length))
      : editDistance(word, k);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : null;
}

/** ": did you mean X?" for an unknown word, or "" when nothing is close. */
export function didYouMean(
  word: string,
  known: Iterable<string>,
  render: (s: string) => string = (s) => `"${s}"`,
): string {
  const c = closest(word, known);
  return c === null ? "" : `: did you mean ${render(c)}?`;
}
