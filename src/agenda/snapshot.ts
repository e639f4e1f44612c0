import { isDeepStrictEqual } from 'node:util';
import { retimed, schedule } from './checks';

/** What a published version holds: the topic, the times and each item with who is responsible. */
export interface AgendaSnapshot {
  topic: string;
  startTime: string;
  endTime: string;
  items: {
    kind: string;
    title: string;
    description: string;
    durationMinutes: number;
    startTime: string;
    endTime: string;
    responsible: string;
  }[];
}

/** An agenda item as stored, with the name of the unit responsible for it. */
export interface ItemToPublish {
  kind: string;
  title: string;
  description: string;
  durationMinutes: number;
  responsiblePerson: string;
  responsibleUnitName: string | null;
  responsibleOrganisation: string | null;
}

/** Who answers for an item: the unit (with its organisation) and the person, whichever are given. */
export const responsibleOf = (item: ItemToPublish): string =>
  [
    item.responsibleUnitName ? `${item.responsibleOrganisation} – ${item.responsibleUnitName}` : '',
    item.responsiblePerson,
  ]
    .filter(Boolean)
    .join(', ');

/** The agenda as a version would hold it; `nobody` names the responsible of an item without one. */
export function agendaSnapshot(
  gathering: { topic: string; startTime: string; endTime: string },
  items: ItemToPublish[],
  nobody: string,
): AgendaSnapshot {
  return {
    topic: gathering.topic,
    startTime: gathering.startTime,
    endTime: gathering.endTime,
    items: schedule(gathering.startTime, items).map((i) => ({
      kind: i.kind,
      title: i.title,
      description: i.description,
      durationMinutes: i.durationMinutes,
      startTime: i.startTime,
      endTime: i.endTime,
      responsible: responsibleOf(i) || nobody,
    })),
  };
}

/**
 * Whether the agenda differs from the latest published version, that version taken at the
 * agenda's current times (when the gathering moves, its items move with it: not a change).
 */
export function changedSincePublished(published: AgendaSnapshot | undefined, current: AgendaSnapshot): boolean {
  if (published === undefined) return false;
  // Stored as jsonb, whose key order is not the one written: compare values, not strings.
  return !isDeepStrictEqual(
    retimed(published, current.startTime, current.endTime),
    JSON.parse(JSON.stringify(current)),
  );
}
