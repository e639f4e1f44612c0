import { z } from 'zod';
import { checkbox, choice, id, optionalLine, optionalText, requiredText } from '../kernel/fields';
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

/** How many rows the template form offers; blank rows are left out. */
export const TEMPLATE_ROWS = 12;
const listOf = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** The template form's rows as posted (parallel lists kind[], title[], percent[]), blank rows included. */
export function postedTemplateRows(body: unknown): { kind: unknown; title: unknown; percent: unknown }[] {
  const form = (body ?? {}) as Record<string, unknown>;
  const [titles, percents] = [listOf(form.title), listOf(form.percent)];
  return listOf(form.kind).map((kind, i) => ({ kind, title: titles[i] ?? '', percent: percents[i] ?? '' }));
}

/**
 * A network's agenda template as posted: parallel lists kind[], title[], percent[] (one per row,
 * blank rows dropped). Exactly one exchange item, which takes the time the others leave.
 */
export const templateForm = z.preprocess(
  (body) => ({ items: postedTemplateRows(body).filter((row) => row.kind !== '') }),
  z
    .object({
      items: z
        .array(
          z.object({
            kind: choice(ITEM_KINDS),
            title: optionalLine(200),
            // Blank for the exchange item, which takes the rest.
            percent: z.preprocess(
              (value) => (value === '' ? 0 : value),
              z.coerce
                .number({ error: 'agenda.template.errors.percent' })
                .int('agenda.template.errors.percent')
                .min(0, 'agenda.template.errors.percent')
                .max(80, 'agenda.template.errors.percent'),
            ),
          }),
        )
        .min(1, 'agenda.template.errors.empty')
        .max(TEMPLATE_ROWS),
    })
    .superRefine((form, ctx) => {
      if (form.items.filter((item) => item.kind === 'exchange').length !== 1)
        ctx.addIssue({ code: 'custom', path: ['items'], message: 'agenda.template.errors.exchange' });
      if (form.items.some((item) => item.kind !== 'exchange' && item.percent === 0))
        ctx.addIssue({ code: 'custom', path: ['items'], message: 'agenda.template.errors.percent' });
    }),
);
