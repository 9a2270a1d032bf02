/**
 * "Did you mean": the candidate closest to a misspelt word, when it is close
 * enough to be a likely typo (an edit distance of at most a third of the
 * word's length, and at least 1). Edits are insertions, deletions,
 * substitutions and swaps of neighbouring letters; case is ignored.
 */
export const closest = (word: string, candidates: Iterable<string>): string | undefined => {
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
};

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export const editDistance = (a: string, b: string): number => {
  const rows = a.length + 1;
  const cols = b.length + 1;
  // d[i][j]: distance between the first i letters of a and the first j of b.
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = value;
    }
  }
  return at(a.length, b.length);
};

/** `, did you mean "x"?` or nothing. */
export const didYouMean = (word: string, candidates: Iterable<string>): string => {
  const match = closest(word, candidates);
  return match === undefined ? '' : `, did you mean "${match}"?`;
};

/** `one of: a, b, c` (at most `max` listed, then `…`), or `none declared` for an empty list. */
export const oneOf = (candidates: readonly string[], max = 12): string => {
  if (candidates.length === 0) return 'none declared';
  const shown = candidates.slice(0, max).join(', ');
  return candidates.length > max ? `one of: ${shown}, …` : `one of: ${shown}`;
};
