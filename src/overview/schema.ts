import { z } from 'zod';
import { id, yearOrThisYear } from '../kernel/fields';

const optionalId = () => id().optional().catch(undefined);

/** The overview's filters, from the query string: a bad value is ignored, never an error. */
export const overviewQuery = z.object({
  year: yearOrThisYear(),
  region: optionalId(),
  sector: optionalId(),
  kind: z.enum(['local', 'learning']).optional().catch(undefined),
});
export type OverviewQuery = z.infer<typeof overviewQuery>;

export const figuresQuery = z.object({
  year: yearOrThisYear(),
});
