import type { Request } from 'express';
import type { Db } from '../db/knex';
import type { Changes } from './references';

export interface AuditContext {
  actorId?: number;
  actorName?: string;
  requestId?: string;
}

/** The fields of `after` whose value differs from `before`, with both values. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): Changes {
  const changes: Changes = {};
  for (const [field, value] of Object.entries(after)) {
    if (field === 'version') continue;
    const previous = before[field];
    if (JSON.stringify(previous ?? null) !== JSON.stringify(value ?? null))
      changes[field] = { before: previous ?? null, after: value ?? null };
  }
  return changes;
}

/**
 * Writes one audit entry, in the same transaction as the change it describes. `about` names what
 * the entry concerns without being changed by it (the member whose role changed): each value is
 * stored with itself as before and after, so it is kept although it did not change.
 */
export async function recordAudit(
  db: Db,
  context: AuditContext,
  entry: {
    action: string;
    entityType: string;
    entityId?: number;
    regionId?: number;
    before?: Record<string, unknown>;
    after?: Record<string, unknown>;
    about?: Record<string, unknown>;
  },
): Promise<void> {
  const about = Object.fromEntries(
    Object.entries(entry.about ?? {}).map(([field, value]) => [field, { before: value, after: value }]),
  );
  await db('audit_log').insert({
    actor_id: context.actorId ?? null,
    actor_name: context.actorName ?? '',
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId ?? null,
    region_id: entry.regionId ?? null,
    changes: JSON.stringify({ ...about, ...changedFields(entry.before ?? {}, entry.after ?? {}) }),
    request_id: context.requestId ?? null,
  });
}

/** Who did it and in which request: attached to every audit entry. */
export function auditContext(req: Request): AuditContext {
  return { actorId: req.actor?.id, actorName: req.actor?.name, requestId: String(req.id) };
}
