/**
 * The allowed value a mistyped one most likely meant: the same word in
 * another case ("MLP" for "mlp"), one a typo or two away ("logit",
 * "mnsit"), or one it starts ("pseudo" for "pseudo-label"). Undefined when
 * nothing is close: a wild guess would mislead more than no hint.
 */
export function closestValue(got: string, allowed: readonly string[]): string | undefined {
  // Far longer than any allowed value: no typo of one, and not worth a distance table.
  if (got.length > 2 * Math.max(0, ...allowed.map((value) => value.length)) + 2) return undefined;
  const lower = got.toLowerCase();
  const sameWord = allowed.find((value) => value.toLowerCase() === lower);
  if (sameWord !== undefined) return sameWord;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const value of allowed) {
    const distance = editDistance(lower, value.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [value, distance];
  }
  // One edit per three letters typed: "logit" -> "logits", but not "dkd" -> "dist".
  if (best !== undefined && bestDistance <= Math.max(1, Math.floor(got.length / 3))) return best;
  return lower.length >= 3 ? allowed.find((value) => value.toLowerCase().startsWith(lower)) : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours each cost 1. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) distance = Math.min(distance, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = distance;
    }
  }
  return rows[a.length]![b.length]!;
}
