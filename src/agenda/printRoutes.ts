import { NotFoundError } from '../kernel/errors';
import { Router, type Request, type Response } from 'express';
import { canEditGathering } from '../access/policy';
import type { Db } from '../db/knex';
import { loadGatheringFor } from '../gatherings/access';
import type { Gathering } from '../gatherings/queries';
import type { Network } from '../networks/queries';
import { actorOf } from '../access/auth';
import { retimed } from './checks';
import { snapshotOf, timesOf } from './builderView';
import { agendaItems, agendaVersions } from './queries';
import type { AgendaSnapshot } from './snapshot';
import { versionParams } from './schema';
import { materialsOfGathering } from '../materials/queries';
import { materialRow } from '../materials/view';

/** The published agenda for members, A4 and logo-free: the latest version (or the draft), or an earlier one. */
export function agendaPrintRoutes(db: Db): Router {
  const router = Router();

  /** From the print view back to the gathering's own page for those who run it, else to the network. */
  function backFromPrint(req: Request, res: Response, gathering: Gathering, network: Network) {
    return canEditGathering(
      actorOf(req),
      gathering.networkIds.map((id) => ({ id, regionId: network.regionId })),
    )
      ? { url: `/gatherings/${gathering.id}`, text: res.locals.t('attendance.back') }
      : { url: `/networks/${network.id}`, text: res.locals.t('agenda.backToNetwork') };
  }

  /** A published version at the gathering's current times: its items follow the gathering when it moves. */
  function atCurrentTimes(gathering: Gathering, snapshot: AgendaSnapshot): AgendaSnapshot {
    const { startTime, endTime } = timesOf(gathering);
    return retimed(snapshot, startTime, endTime);
  }

  async function renderPrint(
    req: Request,
    res: Response,
    page: { gathering: Gathering; network: Network },
    shown: { snapshot: AgendaSnapshot; version: number | undefined; draft?: boolean },
  ) {
    const { gathering, network } = page;
    const materials = await materialsOfGathering(db, gathering.id);
    res.render('agenda/print', {
      materials: materials.map((m) => materialRow(m, (x) => `/materials/${x.id}`)),
      layout: 'print',
      title: res.locals.t('agenda.printTitle', { network: network.name }),
      heading: network.name,
      back: backFromPrint(req, res, gathering, network),
      gathering,
      ...shown,
    });
  }

  router.get('/gatherings/:id/agenda/print', async (req, res) => {
    const page = await loadGatheringFor(db, req, 'view');
    const { gathering } = page;
    const [latest] = await agendaVersions(db, gathering.id);
    const snapshot = latest
      ? atCurrentTimes(gathering, latest.snapshot)
      : snapshotOf(gathering, await agendaItems(db, gathering.id), res);
    await renderPrint(req, res, page, { snapshot, version: latest?.version, draft: latest === undefined });
  });

  router.get('/gatherings/:id/agenda/versions/:version', async (req, res) => {
    const parsed = versionParams.safeParse(req.params);
    if (!parsed.success) throw new NotFoundError('version');
    const page = await loadGatheringFor(db, req, 'view');
    const version = (await agendaVersions(db, page.gathering.id)).find((v) => v.version === parsed.data.version);
    if (!version) throw new NotFoundError('version');
    await renderPrint(req, res, page, {
      snapshot: atCurrentTimes(page.gathering, version.snapshot),
      version: version.version,
    });
  });

  return router;
}
