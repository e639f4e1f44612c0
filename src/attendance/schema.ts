import { z } from 'zod';
import { SERVICE_TYPES } from '../units/serviceTypes';
import { choice, id, optionalLine, requiredText } from '../kernel/fields';

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
