import { z } from 'zod';
import { PROFESSIONS } from '../participants/schema';
import { SERVICE_TYPES } from '../units/serviceTypes';
import { choice, id, optionalEmail, optionalLine, requiredText } from '../kernel/fields';

/** Checked boxes: none sends nothing, one sends a string, several send a list. */
export const attendanceForm = z.object({
  present: z.preprocess(
    (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
    z.array(id()).max(5000, 'errors.invalid'),
  ),
});

export const guestForm = z.object({
  name: requiredText(120),
  unitName: requiredText(160),
  profession: optionalLine(120),
  serviceType: z
    .union([z.literal('').transform(() => null), choice(SERVICE_TYPES)], { error: 'errors.choice' })
    .optional()
    .default(null),
});
export type GuestForm = z.infer<typeof guestForm>;

export const guestParams = z.object({ id: id(), guestId: id() });

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
