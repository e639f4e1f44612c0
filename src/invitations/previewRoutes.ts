import { gatheringStart } from './queries';
import { loadNetworkFor } from '../networks/access';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { canEditGatherings } from '../access/policy';
import type { Config } from '../kernel/config';
import type { Db } from '../db/knex';
import { renderEmail } from '../mail/templates';
import { networkBreadcrumbs } from '../networks/breadcrumbs';
import { actorOf } from '../access/auth';
import { NotFoundError } from '../kernel/errors';
import { id } from '../kernel/fields';
import { translator } from '../kernel/i18n';
import { sendMailHtml } from '../web/mailHtml';
import { osloDate } from '../kernel/dates';
import type { Recipient } from './queries';
import { reminderRequest } from './reminders';
import { invitationCalendars } from './calendars';
import { invitationMailOptions, invitationRequest, planYearSend, sentState } from './send';

const KINDS = ['invitation', 'update', 'standIn', 'host'] as const;
const previewQuery = z.object({
  gathering: id(),
  as: z.enum(KINDS).catch('invitation'),
  lang: z.enum(['nb', 'nn']).catch('nb'),
});
// Links in a preview lead nowhere: no answer link is issued for it.
const PREVIEW_TOKEN = 'forhandsvisning';

/**
 * Before sending, the leader sees exactly what a participant, someone getting an update, and a
 * stand-in will get, in bokmål or nynorsk: subject, Reply-To, text, HTML and the calendar part,
 * built by the same function that builds the real ones. Nothing is stored or sent.
 */
export function invitationPreviewRoutes(db: Db, config: Config): Router {
  const router = Router();

  async function preview(req: Request) {
    const network = await loadNetworkFor(db, req, canEditGatherings);
    const query = previewQuery.safeParse(req.query);
    if (!query.success) throw new NotFoundError('gathering');
    const { gathering: gatheringId, as, lang } = query.data;
    // Only a gathering the send page would send: ahead, accepted, in the network.
    const startsAt = await gatheringStart(db, gatheringId);
    const year = startsAt ? Number(osloDate(startsAt).slice(0, 4)) : undefined;
    const plan = year
      ? (await planYearSend(db, network.id, year, new Date())).find((p) => p.gathering.id === gatheringId)
      : undefined;
    if (!plan) throw new NotFoundError('gathering');
    const t = translator(lang);
    const sample = (standingInFor?: string): Recipient => ({
      participantId: 0,
      name: t('invitations.preview.sampleName'),
      email: t('invitations.preview.sampleEmail'),
      language: lang,
      standingInFor,
    });
    const updated = plan.update[0];
    const recipient =
      as === 'update' && updated
        ? { ...updated, language: lang }
        : sample(as === 'standIn' ? t('invitations.preview.sampleFixed') : undefined);
    const options = await invitationMailOptions(db, network, actorOf(req), config);
    // The host unit gets the invitation like everyone, and before it the reminder to prepare.
    const request =
      as === 'host'
        ? {
            ...reminderRequest(
              {
                gatheringId,
                kind: 'preparation',
                duty: 'host',
                email: recipient.email,
                name: recipient.name,
                language: lang,
                participantId: null,
                networkId: network.id,
                regionId: network.regionId,
              },
              plan.gathering,
              { leader: options.organizer, baseUrl: config.BASE_URL },
            ),
            calendar: undefined,
          }
        : invitationRequest(plan.gathering, recipient, options, {
            update: as === 'update' && updated !== undefined,
            before: as === 'update' && updated ? await sentState(db, gatheringId, updated.sentVersion) : undefined,
            token: PREVIEW_TOKEN,
            calendars: invitationCalendars(options, new Date()),
          });
    const rendered = renderEmail(request.template, lang, { ...request.params, ...request.secretParams });
    return { network, plan, as, lang, request, rendered, hasUpdate: updated !== undefined };
  }

  router.get('/networks/:id/plan/send/preview', async (req, res) => {
    const { network, plan, as, lang, request, rendered, hasUpdate } = await preview(req);
    const t = res.locals.t;
    const query = (kind: string, language: string) =>
      `/networks/${network.id}/plan/send/preview?gathering=${plan.gathering.id}&as=${kind}&lang=${language}`;
    res.render('invitations/preview', {
      title: t('invitations.preview.title'),
      network,
      gathering: plan.gathering,
      subject: rendered.subject,
      from: request.replyTo,
      text: rendered.text,
      calendar: request.calendar?.content,
      htmlUrl: `${query(as, lang)}&format=html`.replace('/preview?', '/preview.html?'),
      choices: [...KINDS]
        .filter((kind) => kind !== 'update' || hasUpdate)
        .flatMap((kind) =>
          (['nb', 'nn'] as const).map((language) => ({
            href: query(kind, language),
            label: `${t(`invitations.preview.kinds.${kind}`)} (${language === 'nb' ? 'bokmål' : 'nynorsk'})`,
            current: kind === as && language === lang,
          })),
        ),
      breadcrumbs: [
        ...networkBreadcrumbs(req, res, network),
        {
          href: `/networks/${network.id}/plan/send`,
          label: t('invitations.sendLink'),
        },
      ],
    });
  });

  // The HTML part as the recipient's mail program shows it: its own inline styles, nothing else.
  router.get('/networks/:id/plan/send/preview.html', async (req, res) => {
    const { rendered } = await preview(req);
    sendMailHtml(res, rendered.html);
  });

  return router;
}
