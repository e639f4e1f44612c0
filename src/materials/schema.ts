import { z } from 'zod';
import { checkbox, id, requiredText } from '../kernel/fields';

/** The upload form: the file comes through multer (src/web/upload.ts); the form names the agenda item, or none. */
export const uploadForm = z.object({
  agendaItemId: z
    .union([z.literal(''), id()])
    .optional()
    .transform((value) => (value === '' || value === undefined ? null : value)),
});

/** A file's name is one line of text that passes the privacy guard, like any name typed into a form. */
export const fileNameField = requiredText(200);

export const shareForm = z.object({ shared: checkbox() });

export const materialParams = z.object({ id: id() });

/** Deleting says so in its form: a post without it (a crafted one) deletes nothing. */
export const deleteForm = z.object({ confirm: z.literal('yes') });
