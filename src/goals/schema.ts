import { z } from 'zod';
import { optionalLine, yearForm } from '../kernel/fields';

/** At most this many goals a network sets for a year. */
export const MAX_GOALS = 5;
export const GOAL_FIELDS = ['goal1', 'goal2', 'goal3', 'goal4', 'goal5'] as const;

/** A network's goals for a year: one line each, blanks dropped; `loaded` says which goals the form was read with. */
export const goalsForm = yearForm
  .extend({
    ...Object.fromEntries(GOAL_FIELDS.map((name) => [name, optionalLine(300)])),
    loaded: z.string().regex(/^[0-9a-f]{16}$/, 'errors.stale'),
  })
  .transform((form) => ({
    year: form.year,
    loaded: form.loaded,
    goals: GOAL_FIELDS.map((name) => (form as Record<string, unknown>)[name] as string).filter((goal) => goal !== ''),
  }));

export type GoalsForm = z.infer<typeof goalsForm>;
