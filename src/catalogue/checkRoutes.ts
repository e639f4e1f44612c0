import { Router, type Request, type Response } from 'express';
import { recordAudit } from '../audit/record';
import type { Db } from '../db/knex';
import { NotFoundError } from '../kernel/errors';
import { submitForm } from '../web/forms';
import { checkByToken, useCheckConfirmation } from './checks';
import { checkMunicipalities, formValuesOf, renderProfileForm } from './formView';
import { confirmProfile, findUnitProfile, saveProfile } from './queries';
import { checkTokenParams, profileForm } from './schema';

/**
 * The yearly email's link, for a unit's manager who need not have an account: the page shows the
 * profile with a one-click confirmation (a POST: a GET never changes anything, since mail scanners
 * open links too) and a link to edit it. A forged or expired token is a 404 (and counts as a
 * guess, see tokenGuessLimit in src/app.ts); the confirmation works once. Changes are audited
 * under the address the link was sent to.
 */
export function checkRoutes(db: Db): Router {
  const router = Router();

  async function load(req: Request) {
    const parsed = checkTokenParams.safeParse(req.params);
    const check = parsed.success ? await checkByToken(db, parsed.data.token) : undefined;
    const profile = check ? await findUnitProfile(db, check.unitId) : undefined;
    if (!check || !profile?.hasProfile || profile.archivedAt) throw new NotFoundError('profile check');
    return { check, profile, path: `/catalogue/check/${parsed.data?.token ?? ''}` };
  }
  // No one is signed in: the entry names the address the link was sent to, and its action says "by the link".
  const context = (req: Request, sentTo: string) => ({ actorName: sentTo, requestId: String(req.id) });

  async function renderCheck(req: Request, res: Response, status = 200) {
    const { check, profile, path } = await load(req);
    res.status(status).render('catalogue/check', {
      title: res.locals.t('catalogue.check.title'),
      profile,
      path,
      confirmed: check.confirmedAt !== null,
      justConfirmed: req.query.confirmed === '1',
      saved: req.query.saved === '1',
      alreadyUsed: status === 409,
    });
  }

  router.get('/catalogue/check/:token', (req, res) => renderCheck(req, res));

  router.post('/catalogue/check/:token', async (req, res) => {
    const { check, profile, path } = await load(req);
    const done = await db.transaction(async (trx) => {
      if (!(await useCheckConfirmation(trx, check.id))) return false;
      await confirmProfile(trx, profile.unitId);
      await recordAudit(trx, context(req, check.sentTo), {
        action: 'confirmServiceProfile',
        entityType: 'units',
        entityId: profile.unitId,
        regionId: profile.regionId,
      });
      return true;
    });
    if (!done) return renderCheck(req, res, 409);
    res.redirect(303, `${path}?confirmed=1`);
  });

  router.get('/catalogue/check/:token/edit', async (req, res) => {
    const { profile, path } = await load(req);
    await renderProfileForm(
      db,
      res,
      { status: 200, profile, values: formValuesOf(profile), errors: {} },
      { action: `${path}/edit`, cancel: path },
    );
  });

  router.post('/catalogue/check/:token/edit', async (req, res) => {
    const { check, profile, path } = await load(req);
    await submitForm(res, {
      db,
      input: req.body,
      schema: profileForm,
      render: (status, errors) =>
        renderProfileForm(
          db,
          res,
          { status, profile, values: req.body, errors },
          { action: `${path}/edit`, cancel: path },
        ),
      save: async (form, trx) => {
        await checkMunicipalities(trx, profile.regionId, form);
        await saveProfile(trx, profile.unitId, form);
        await recordAudit(trx, context(req, check.sentTo), {
          action: 'updateServiceProfileByLink',
          entityType: 'units',
          entityId: profile.unitId,
          regionId: profile.regionId,
          before: formValuesOf(profile),
          after: form,
        });
        return `${path}?saved=1`;
      },
    });
  });

  return router;
}
