import { z } from 'zod';
import { checkbox, choice, id, optionalLine, optionalText, requiredText } from '../web/fields';
import { ITEM_KINDS } from './checks';

export const itemForm = z.object({
  kind: choice(ITEM_KINDS),
  title: requiredText(200),
  description: optionalText(2000),
  durationMinutes: z.coerce
    .number({ error: 'agenda.errors.duration' })
    .int('agenda.errors.duration')
    .min(1, 'agenda.errors.duration')
    .max(600, 'agenda.errors.duration'),
  responsibleUnitId: z
    .union([z.literal('').transform(() => null), id()])
    .optional()
    .default(null),
  responsiblePerson: optionalLine(120),
  anonymisedConfirmed: checkbox(),
});

export const moveForm = z.object({ direction: choice(['up', 'down'] as const) });

/** Either a topic from the bank, or a new one (kept for the network, or shared with the region). */
export const topicForm = z
  .object({
    topicId: z
      .union([z.literal('').transform(() => null), id()])
      .optional()
      .default(null),
    newTopic: optionalLine(200),
    shareWithRegion: checkbox(),
  })
  .superRefine((form, ctx) => {
    if (!form.topicId && !form.newTopic)
      ctx.addIssue({ code: 'custom', path: ['topicId'], message: 'agenda.errors.topic' });
  });

export const itemParams = z.object({
  id: id(),
  itemId: id(),
});
export const versionParams = z.object({
  id: id(),
  version: z.coerce.number().int().positive().max(100_000),
});
