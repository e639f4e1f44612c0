import { z } from 'zod';
import { checkbox, versionOrNew } from '../kernel/fields';

export const MAX_INDICATOR_COUNT = 1_000_000;
const COUNT_MESSAGE = 'overview.indicators.errors.count';

/** A blank field is "not reported" (null); otherwise a whole number 0–1,000,000. */
const optionalCount = () =>
  z.preprocess(
    (value) => (value === undefined ? '' : typeof value === 'string' ? value.trim().replace(/\s/g, '') : value),
    z.union(
      [
        z.literal('').transform(() => null),
        z
          .string({ error: COUNT_MESSAGE })
          .regex(/^\d{1,7}$/, COUNT_MESSAGE)
          .transform(Number)
          .refine((n) => n <= MAX_INDICATOR_COUNT, COUNT_MESSAGE),
      ],
      { error: COUNT_MESSAGE },
    ),
  );

export const indicatorForm = z.object({
  year: z.coerce
    .number({ error: 'errors.invalid' })
    .int('errors.invalid')
    .min(2000, 'errors.invalid')
    .max(2100, 'errors.invalid'),
  hasCollaborationArena: checkbox(),
  crisisPlanPatients: optionalCount(),
  factTeams: optionalCount(),
  /** 0 when the form was read before the sector had values for the year. */
  version: versionOrNew(),
});
export type IndicatorForm = z.infer<typeof indicatorForm>;
