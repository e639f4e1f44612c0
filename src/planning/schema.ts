import { DUTIES } from './dutyTypes';
import { z } from 'zod';
import { FORMATS } from '../gatherings/model';
import { checkbox, choice, clockTime, date, id, optionalText, requiredText, version, yearForm } from '../kernel/fields';

/** Proposing a year's plan, with or without a joint fagdag. */
export const proposeForm = yearForm.extend({ withFagdag: checkbox() });

export const swapForm = z.object({
  first: id(),
  second: id(),
  duty: choice(DUTIES),
  year: yearForm.shape.year,
});

const weekday = z.coerce.number().int().min(1).max(5);
const blockedPeriod = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

/** Blocked periods, one per line: "2027-02-22 2027-02-26" (from and to, inclusive). */
const blockedPeriods = optionalText(2000).transform((text, ctx) => {
  const periods = [];
  for (const line of text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const parsed = blockedPeriod.safeParse(
      Object.fromEntries([
        ['from', line.split(/\s+/)[0]],
        ['to', line.split(/\s+/)[1] ?? line.split(/\s+/)[0]],
      ]),
    );
    if (
      !parsed.success ||
      parsed.data.to < parsed.data.from ||
      Number.isNaN(Date.parse(parsed.data.from)) ||
      Number.isNaN(Date.parse(parsed.data.to))
    ) {
      ctx.addIssue({ code: 'custom', message: 'planning.errors.blockedPeriods' });
      return z.NEVER;
    }
    periods.push(parsed.data);
  }
  return periods;
});

export const settingsForm = z
  .object({
    gatheringsPerYear: z.coerce
      .number({ error: 'planning.errors.count' })
      .int('planning.errors.count')
      .min(1, 'planning.errors.count')
      .max(12, 'planning.errors.count'),
    preferredWeekdays: z.preprocess(
      (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
      z.array(weekday).min(1, 'planning.errors.weekdays').max(5),
    ),
    startTime: clockTime(),
    endTime: clockTime(),
    otherFormat: choice(FORMATS),
    presentersPerGathering: z.coerce
      .number({ error: 'errors.choice' })
      .int()
      .min(1, 'errors.choice')
      .max(4, 'errors.choice'),
    minExchangePercent: z.coerce
      .number({ error: 'planning.errors.percent' })
      .int('planning.errors.percent')
      .min(0, 'planning.errors.percent')
      .max(100, 'planning.errors.percent'),
    agendaDueDays: z.coerce
      .number({ error: 'planning.errors.dueDays' })
      .int('planning.errors.dueDays')
      .min(0, 'planning.errors.dueDays')
      .max(90, 'planning.errors.dueDays'),
    evaluationDays: z.coerce
      .number({ error: 'planning.errors.evaluationDays' })
      .int('planning.errors.evaluationDays')
      .min(1, 'planning.errors.evaluationDays')
      .max(90, 'planning.errors.evaluationDays'),
    preparationReminderDays: z.coerce
      .number({ error: 'planning.errors.preparationDays' })
      .int('planning.errors.preparationDays')
      .min(1, 'planning.errors.preparationDays')
      .max(90, 'planning.errors.preparationDays'),
    participantReminderDays: z.coerce
      .number({ error: 'planning.errors.participantDays' })
      .int('planning.errors.participantDays')
      .min(1, 'planning.errors.participantDays')
      .max(14, 'planning.errors.participantDays'),
    blockedPeriods,
    version: version(),
  })
  .superRefine((form, ctx) => {
    if (form.endTime <= form.startTime)
      ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'planning.errors.endBeforeStart' });
  });

/** A joint extended fagdag KORUS sets up for several of a region's networks. */
export const fagdagForm = z
  .object({
    date: date(),
    startTime: clockTime(),
    endTime: clockTime(),
    topic: requiredText(200),
    venue: requiredText(300),
    hostUnitId: z
      .union([z.literal('').transform(() => null), id()])
      .optional()
      .default(null),
    networkIds: z.preprocess(
      (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
      z.array(id()).min(2, 'planning.region.errors.networks').max(50),
    ),
  })
  .superRefine((form, ctx) => {
    if (form.endTime <= form.startTime)
      ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'planning.errors.endBeforeStart' });
  });
