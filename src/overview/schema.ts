import { z } from 'zod';
import { currentYearInOslo } from '../kernel/dates';
import { id } from '../kernel/fields';

const optionalId = () => id().optional().catch(undefined);

/** The overview's filters, from the query string: a bad value is ignored, never an error. */
export const overviewQuery = z.object({
  year: z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .catch(() => currentYearInOslo()),
  region: optionalId(),
  sector: optionalId(),
  kind: z.enum(['local', 'learning']).optional().catch(undefined),
});
export type OverviewQuery = z.infer<typeof overviewQuery>;

export const figuresQuery = z.object({
  year: z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .catch(() => currentYearInOslo()),
});
