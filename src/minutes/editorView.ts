import type { Request, Response } from 'express';
import type { Db } from '../db/knex';
import { gatheringBreadcrumbs } from '../gatherings/breadcrumbs';
import type { Gathering } from '../gatherings/queries';
import { formatDate, formatMonthYear, osloDate, todayInOslo } from '../kernel/dates';
import { currentUnits, networkMembers, planningUnits } from '../networks/members';
import type { Network } from '../networks/queries';
import type { FormErrors } from '../web/forms';
import { nextNoteTaker } from './noteTaker';
import { minutesActions, minutesVersions, type Minutes, noteTakerHistory, type StoredAction } from './queries';
import { changedSections, responsibleOf, type MinutesSnapshot } from './snapshot';

/** The minutes as a version would hold them now. */
export const snapshotOf = (minutes: Minutes, actions: StoredAction[]): MinutesSnapshot => ({
  discussion: minutes.discussion,
  caseSummary: minutes.caseSummary,
  nextQuestions: minutes.nextQuestions,
  noteTaker: minutes.noteTakerName ?? '',
  actions: actions.map((a) => ({
    what: a.what,
    responsible: responsibleOf(a),
    dueOn: a.dueOn,
    closed: a.closedAt !== null,
  })),
});

/** The network's current units an action can be given to. */
export async function unitOptions(db: Db, networkId: number) {
  return currentUnits(await planningUnits(db, networkId), todayInOslo()).map((u) => ({
    value: u.id,
    label: `${u.organisation} – ${u.name}`,
  }));
}

/** The minutes page (`minutes/edit`): the text, the note-taker, the actions, publishing and the versions. */
export async function renderEditor(
  db: Db,
  req: Request,
  res: Response,
  page: { gathering: Gathering; network: Network; minutes: Minutes; may: { write: boolean; lead: boolean } },
  status = 200,
  posted: { form: 'text' | 'action'; values: Record<string, unknown> } | undefined = undefined,
  errors: FormErrors = {},
) {
  const { gathering, network, minutes } = page;
  const [actions, versions, units, members, history] = await Promise.all([
    minutesActions(db, gathering.id),
    minutesVersions(db, gathering.id),
    unitOptions(db, network.id),
    page.may.lead ? networkMembers(db, network.id, 'current') : Promise.resolve([]),
    page.may.lead && minutes.noteTakerId === null ? noteTakerHistory(db, network.id) : Promise.resolve([]),
  ]);
  // No note-taker yet: the one whose turn it is is proposed, with why.
  const proposal =
    page.may.lead && minutes.noteTakerId === null
      ? nextNoteTaker(
          members.map((m) => ({ participantId: m.participantId, isLeader: m.role === 'leader', joinedOn: m.startsOn })),
          history,
          osloDate(gathering.startsAt),
        )
      : undefined;
  const proposedName = members.find((m) => m.participantId === proposal?.participantId)?.name;
  const latest = versions[0];
  const snapshot = snapshotOf(minutes, actions);
  res.status(status).render('minutes/edit', {
    title: res.locals.t('minutes.title', { date: formatDate(gathering.startsAt, res.locals.lang) }),
    gathering,
    network,
    minutes,
    may: page.may,
    // A refused form keeps its input; the other forms show what is stored.
    values:
      posted?.form === 'text'
        ? posted.values
        : { ...minutes, caseAnonymisedConfirmed: minutes.caseAnonymisedConfirmed ? 'on' : undefined },
    actionValues: posted?.form === 'action' ? posted.values : {},
    errors,
    actions: actions.map((a) => ({ ...a, responsible: responsibleOf(a) })),
    unitOptions: units,
    memberOptions: members.map((m) => ({ value: m.participantId, label: m.name })),
    noteTakerValue: minutes.noteTakerId ?? proposal?.participantId,
    proposal:
      proposal && proposedName
        ? res.locals.t(proposal.lastDate ? 'minutes.proposedNoteTaker' : 'minutes.proposedNoteTakerNever', {
            name: proposedName,
            last: proposal.lastDate ? formatMonthYear(proposal.lastDate, res.locals.lang) : undefined,
            count: proposal.turns,
          })
        : undefined,
    latest,
    changedSincePublished: latest !== undefined && changedSections(latest.snapshot, snapshot).length > 0,
    versions,
    breadcrumbs: gatheringBreadcrumbs(req, res, gathering, network),
  });
}
