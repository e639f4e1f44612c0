import { type Request, type Response, Router } from 'express';
import { actorOf } from '../access/auth';
import { authorize, canDeleteMaterial, canEditGathering, canReadMaterial, canShareMaterial } from '../access/policy';
import { auditContext } from '../audit/record';
import type { Db } from '../db/knex';
import { loadGatheringFor } from '../gatherings/access';
import type { Gathering } from '../gatherings/queries';
import type { Config } from '../kernel/config';
import { formatWeekdayDate } from '../kernel/dates';
import { BadRequestError } from '../kernel/errors';
import { loadById } from '../kernel/params';
import { networkBreadcrumbs } from '../networks/breadcrumbs';
import { findNetworks, type Network } from '../networks/queries';
import { parseForm } from '../web/forms';
import { byActor, actionLimit } from '../web/rateLimit';
import { MATERIAL_LIMITS, MaterialRefusal, removeMaterial, shareMaterial, uploadMaterial } from './commands';
import { sendMaterial } from './download';
import { agendaItemChoices, findMaterial, isInvitedTo, materialsOfGathering, networkIdsOfGathering } from './queries';
import { deleteForm, shareForm, uploadForm } from './schema';
import { materialRow } from './view';

/** The paths whose posts carry a material (read before the CSRF check, src/app.ts). */
export const MATERIAL_UPLOAD_PATHS = /^\/gatherings\/[0-9]+\/materials$/;

/**
 * A gathering's materials: its page (the list, and the upload form for those who run the
 * gathering), uploading, downloading, removing, and sharing one with the region.
 */
export function materialRoutes(db: Db, config: Config): Router {
  const router = Router();
  const materialsPage = (gatheringId: number) => `/gatherings/${gatheringId}/materials`;

  async function renderPage(
    req: Request,
    res: Response,
    page: { gathering: Gathering; network: Network },
    status = 200,
    form: { error?: string; selected?: string } = {},
  ) {
    const { gathering, network } = page;
    const actor = actorOf(req);
    const t = res.locals.t;
    const networks = await findNetworks(db, gathering.networkIds);
    const mayEdit = canEditGathering(actor, networks);
    const [materials, items] = await Promise.all([
      materialsOfGathering(db, gathering.id),
      mayEdit ? agendaItemChoices(db, gathering.id) : [],
    ]);
    const date = formatWeekdayDate(gathering.startsAt, res.locals.lang);
    res.status(status).render('materials/gathering', {
      title: t('materials.title', { date }),
      gathering,
      network,
      materials: materials.map((m) => materialRow(m, (x) => `/materials/${x.id}`, { actor, networks })),
      mayEdit,
      items: items.map((i) => ({ value: String(i.id), label: i.title })),
      selected: form.selected ?? '',
      error: form.error,
      breadcrumbs: [
        ...networkBreadcrumbs(req, res, network),
        { href: `/networks/${network.id}`, label: network.name },
        ...(mayEdit ? [{ href: `/gatherings/${gathering.id}`, label: date }] : []),
      ],
    });
  }

  async function loadMaterial(req: Request) {
    const material = await loadById(req.params, (id) => findMaterial(db, id));
    const networks = await findNetworks(db, await networkIdsOfGathering(db, material.gatheringId));
    return { material, networks };
  }

  router.get('/gatherings/:id/materials', async (req, res) => {
    await renderPage(req, res, await loadGatheringFor(db, req, 'view'));
  });

  router.post(
    '/gatherings/:id/materials',
    actionLimit(db, 'material-upload', { key: byActor, limit: 60 }),
    async (req, res) => {
      const page = await loadGatheringFor(db, req, 'edit');
      const body = req.body as Record<string, unknown>;
      const selected = typeof body.agendaItemId === 'string' ? body.agendaItemId : '';
      const refuse = (key: string, params: Record<string, unknown> = {}) =>
        renderPage(req, res, page, 422, { error: res.locals.t(`materials.errors.${key}`, params), selected });
      const parsed = parseForm(uploadForm, body);
      if (!parsed.ok) return refuse('item');
      if (req.uploadTooLarge) return refuse('tooLarge', { megabytes: MATERIAL_LIMITS.fileBytes / 1024 / 1024 });
      if (!req.file) return refuse('noFile');
      try {
        await uploadMaterial(db, {
          file: req.file.buffer,
          // Multer reads the name as Latin-1; browsers send it as UTF-8.
          fileName: Buffer.from(req.file.originalname, 'latin1').toString('utf8'),
          gatheringId: page.gathering.id,
          network: page.network,
          agendaItemId: parsed.data.agendaItemId,
          uploadedBy: actorOf(req).id,
          quotaBytes: config.MATERIALS_NETWORK_MB * 1024 * 1024,
          audit: auditContext(req),
        });
      } catch (error) {
        if (error instanceof MaterialRefusal) return refuse(error.key, error.params);
        throw error;
      }
      res.locals.setFlash('materials.uploaded');
      res.redirect(303, materialsPage(page.gathering.id));
    },
  );

  router.get('/materials/:id', async (req, res) => {
    const { material, networks } = await loadMaterial(req);
    const actor = actorOf(req);
    const invited = await isInvitedTo(db, material.gatheringId, actor.id);
    authorize(canReadMaterial(actor, material, networks, invited));
    await sendMaterial(db, res, material);
  });

  router.post('/materials/:id/delete', async (req, res) => {
    const { material, networks } = await loadMaterial(req);
    authorize(canDeleteMaterial(actorOf(req), material, networks));
    if (!parseForm(deleteForm, req.body).ok) throw new BadRequestError('delete not confirmed');
    await removeMaterial(db, material, auditContext(req));
    res.locals.setFlash('materials.deleted');
    res.redirect(303, materialsPage(material.gatheringId));
  });

  router.post('/materials/:id/share', async (req, res) => {
    const { material } = await loadMaterial(req);
    authorize(canShareMaterial(actorOf(req), material));
    const parsed = parseForm(shareForm, req.body);
    if (!parsed.ok) throw new BadRequestError('bad share form');
    await shareMaterial(db, material, parsed.data.shared, auditContext(req));
    res.locals.setFlash(parsed.data.shared ? 'materials.sharedNow' : 'materials.unsharedNow');
    res.redirect(303, materialsPage(material.gatheringId));
  });

  return router;
}
