import { recordAudit, type AuditContext } from '../audit/record';
import type { Db } from '../db/knex';
import type { Gathering } from '../gatherings/queries';
import { scheduleGatheringUpdate } from '../invitations/updates';
import { templateAgenda, type ItemKind, type TemplateItem } from './checks';
import { addItem, agendaItems, publishVersion } from './queries';
import type { AgendaSnapshot } from './snapshot';

/**
 * Fills an empty agenda from the network's template (or the default); an agenda with items is
 * left as it is. An item without a title gets its kind's name (`kindName`).
 */
export async function startFromTemplate(
  trx: Db,
  audit: AuditContext,
  input: {
    gathering: Gathering;
    regionId: number;
    times: { startTime: string; endTime: string };
    template: TemplateItem[] | null;
    kindName: (kind: ItemKind) => string;
  },
): Promise<void> {
  const { gathering } = input;
  if ((await agendaItems(trx, gathering.id)).length > 0) return;
  const items = templateAgenda({
    startTime: input.times.startTime,
    endTime: input.times.endTime,
    template: input.template,
    presenterUnitIds: gathering.presenterUnitIds,
    hostUnitId: gathering.hostUnitId,
    caseUnitId: gathering.caseUnitId,
  });
  for (const item of items) {
    // biome-ignore lint/performance/noAwaitInLoops: a transaction runs its queries one after the other; a template has a handful of items
    await addItem(trx, gathering.id, { ...item, title: item.title || input.kindName(item.kind), description: '' });
  }
  await recordAudit(trx, audit, {
    action: 'agendaFromTemplate',
    entityType: 'gatherings',
    entityId: gathering.id,
    regionId: input.regionId,
  });
}

/**
 * Publishes the agenda as its next version. The published agenda goes out with the updated
 * invitation (after `updateDelayMinutes`); the version bump marks the gathering as changed.
 */
export async function publishAgenda(
  trx: Db,
  audit: AuditContext,
  input: { gatheringId: number; regionId: number; snapshot: AgendaSnapshot; publishedBy: number },
  updateDelayMinutes: number,
): Promise<number> {
  const published = await publishVersion(trx, input.gatheringId, input.snapshot, input.publishedBy);
  await trx('gatherings')
    .where({ id: input.gatheringId })
    .update({ version: trx.raw('version + 1'), updated_at: trx.fn.now() });
  await scheduleGatheringUpdate(trx, input.gatheringId, updateDelayMinutes);
  await recordAudit(trx, audit, {
    action: 'publishAgenda',
    entityType: 'gatherings',
    entityId: input.gatheringId,
    regionId: input.regionId,
    after: { version: published },
  });
  return published;
}
