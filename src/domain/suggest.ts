/**
 * "Did you mean …?" for mistyped names (sub-commands, recipes, hyperparameter keys).
 * Pure: no I/O.
 */

/**
 * Damerau-Levenshtein distance (optimal string alignment variant): insertions, deletions,
 * substitutions and transpositions of two adjacent characters each cost 1, so `trian` is
 * one edit from `train`.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // Three rolling rows: the transposition step looks two rows back.
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, beforePrevious[j - 2]! + 1);
      }
      current.push(best);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** How many edits still count as "close enough" to suggest: max(2, a third of the input). */
export function suggestionThreshold(input: string): number {
  return Math.max(2, Math.floor(input.length / 3));
}

/**
 * The candidate nearest to `input` (case-insensitively), or undefined when none is close
 * enough to be a plausible typo. Ties go to the earlier candidate.
 */
export function suggest(input: string, candidates: Iterable<string>): string | undefined {
  const needle = input.toLowerCase();
  const threshold = suggestionThreshold(needle);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(needle, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= threshold ? best : undefined;
}
