// Agenda rules from seed 001: a clear agenda for every gathering, with enough time set aside
// for exchange of experience. Pure: items in, times and problems out.

export const ITEM_KINDS = [
  'welcome',
  'topicTalk',
  'casePresentation',
  'servicePresentation',
  'exchange',
  'break',
  'evaluation',
  'other',
] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export interface AgendaItem {
  kind: ItemKind;
  title: string;
  durationMinutes: number;
  responsibleUnitId: number | null;
  responsiblePerson: string;
  anonymisedConfirmed: boolean;
}

export type AgendaIssueCode =
  | 'empty'
  | 'overrun'
  | 'tooLittleExchange'
  | 'missingResponsible'
  | 'caseNotAnonymised'
  | 'topicMissing'
  | 'endsEarly';

export interface AgendaIssue {
  code: AgendaIssueCode;
  /** A blocking issue stops publishing. */
  blocking: boolean;
  index?: number;
  params: Record<string, string | number>;
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const timeOf = (minutes: number) =>
  `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Start and end of each item: times follow from the order and the durations. */
export function schedule<T extends { durationMinutes: number }>(
  startTime: string,
  items: T[],
): (T & { startTime: string; endTime: string })[] {
  let at = minutesOf(startTime);
  return items.map((item) => {
    const startsAt = at;
    at += item.durationMinutes;
    return { ...item, startTime: timeOf(startsAt), endTime: timeOf(at) };
  });
}

/**
 * A published agenda at the gathering's current times: a version keeps each item's duration and
 * order, so when the gathering moves, its items move with it (and the version need not change).
 */
export function retimed<S extends { startTime: string; endTime: string; items: { durationMinutes: number }[] }>(
  snapshot: S,
  startTime: string,
  endTime: string,
): S {
  return { ...snapshot, startTime, endTime, items: schedule(startTime, snapshot.items) };
}

const NEEDS_RESPONSIBLE: ItemKind[] = ['topicTalk', 'casePresentation', 'servicePresentation'];

export function checkAgenda(input: {
  items: AgendaItem[];
  startTime: string;
  endTime: string;
  minExchangePercent: number;
  topic: string;
}): AgendaIssue[] {
  const issues: AgendaIssue[] = [];
  const available = minutesOf(input.endTime) - minutesOf(input.startTime);
  const used = input.items.reduce((sum, item) => sum + item.durationMinutes, 0);
  if (!input.topic.trim()) issues.push({ code: 'topicMissing', blocking: true, params: {} });
  if (input.items.length === 0) {
    issues.push({ code: 'empty', blocking: true, params: {} });
    return issues;
  }
  if (used > available)
    issues.push({ code: 'overrun', blocking: true, params: { minutes: used - available, end: input.endTime } });
  else if (available - used >= 15)
    issues.push({ code: 'endsEarly', blocking: false, params: { minutes: available - used } });
  const exchange = input.items
    .filter((item) => item.kind === 'exchange')
    .reduce((sum, item) => sum + item.durationMinutes, 0);
  const needed = Math.ceil((available * input.minExchangePercent) / 100);
  if (exchange < needed)
    issues.push({
      code: 'tooLittleExchange',
      blocking: true,
      params: { minutes: exchange, needed, percent: input.minExchangePercent },
    });
  input.items.forEach((item, index) => {
    if (NEEDS_RESPONSIBLE.includes(item.kind) && item.responsibleUnitId === null)
      issues.push({ code: 'missingResponsible', blocking: true, index, params: { title: item.title } });
    if (item.kind === 'casePresentation' && !item.anonymisedConfirmed)
      issues.push({ code: 'caseNotAnonymised', blocking: true, index, params: { title: item.title } });
  });
  return issues;
}

/**
 * The network's default agenda shaped to the gathering's time window: welcome, topic talk,
 * case presentation, break, exchange of experience (the rest, at least the minimum share)
 * and evaluation, with the rotation's presenting and hosting units filled in.
 */
export function templateAgenda(input: {
  startTime: string;
  endTime: string;
  minExchangePercent: number;
  presenterUnitId: number | null;
  hostUnitId: number | null;
}): AgendaItem[] {
  const available = minutesOf(input.endTime) - minutesOf(input.startTime);
  const share = (fraction: number) => Math.max(5, Math.round((available * fraction) / 5) * 5);
  const fixed: AgendaItem[] = [
    {
      kind: 'welcome',
      title: '',
      durationMinutes: share(0.05),
      responsibleUnitId: input.hostUnitId,
      responsiblePerson: '',
      anonymisedConfirmed: false,
    },
    {
      kind: 'topicTalk',
      title: '',
      durationMinutes: share(0.22),
      responsibleUnitId: input.presenterUnitId,
      responsiblePerson: '',
      anonymisedConfirmed: false,
    },
    {
      kind: 'casePresentation',
      title: '',
      durationMinutes: share(0.17),
      responsibleUnitId: input.presenterUnitId,
      responsiblePerson: '',
      anonymisedConfirmed: false,
    },
    {
      kind: 'break',
      title: '',
      durationMinutes: share(0.08),
      responsibleUnitId: null,
      responsiblePerson: '',
      anonymisedConfirmed: false,
    },
  ];
  const evaluation: AgendaItem = {
    kind: 'evaluation',
    title: '',
    durationMinutes: share(0.06),
    responsibleUnitId: null,
    responsiblePerson: '',
    anonymisedConfirmed: false,
  };
  const rest = available - fixed.reduce((sum, item) => sum + item.durationMinutes, 0) - evaluation.durationMinutes;
  const exchange: AgendaItem = {
    kind: 'exchange',
    title: '',
    durationMinutes: Math.max(rest, 5),
    responsibleUnitId: null,
    responsiblePerson: '',
    anonymisedConfirmed: false,
  };
  return [...fixed, exchange, evaluation];
}
