import type { Router } from 'express';
import type { Actor } from '../access/actor';
import { actorOf } from '../access/auth';
import { authorize } from '../access/policy';
import { auditContext, recordAudit } from '../audit/record';
import type { Db } from '../db/knex';
import { setArchived } from '../db/versioned';
import { loadById } from '../kernel/params';

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
