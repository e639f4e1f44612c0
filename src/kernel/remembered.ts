/**
 * `compute` with its results for up to `limit` keys kept; when full, all are forgotten at once
 * (forgetting only means computing again). For pure functions that pages and emails ask the same
 * few keys of over and over: the text of a date, an instant put in Oslo's time zone.
 */
export function remembered<K, V>(limit: number, compute: (key: K) => V): (key: K) => V {
  const kept = new Map<K, V>();
  return (key) => {
    let value = kept.get(key);
    if (value === undefined) {
      value = compute(key);
      if (kept.size >= limit) kept.clear();
      kept.set(key, value);
    }
    return value;
  };
}
