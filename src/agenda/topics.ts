/** A topic in the picker: when the network last had it, and how many other networks in the region have. */
export interface TopicChoice {
  id: number;
  title: string;
  coveredAt: Date | null;
  usedInRegion: number;
}

/** Suggestions first: topics the network has not covered, those popular elsewhere in the region on top. */
export function suggestedOrder<T extends TopicChoice>(topics: readonly T[]): T[] {
  return [...topics].sort(
    (a, b) =>
      Number(a.coveredAt !== null) - Number(b.coveredAt !== null) ||
      b.usedInRegion - a.usedInRegion ||
      a.title.localeCompare(b.title),
  );
}
