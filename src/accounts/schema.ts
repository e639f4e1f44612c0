import { z } from 'zod';
import { email } from '../kernel/fields';

/** A local path to return to after signing in; anything else means the start page. */
export const returnTo = () =>
  z
    .string()
    .regex(/^\/(?!\/)[^\s\\]*$/)
    .max(2000)
    .optional()
    .catch(undefined);

export const loginForm = z.object({ email: email(), returnTo: returnTo() });

export const loginLinkQuery = z.object({
  token: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/)
    .optional()
    .catch(undefined),
  returnTo: returnTo(),
});

export const loginVerifyForm = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/), returnTo: returnTo() });
