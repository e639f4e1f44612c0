import { z } from 'zod';
import { checkbox, id, optionalDate, optionalLine, optionalText, requiredText, versionOrNew } from '../kernel/fields';

/** The minutes' own text. A case is kept only when its writer confirms it is anonymised. */
export const minutesForm = z
  .object({
    discussion: optionalText(10_000),
    caseSummary: optionalText(4000),
    caseAnonymisedConfirmed: checkbox(),
    nextQuestions: optionalText(4000),
    // 0 while the minutes have never been saved.
    version: versionOrNew(),
  })
  .superRefine((form, ctx) => {
    if (form.caseSummary !== '' && !form.caseAnonymisedConfirmed)
      ctx.addIssue({ code: 'custom', path: ['caseAnonymisedConfirmed'], message: 'minutes.errors.anonymised' });
  });

const optionalId = () =>
  z
    .union([z.literal('').transform(() => null), id()])
    .optional()
    .default(null);

/** The note-taker, chosen by the leader among the network's members; blank for none. */
export const noteTakerForm = z.object({ noteTakerId: optionalId() });

/** One agreed action: what, which unit and/or person, by when. */
export const actionForm = z
  .object({
    what: requiredText(300),
    responsibleUnitId: optionalId(),
    responsiblePerson: optionalLine(120),
    dueOn: optionalDate(),
  })
  .superRefine((form, ctx) => {
    if (form.responsibleUnitId === null && form.responsiblePerson === '')
      ctx.addIssue({ code: 'custom', path: ['responsibleUnitId'], message: 'minutes.errors.responsible' });
  });

/** Where closing an action returns to: the minutes or the network's page. */
export const closeForm = z.object({ back: z.enum(['minutes', 'network']).catch('minutes') });

export const actionParams = z.object({ id: id(), actionId: id() });
