import { Router, type Request, type Response } from 'express';
import { actorOf } from '../access/auth';
import { authorize, canEditServiceProfile, canReadCatalogue } from '../access/policy';
import { auditContext, recordAudit } from '../audit/record';
import type { Db } from '../db/knex';
import { loadById } from '../kernel/params';
import { submitForm } from '../web/forms';
import { checkMunicipalities, formValuesOf, renderProfileForm } from './formView';
import { findUnitProfile, saveProfile } from './queries';
import { profileForm } from './schema';

/** One unit's page in the catalogue, and its profile form for those who keep it. */
export function profileRoutes(db: Db): Router {
  const router = Router();
  const load = (req: Request) => loadById(req.params, (id) => findUnitProfile(db, id));
  const crumbs = (res: Response, regionId: number) => [
    { href: `/regions/${regionId}/catalogue`, label: res.locals.t('catalogue.title') },
  ];

  router.get('/catalogue/units/:id', async (req, res) => {
    const actor = actorOf(req);
    authorize(canReadCatalogue(actor));
    const profile = await load(req);
    res.render('catalogue/show', {
      title: `${profile.organisation} – ${profile.name}`,
      profile,
      canEdit: canEditServiceProfile(actor, profile),
      breadcrumbs: crumbs(res, profile.regionId),
    });
  });

  router.get('/catalogue/units/:id/edit', async (req, res) => {
    const profile = await load(req);
    authorize(canEditServiceProfile(actorOf(req), profile));
    await renderProfileForm(
      db,
      res,
      { status: 200, profile, values: formValuesOf(profile), errors: {} },
      {
        action: `/catalogue/units/${profile.unitId}`,
        cancel: `/catalogue/units/${profile.unitId}`,
        breadcrumbs: crumbs(res, profile.regionId),
      },
    );
  });

  router.post('/catalogue/units/:id', async (req, res) => {
    const profile = await load(req);
    authorize(canEditServiceProfile(actorOf(req), profile));
    await submitForm(res, {
      db,
      input: req.body,
      schema: profileForm,
      render: (status, errors) =>
        renderProfileForm(
          db,
          res,
          { status, profile, values: req.body, errors },
          {
            action: `/catalogue/units/${profile.unitId}`,
            cancel: `/catalogue/units/${profile.unitId}`,
            breadcrumbs: crumbs(res, profile.regionId),
          },
        ),
      save: async (form, trx) => {
        await checkMunicipalities(trx, profile.regionId, form);
        await saveProfile(trx, profile.unitId, form);
        await recordAudit(trx, auditContext(req), {
          action: 'updateServiceProfile',
          entityType: 'units',
          entityId: profile.unitId,
          regionId: profile.regionId,
          before: formValuesOf(profile),
          after: form,
        });
        return `/catalogue/units/${profile.unitId}`;
      },
      saved: 'common.saved',
    });
  });

  return router;
}
