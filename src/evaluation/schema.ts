import { z } from 'zod';
import { optionalText } from '../kernel/fields';
import { topicWishLines } from './queries';

export const MAX_TOPIC_WISHES = 10;
export const MAX_TOPIC_WISH_LENGTH = 200;

/** The token in /evaluation/:token: what newSecretToken(24) makes. Anything else is a 404. */
export const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{32}$/) });

const yesNo = () => z.enum(['yes', 'no'], { error: 'evaluation.errors.yesNo' }).transform((value) => value === 'yes');

const score = (message: string) => z.enum(['1', '2', '3', '4', '5'], { error: message }).transform(Number);

const answers = z.object({
  usefulness: score('evaluation.errors.usefulness'),
  topicRelevant: yesNo(),
  enoughExchange: yesNo(),
  whatWorked: optionalText(2000),
  whatToChange: optionalText(2000),
  topicWishes: optionalText(2000)
    .refine(
      (text) => topicWishLines(text).every((line) => line.length <= MAX_TOPIC_WISH_LENGTH),
      'evaluation.errors.wishTooLong',
    )
    .refine((text) => topicWishLines(text).length <= MAX_TOPIC_WISHES, 'evaluation.errors.tooManyWishes'),
});

/** The evaluation's form; a gathering with an aim is also asked whether it met it (1–5, with an optional comment). */
export const evaluationForm = (hasAim: boolean) =>
  hasAim
    ? answers.extend({ aimMet: score('evaluation.errors.aimMet'), aimComment: optionalText(2000) })
    : answers.transform((form) => ({ ...form, aimMet: null, aimComment: '' }));

export type EvaluationForm = z.infer<ReturnType<typeof evaluationForm>>;
