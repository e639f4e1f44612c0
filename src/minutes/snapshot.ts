import { isDeepStrictEqual } from 'node:util';

/** One agreed action: what is to be done, by whom (a unit, a person or both) and by when. */
export interface ActionSnapshot {
  what: string;
  responsible: string;
  dueOn: string | null;
  closed: boolean;
}

/** What a published version of the minutes holds. */
export interface MinutesSnapshot {
  discussion: string;
  caseSummary: string;
  nextQuestions: string;
  noteTaker: string;
  actions: ActionSnapshot[];
}

/** The parts of the minutes a re-publication names when they changed, in the order they are shown. */
export const MINUTES_SECTIONS = ['discussion', 'caseSummary', 'nextQuestions', 'noteTaker', 'actions'] as const;
export type MinutesSection = (typeof MINUTES_SECTIONS)[number];

/** Who answers for an action: the unit (with its organisation) and the person, whichever are given. */
export const responsibleOf = (action: {
  responsibleUnitName: string | null;
  responsibleOrganisation: string | null;
  responsiblePerson: string;
}): string =>
  [
    action.responsibleUnitName ? `${action.responsibleOrganisation} – ${action.responsibleUnitName}` : '',
    action.responsiblePerson,
  ]
    .filter(Boolean)
    .join(', ');

/** Which sections differ between two versions; every section when there was none before. */
export function changedSections(previous: MinutesSnapshot | undefined, current: MinutesSnapshot): MinutesSection[] {
  if (previous === undefined) return [...MINUTES_SECTIONS];
  // Stored as jsonb, whose key order is not the one written: compare values, not strings.
  return MINUTES_SECTIONS.filter(
    (section) =>
      !isDeepStrictEqual(JSON.parse(JSON.stringify(previous[section])), JSON.parse(JSON.stringify(current[section]))),
  );
}

/** Whether there is anything to publish: something discussed, a case, a question or an action. */
export const hasContent = (snapshot: MinutesSnapshot): boolean =>
  snapshot.discussion !== '' ||
  snapshot.caseSummary !== '' ||
  snapshot.nextQuestions !== '' ||
  snapshot.actions.length > 0;

/** The follow-up agenda item's description: one line per open action ("what – who – by when"). */
export function followUpLines(actions: { what: string; responsible: string; dueText: string | null }[]): string {
  return actions.map((a) => ['• ' + a.what, a.responsible, a.dueText].filter(Boolean).join(' – ')).join('\n');
}
