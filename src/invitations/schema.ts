import { z } from 'zod';
import { yearForm } from '../planning/schema';
import { id } from '../kernel/fields';

/** Sending a year's invitations, or only one gathering's. */
export const sendForm = yearForm.extend({ gatheringId: id().optional() });

export const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{32}$/) });
const ANSWERS = ['yes', 'maybe', 'no'] as const;
export const answerForm = z.object({ answer: z.enum(ANSWERS) });
/** A link from the email suggests an answer; anything else suggests none. */
export const answerQuery = z.object({ answer: z.enum(ANSWERS).optional().catch(undefined) });
