import { z } from 'zod';
import { yearForm } from '../kernel/fields';
import { choice, id, optionalEmail, optionalLine } from '../kernel/fields';
import { PROFESSIONS } from '../participants/schema';

/** Sending a year's invitations, or only one gathering's. */
export const sendForm = yearForm.extend({ gatheringId: id().optional() });

export const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{32}$/) });
const ANSWERS = ['yes', 'maybe', 'no'] as const;
export const answerForm = z.object({ answer: z.enum(ANSWERS) });
/** A link from the email suggests an answer; anything else suggests none. */
export const answerQuery = z.object({ answer: z.enum(ANSWERS).optional().catch(undefined) });

/**
 * Naming a stand-in: an existing colleague of the same unit, or a new person by name and email.
 * Choosing someone wins over the name fields.
 */
const standInFields = z.object({
  participantId: z.union([z.literal('').transform(() => undefined), id()], { error: 'errors.choice' }).optional(),
  name: optionalLine(120),
  email: optionalEmail(),
  profession: z
    .union([z.literal('').transform(() => 'other' as const), choice(PROFESSIONS)], { error: 'errors.choice' })
    .optional()
    .default('other'),
});

function nameAndEmailUnlessChosen(form: z.infer<typeof standInFields>, ctx: z.RefinementCtx) {
  if (form.participantId !== undefined) return;
  if (!form.name) ctx.addIssue({ code: 'custom', path: ['name'], message: 'attendance.errors.standInMissing' });
  if (!form.email) ctx.addIssue({ code: 'custom', path: ['email'], message: 'attendance.errors.standInMissing' });
}

export const standInForm = standInFields.superRefine(nameAndEmailUnlessChosen);
export type StandInForm = z.infer<typeof standInForm>;

/** From an invitation's link: a colleague already registered in the unit, nothing else (only a leader registers a new person). */
export const colleagueStandInForm = z.object({ participantId: id('attendance.errors.standInChoice') });

/** The leader's stand-in form names the fixed participant too. */
export const leaderStandInForm = standInFields.extend({ forParticipantId: id() }).superRefine(nameAndEmailUnlessChosen);

export const standInQuery = z.object({ for: id().optional().catch(undefined) });
