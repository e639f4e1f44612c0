// Agenda rules from the model (docs/domain.md, rules 4–5): a clear agenda for every gathering, with enough time set aside
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

/** One item of a network's agenda template: its kind, a title (blank: the kind's name) and its share of the time. */
export interface TemplateItem {
  kind: ItemKind;
  title: string;
  /** Percent of the gathering's time; the exchange item takes whatever the others leave. */
  percent: number;
}

/**
 * A template as saved: the exchange item's share is what the others leave (stored as 0), and the
 * others may leave no less than the network's minimum for exchange; `undefined` if they do.
 */
export function savedTemplate(items: TemplateItem[], minExchangePercent: number): TemplateItem[] | undefined {
  const others = items.filter((i) => i.kind !== 'exchange').reduce((sum, i) => sum + i.percent, 0);
  if (100 - others < minExchangePercent) return undefined;
  return items.map((i) => ({ ...i, percent: i.kind === 'exchange' ? 0 : i.percent }));
}

/**
 * The default template: welcome, topic talk, case presentation, a service presenting what it
 * offers, break, exchange of experience (the rest, at least the minimum share) and evaluation.
 */
export const DEFAULT_TEMPLATE: TemplateItem[] = [
  { kind: 'welcome', title: '', percent: 5 },
  { kind: 'topicTalk', title: '', percent: 20 },
  { kind: 'casePresentation', title: '', percent: 15 },
  { kind: 'servicePresentation', title: '', percent: 10 },
  { kind: 'break', title: '', percent: 8 },
  { kind: 'exchange', title: '', percent: 0 },
  { kind: 'evaluation', title: '', percent: 6 },
];

/**
 * Who answers for an item built from the template: the host welcomes, the presenting units
 * present, and the unit with the case duty brings the case (before the duty existed, the first
 * presenting unit did).
 */
function responsibleFor(
  kind: ItemKind,
  input: { presenterUnitIds: number[]; hostUnitId: number | null; caseUnitId?: number | null },
) {
  const [first = null, second = first] = input.presenterUnitIds;
  if (kind === 'welcome') return input.hostUnitId;
  if (kind === 'casePresentation') return input.caseUnitId ?? first;
  if (kind === 'topicTalk') return first;
  if (kind === 'servicePresentation') return second;
  return null;
}

/**
 * A network's template (or the default) shaped to the gathering's time window: each item gets
 * its share in whole five minutes (at least five), and the exchange item the rest, so the items
 * fill the window exactly when they fit; the rotation's host, presenting units and case unit are filled in.
 */
export function templateAgenda(input: {
  startTime: string;
  endTime: string;
  template?: TemplateItem[] | null;
  presenterUnitIds: number[];
  hostUnitId: number | null;
  caseUnitId?: number | null;
}): (AgendaItem & { title: string })[] {
  const template = input.template?.length ? input.template : DEFAULT_TEMPLATE;
  const available = minutesOf(input.endTime) - minutesOf(input.startTime);
  const share = (percent: number) => Math.max(5, Math.round((available * percent) / 500) * 5);
  const fixed = template.filter((item) => item.kind !== 'exchange').reduce((sum, item) => sum + share(item.percent), 0);
  return template.map((item) => ({
    kind: item.kind,
    title: item.title,
    durationMinutes: item.kind === 'exchange' ? Math.max(available - fixed, 5) : share(item.percent),
    responsibleUnitId: responsibleFor(item.kind, input),
    responsiblePerson: '',
    anonymisedConfirmed: false,
  }));
}
