import { z } from 'zod';
import {
  checkbox,
  choice,
  clockTime,
  date,
  id,
  optionalLine,
  optionalText,
  optionalUrl,
  version,
} from '../kernel/fields';
import { FORMATS, GATHERING_KINDS } from './model';

export const gatheringForm = z
  .object({
    date: date(),
    startTime: clockTime(),
    endTime: clockTime(),
    format: choice(FORMATS),
    kind: choice(GATHERING_KINDS),
    venue: optionalLine(300),
    meetingUrl: optionalUrl(500),
    topic: optionalLine(200),
    aim: optionalLine(300),
    version: version(),
  })
  .superRefine((form, ctx) => {
    if (form.endTime <= form.startTime)
      ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'planning.errors.endBeforeStart' });
  });

export type GatheringForm = z.infer<typeof gatheringForm>;

/** Duties by hand: a host (none for digital), presenting units, the unit bringing the case, and whether to lock them. */
export const dutiesForm = z.object({
  hostUnitId: z
    .union([z.literal('').transform(() => null), id()])
    .optional()
    .default(null),
  presenterUnitIds: z.preprocess(
    (value) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]),
    z.array(id()).max(4, 'planning.errors.tooManyPresenters'),
  ),
  caseUnitId: z
    .union([z.literal('').transform(() => null), id()])
    .optional()
    .default(null),
  lockHost: checkbox(),
  lockPresenters: checkbox(),
  lockCase: checkbox(),
  version: version(),
});

/** Cancelling an accepted gathering: confirmed on its own page, with a message for those invited. */
export const cancelForm = z.object({
  confirm: z.literal('yes').optional(),
  message: optionalText(1000),
});
