import { z } from 'zod';
import { optionalText } from '../kernel/fields';
import { topicWishLines } from './queries';

export const MAX_TOPIC_WISHES = 10;
export const MAX_TOPIC_WISH_LENGTH = 200;

/** The token in /evaluation/:token: what newSecretToken(24) makes. Anything else is a 404. */
export const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{32}$/) });

const yesNo = () => z.enum(['yes', 'no'], { error: 'evaluation.errors.yesNo' }).transform((value) => value === 'yes');

export const evaluationForm = z.object({
  usefulness: z.enum(['1', '2', '3', '4', '5'], { error: 'evaluation.errors.usefulness' }).transform(Number),
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

export type EvaluationForm = z.infer<typeof evaluationForm>;
