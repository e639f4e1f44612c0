// Clashes in a region's year, as KORUS sees them. Pure.

export interface RegionGathering {
  id: number;
  /** Its day in Norway, YYYY-MM-DD. */
  date: string;
  sectorId: number;
  hostUnitId: number | null;
}

/**
 * The gatherings that clash: two different gatherings on one day in the same sector, or one unit
 * hosting two on one day. A joint fagdag comes once per network and never clashes with itself.
 */
export function regionClashes(gatherings: RegionGathering[]): Set<number> {
  const byDate = new Map<string, RegionGathering[]>();
  for (const g of gatherings) byDate.set(g.date, [...(byDate.get(g.date) ?? []), g]);
  const clashes = new Set<number>();
  for (const sameDay of byDate.values()) {
    for (const a of sameDay) {
      for (const b of sameDay) {
        if (a.id === b.id) continue;
        if (a.sectorId === b.sectorId || (a.hostUnitId !== null && a.hostUnitId === b.hostUnitId)) clashes.add(a.id);
      }
    }
  }
  return clashes;
}
