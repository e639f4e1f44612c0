import { currentUnits, planningUnits } from '../networks/members';
import { toPlanGathering } from '../gatherings/model';
import type { Request, Response } from 'express';
import type { Db } from '../db/knex';
import { gatheringBreadcrumbs } from '../gatherings/breadcrumbs';
import type { Gathering } from '../gatherings/queries';
import type { Network } from '../networks/queries';
import { formatDate, todayInOslo } from '../kernel/dates';
import type { FormErrors } from '../web/forms';
import { checkAgenda, ITEM_KINDS, schedule, type AgendaItem } from './checks';
import { agendaItems, agendaSettings, agendaVersions, topicChoices } from './queries';
import { agendaSnapshot, changedSincePublished, type ItemToPublish } from './snapshot';
import { suggestedOrder } from './topics';
import { openActionsBefore } from './followUp';

/** The gathering's times today (the plan's view of it). */
export const timesOf = (gathering: Gathering) => toPlanGathering(gathering, todayInOslo());

/** The agenda's checks at the gathering's times and topic. */
export const issuesOf = (gathering: Gathering, items: AgendaItem[], minExchangePercent: number) => {
  const { startTime, endTime } = timesOf(gathering);
  return checkAgenda({ items, startTime, endTime, minExchangePercent, topic: gathering.topic });
};

/** The agenda as a version would hold it now. */
export const snapshotOf = (gathering: Gathering, items: ItemToPublish[], res: Response) =>
  agendaSnapshot({ topic: gathering.topic, ...timesOf(gathering) }, items, res.locals.t('agenda.nobody'));

/** The choices of an item's form: its kinds and the network's current units. */
export async function itemChoices(db: Db, res: Response, network: Network) {
  const units = currentUnits(await planningUnits(db, network.id), todayInOslo());
  return {
    kindOptions: ITEM_KINDS.map((kind) => ({ value: kind, label: res.locals.t(`agenda.kinds.${kind}`) })),
    unitOptions: units.map((u) => ({ value: u.id, label: `${u.organisation} – ${u.name}` })),
  };
}

/** The agenda builder (`agenda/builder`): items with their times and problems, topic, versions. */
export async function renderBuilder(
  db: Db,
  req: Request,
  res: Response,
  page: { gathering: Gathering; network: Network },
  status = 200,
  values: Record<string, unknown> = {},
  errors: FormErrors = {},
) {
  const { gathering, network } = page;
  const t = res.locals.t;
  const p = timesOf(gathering);
  const [items, versions, settings, choices, topics, openActions] = await Promise.all([
    agendaItems(db, gathering.id),
    agendaVersions(db, gathering.id),
    agendaSettings(db, network.id),
    itemChoices(db, res, network),
    topicChoices(db, network.id, network.regionId, gathering),
    openActionsBefore(db, network.id, gathering),
  ]);
  const followUpTitle = t('minutes.followUp.title');
  const issues = issuesOf(gathering, items, settings.minExchangePercent);
  const latest = versions[0];
  res.status(status).render('agenda/builder', {
    title: t('agenda.title', { date: formatDate(gathering.startsAt, res.locals.lang) }),
    gathering,
    network,
    plan: p,
    items: schedule(p.startTime, items).map((item, index) => ({
      ...item,
      first: index === 0,
      last: index === items.length - 1,
      issues: issues.filter((i) => i.index === index).map((i) => t(`agenda.issues.${i.code}`, i.params)),
    })),
    // Every problem in one list before the publish button; item problems also show at their item.
    generalIssues: issues.map((i) => ({ text: t(`agenda.issues.${i.code}`, i.params), blocking: i.blocking })),
    blocking: issues.some((i) => i.blocking),
    latest,
    changedSincePublished: changedSincePublished(latest?.snapshot, snapshotOf(gathering, items, res)),
    versions,
    // Proposed while earlier minutes have open actions and the agenda has no follow-up item yet.
    followUp: items.some((i) => i.title === followUpTitle) ? [] : openActions,
    ...choices,
    topicOptions: suggestedOrder(topics).map((topic) => ({
      value: topic.id,
      label: topic.coveredAt
        ? t('agenda.topicCovered', { title: topic.title })
        : topic.usedInRegion > 0
          ? t('agenda.topicPopular', { title: topic.title, count: topic.usedInRegion })
          : topic.title,
    })),
    values,
    errors,
    breadcrumbs: gatheringBreadcrumbs(req, res, gathering, network),
  });
}
