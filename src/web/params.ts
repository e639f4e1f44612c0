import type { Router } from 'express';
import { idParams } from './fields';
import { NotFoundError } from './errors';

/** Loads the record named by the route's :id, or answers 404 (also for ids that are not numbers). */
export async function loadById<T>(params: unknown, find: (id: number) => Promise<T | undefined>): Promise<T> {
  const parsed = idParams.safeParse(params);
  const record = parsed.success ? await find(parsed.data.id) : undefined;
  if (!record) throw new NotFoundError('not found');
  return record;
}

/** POST {path}/:id/archive and /restore, redirecting back to the record's page. */
export function addArchiveRoutes(
  router: Router,
  path: string,
  find: (id: number) => Promise<{ id: number } | undefined>,
  setArchived: (id: number, archived: boolean) => Promise<unknown>,
): void {
  for (const [action, archived] of [['archive', true], ['restore', false]] as const) {
    router.post(`${path}/:id/${action}`, async (req, res) => {
      const record = await loadById(req.params, find);
      await setArchived(record.id, archived);
      res.locals.setFlash(archived ? 'common.archivedMessage' : 'common.restoredMessage');
      res.redirect(303, `${path}/${record.id}`);
    });
  }
}
