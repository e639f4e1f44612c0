import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { feedGatherings } from '../calendar/feeds';
import { gatheringTitle } from '../calendar/gatheringEvent';
import type { Db } from '../db/knex';
import { invitationByToken } from '../invitations/queries';
import { tokenParams } from '../invitations/schema';
import { NotFoundError } from '../kernel/errors';
import { translator } from '../kernel/i18n';
import { loadMinutesFor } from './access';
import { snapshotOf } from './editorView';
import { minutesActions, minutesVersions } from './queries';
import type { MinutesSnapshot } from './snapshot';

const versionQuery = z.object({ version: z.coerce.number().int().positive().max(100_000).optional().catch(undefined) });

/**
 * Reading the published minutes, A4 and logo-free: for members and invited people signed in
 * (`/gatherings/:id/minutes/print`, an earlier version with ?version=N), and through the
 * invitation's link without signing in (`/rsvp/:token/minutes`). Those who write them also see the draft.
 */
export function minutesReadRoutes(db: Db): { publicRoutes: Router; routes: Router } {
  const publicRoutes = Router();
  const routes = Router();

  function render(
    res: Response,
    view: {
      heading: string;
      gathering: { startsAt: Date };
      snapshot: MinutesSnapshot | undefined;
      version?: number;
      draft?: boolean;
      back: { url: string; text: string };
    },
  ) {
    res.render('minutes/print', {
      layout: 'print',
      title: res.locals.t('minutes.printTitle', { network: view.heading }),
      ...view,
      notPublished: view.snapshot === undefined,
    });
  }

  routes.get('/gatherings/:id/minutes/print', async (req, res) => {
    const page = await loadMinutesFor(db, req, 'read');
    const { gathering, network } = page;
    const wanted = versionQuery.parse(req.query).version;
    const versions = await minutesVersions(db, gathering.id);
    const shown = wanted === undefined ? versions[0] : versions.find((v) => v.version === wanted);
    if (wanted !== undefined && !shown) throw new NotFoundError('version');
    const draft = shown === undefined && page.may.write;
    render(res, {
      heading: network.name,
      gathering,
      snapshot: draft ? snapshotOf(page.minutes, await minutesActions(db, gathering.id)) : shown?.snapshot,
      version: shown?.version,
      draft,
      back: page.may.write
        ? { url: `/gatherings/${gathering.id}/minutes`, text: res.locals.t('minutes.back') }
        : { url: `/networks/${network.id}`, text: res.locals.t('agenda.backToNetwork') },
    });
  });

  // The invitation's link is enough to read that one gathering's published minutes.
  publicRoutes.get('/rsvp/:token/minutes', async (req: Request, res) => {
    const parsed = tokenParams.safeParse(req.params);
    const invitation = parsed.success ? await invitationByToken(db, parsed.data.token) : undefined;
    if (!invitation) throw new NotFoundError('invitation');
    const [gathering] = await feedGatherings(db, { gatheringIds: [invitation.gatheringId] });
    if (!gathering) throw new NotFoundError('gathering');
    // Shown in the invited person's language, unless this browser has chosen one.
    if (!(req.cookies as Record<string, unknown> | undefined)?.['samling.lang']) {
      res.locals.lang = invitation.language;
      res.locals.t = translator(invitation.language);
    }
    const [latest] = await minutesVersions(db, gathering.id);
    render(res, {
      heading: gatheringTitle(gathering, res.locals.lang),
      gathering,
      snapshot: latest?.snapshot,
      version: latest?.version,
      back: { url: `/rsvp/${String(req.params.token)}`, text: res.locals.t('invitations.backToAnswer') },
    });
  });

  return { publicRoutes, routes };
}
