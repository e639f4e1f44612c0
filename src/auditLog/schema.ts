import { z } from 'zod';
import { date, id, page, searchText } from '../kernel/fields';

export const ENTITY_TYPES = [
  'regions',
  'sectors',
  'networks',
  'units',
  'participants',
  'gatherings',
  'sector_indicators',
  'overview',
] as const;

export const auditQuery = z.object({
  regionId: id().optional().catch(undefined),
  entityType: z.enum(ENTITY_TYPES).optional().catch(undefined),
  gathering: id().optional().catch(undefined),
  actor: searchText().transform((text) => text || undefined),
  from: date().optional().catch(undefined),
  to: date().optional().catch(undefined),
  page: page(),
});
export type AuditQuery = z.infer<typeof auditQuery>;
