import { FieldError } from '../kernel/errors';
import type { Response } from 'express';
import type { z } from 'zod';
import type { Db } from '../db/knex';
import { StaleEditError } from '../db/versioned';

/** Field name → catalogue key of the message shown at that field. */
export type FormErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FormErrors };

/** Parses a submitted form; on failure gives one message per field, the first zod reports. */
export function parseForm<S extends z.ZodType>(schema: S, input: unknown): FormResult<z.infer<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const errors: FormErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : 'form';
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

/** Turns a PostgreSQL unique violation (23505) on a known index into a field message. */
export function uniqueViolationField(
  error: unknown,
  indexes: UniqueIndexes,
): { field: string; messageKey: string } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, constraint } = error as { code?: string; constraint?: string };
  if (code !== '23505' || !constraint) return undefined;
  return indexes[constraint];
}

/**
 * A chosen record that does not exist (a foreign-key violation, 23503, "Key (region_id)=(9) is
 * not present in table ..."): the field that chose it, by the column's camelCase name.
 */
export function missingReferenceField(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, detail } = error as { code?: string; detail?: string };
  if (code !== '23503' || !detail?.includes('is not present in table')) return undefined;
  const column = /^Key \(([a-z_]+)\)=/.exec(detail)?.[1];
  return column?.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

export type UniqueIndexes = Record<string, { field: string; messageKey: string }>;

/**
 * The one flow for every form post: parse → save in one transaction → redirect (303), or
 * re-render with the input kept: 422 for bad input or a duplicate, 409 for a stale edit.
 * A failed save rolls back, so a refused request writes nothing.
 */
export async function submitForm<S extends z.ZodType>(
  res: Response,
  options: {
    db: Db;
    input: unknown;
    schema: S;
    render: (status: number, errors: FormErrors) => Promise<void>;
    save: (data: z.infer<S>, trx: Db) => Promise<string>;
    unique?: UniqueIndexes;
    saved?: string;
  },
): Promise<void> {
  const parsed = parseForm(options.schema, options.input);
  if (!parsed.ok) return options.render(422, parsed.errors);
  try {
    const location = await options.db.transaction((trx) => options.save(parsed.data, trx));
    if (options.saved) res.locals.setFlash(options.saved);
    res.redirect(303, location);
  } catch (error) {
    const duplicate = uniqueViolationField(error, options.unique ?? {});
    if (duplicate) return options.render(422, { [duplicate.field]: duplicate.messageKey });
    if (error instanceof FieldError) return options.render(422, { [error.field]: error.messageKey });
    const missing = missingReferenceField(error);
    if (missing) return options.render(422, { [missing]: 'errors.choice' });
    if (error instanceof StaleEditError) return options.render(409, { form: 'errors.stale' });
    throw error;
  }
}
