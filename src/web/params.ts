import type { Request, Router } from 'express';
import type { Actor } from '../accounts/actor';
import { authorize } from '../accounts/policy';
import { recordAudit, type AuditContext } from '../audit/record';
import type { Db } from '../db/knex';
import { setArchived } from '../db/versioned';
import { actorOf } from './auth';
import { NotFoundError } from '../kernel/errors';
import { idParams } from '../kernel/fields';

/** Loads the record named by the route's :id, or answers 404 (also for ids that are not numbers). */
export async function loadById<T>(params: unknown, find: (id: number) => Promise<T | undefined>): Promise<T> {
  const parsed = idParams.safeParse(params);
  const record = parsed.success ? await find(parsed.data.id) : undefined;
  if (!record) throw new NotFoundError('not found');
  return record;
}

/** Who did it and in which request: attached to every audit entry. */
export function auditContext(req: Request): AuditContext {
  return { actorId: req.actor?.id, actorName: req.actor?.name, requestId: String(req.id) };
}

/** POST {path}/:id/archive and /restore: authorised, audited, then back to the record's page. */
export function addArchiveRoutes<T extends { id: number }>(
  router: Router,
  db: Db,
  options: {
    path: string;
    table: string;
    find: (id: number) => Promise<T | undefined>;
    allowed: (actor: Actor, record: T) => boolean;
    regionOf: (record: T) => number;
  },
): void {
  for (const [action, archived] of [
    ['archive', true],
    ['restore', false],
  ] as const) {
    router.post(`${options.path}/:id/${action}`, async (req, res) => {
      const record = await loadById(req.params, options.find);
      authorize(options.allowed(actorOf(req), record));
      await db.transaction(async (trx) => {
        await setArchived(trx, options.table, record.id, archived);
        await recordAudit(trx, auditContext(req), {
          action,
          entityType: options.table,
          entityId: record.id,
          regionId: options.regionOf(record),
          before: { archived: !archived },
          after: { archived },
        });
      });
      res.locals.setFlash(archived ? 'common.archivedMessage' : 'common.restoredMessage');
      res.redirect(303, `${options.path}/${record.id}`);
    });
  }
}
