import { NotFoundError } from './errors';
import { idParams } from './fields';

/** Loads the record named by the route's :id, or answers 404 (also for ids that are not numbers). */
export async function loadById<T>(params: unknown, find: (id: number) => Promise<T | undefined>): Promise<T> {
  const parsed = idParams.safeParse(params);
  const record = parsed.success ? await find(parsed.data.id) : undefined;
  if (!record) throw new NotFoundError('not found');
  return record;
}
