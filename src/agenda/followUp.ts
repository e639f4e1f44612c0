import type { Db } from '../db/knex';
import type { Gathering } from '../gatherings/queries';
import { formatDate } from '../kernel/dates';
import type { Language } from '../kernel/i18n';
import { openActionsOfNetwork } from '../minutes/queries';
import { followUpLines, responsibleOf } from '../minutes/snapshot';
import { addItem } from './queries';

/** Open actions from the network's earlier gatherings' published minutes, as the builder proposes them. */
export async function openActionsBefore(db: Db, networkId: number, gathering: Gathering) {
  return (await openActionsOfNetwork(db, networkId, gathering.startsAt)).map((a) => ({
    ...a,
    responsible: responsibleOf(a),
  }));
}

/**
 * Adds the item "Oppfølging fra forrige samling" listing the open actions (what – who – by when);
 * false when there are none to follow up.
 */
export async function addFollowUpItem(
  trx: Db,
  input: { networkId: number; gathering: Gathering; title: string; language: Language },
): Promise<boolean> {
  const actions = await openActionsBefore(trx, input.networkId, input.gathering);
  if (actions.length === 0) return false;
  const description = followUpLines(
    actions.map((a) => ({
      what: a.what,
      responsible: a.responsible,
      dueText: a.dueOn ? formatDate(a.dueOn, input.language) : null,
    })),
  ).slice(0, 2000);
  await addItem(trx, input.gathering.id, {
    kind: 'other',
    title: input.title,
    description,
    durationMinutes: Math.min(30, 5 + 5 * actions.length),
    responsibleUnitId: null,
    responsiblePerson: '',
    anonymisedConfirmed: false,
  });
  return true;
}
