import { z } from 'zod';
import {
  checkbox,
  clockTime,
  date,
  email,
  id,
  optionalLine,
  optionalText,
  requiredText,
  version,
} from '../kernel/fields';

export const MAX_QUESTIONS = 5;

/** KORUS's questions, one per line (at most five, each one line of up to 200 characters). */
const questions = optionalText(1200).transform((text, ctx) => {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length > MAX_QUESTIONS || lines.some((line) => line.length > 200)) {
    ctx.addIssue({ code: 'custom', message: 'registration.errors.questions' });
    return z.NEVER;
  }
  return lines;
});

/** The registration settings of a fagdag (`/gatherings/:id/registration`). */
export const settingsForm = z.object({
  open: checkbox(),
  capacity: z.coerce
    .number({ error: 'registration.errors.capacity' })
    .int('registration.errors.capacity')
    .min(1, 'registration.errors.capacity')
    .max(10000, 'registration.errors.capacity'),
  deadlineDate: date(),
  deadlineTime: clockTime(),
  openToOutsiders: checkbox(),
  questions,
  version: version().optional(),
});
export type SettingsForm = z.infer<typeof settingsForm>;

const answer = optionalLine(300);

/** The public registration form. The honeypot (`website`) is read before this schema. */
export const registrationForm = z.object({
  name: requiredText(120),
  email: email(),
  organisation: requiredText(160),
  profession: optionalLine(120),
  answer0: answer,
  answer1: answer,
  answer2: answer,
  answer3: answer,
  answer4: answer,
});
export type RegistrationForm = z.infer<typeof registrationForm>;

export const answersOf = (form: RegistrationForm) => [
  form.answer0,
  form.answer1,
  form.answer2,
  form.answer3,
  form.answer4,
];

/** A public link's slug or a cancel link's token: URL-safe characters only; anything else is a 404. */
export const slugParams = z.object({ slug: z.string().regex(/^[A-Za-z0-9_-]{10,64}$/) });
export const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/) });

/** Registrants marked present (checked boxes: none, one or several). */
export const attendanceForm = z.object({
  present: z.preprocess(
    (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
    z.array(id()).max(5000, 'errors.invalid'),
  ),
});
