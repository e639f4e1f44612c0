import { Router, type NextFunction, type Request, type Response } from 'express';
import { auditContext, recordAudit } from '../audit/record';
import { feedGatherings, type FeedGathering } from '../calendar/feeds';
import type { Db } from '../db/knex';
import type { Config } from '../kernel/config';
import { formatDateTime, formatTime } from '../kernel/dates';
import { NotFoundError } from '../kernel/errors';
import { hashSecretToken } from '../kernel/secretTokens';
import { submitForm, type FormErrors } from '../web/forms';
import { byClientAddress, actionLimit } from '../web/rateLimit';
import { cancelRegistration, registerForFagdag } from './commands';
import {
  placesTaken,
  regionOfGathering,
  registrationByToken,
  settingsBySlug,
  type RegistrationSettings,
} from './queries';
import { placesLeft, registrationState } from './rules';
import { answersOf, registrationForm, slugParams, tokenParams } from './schema';

/** The honeypot: a field people never see or fill in (hidden from view and from screen readers). */
const HONEYPOT = 'website';
const filledHoneypot = (body: unknown) => {
  const value = (body as Record<string, unknown> | undefined)?.[HONEYPOT];
  return value !== undefined && (typeof value !== 'string' || value.trim() !== '');
};

/** The public registration page (`/pamelding/<slug>`, no sign-in) and the cancel link (`/avmelding/<token>`). */
export function registrationPublicRoutes(db: Db, config: Config): Router {
  const router = Router();

  async function loadPage(req: Request): Promise<{ settings: RegistrationSettings; gathering: FeedGathering }> {
    const parsed = slugParams.safeParse(req.params);
    const settings = parsed.success ? await settingsBySlug(db, parsed.data.slug) : undefined;
    const [gathering] = settings ? await feedGatherings(db, { gatheringIds: [settings.gatheringId] }) : [];
    if (!settings || !gathering) throw new NotFoundError('registration');
    return { settings, gathering };
  }

  async function render(req: Request, res: Response, status = 200, errors: FormErrors = {}) {
    const { settings, gathering } = await loadPage(req);
    const state = registrationState({ ...settings, startsAt: gathering.startsAt, status: gathering.status });
    const left = placesLeft(settings.capacity, await placesTaken(db, settings.gatheringId));
    res.status(status).render('registration/public', {
      title: res.locals.t('registration.public.title'),
      gathering,
      timeText: `${formatTime(gathering.startsAt)}–${formatTime(gathering.endsAt)}`,
      deadlineText: formatDateTime(settings.deadline),
      state,
      full: left === 0,
      settings,
      questions: settings.questions.map((question, i) => ({
        question,
        name: `answer${i}`,
        value: (req.body as Record<string, unknown> | undefined)?.[`answer${i}`] ?? '',
        error: errors[`answer${i}`],
      })),
      slug: settings.publicSlug,
      values: status === 422 || status === 429 ? req.body : {},
      errors,
    });
  }

  router.get('/pamelding/:slug', (req, res) => render(req, res));

  router.get('/pamelding/:slug/takk', async (req, res) => {
    const { gathering } = await loadPage(req);
    res.render('registration/thanks', { title: res.locals.t('registration.public.thanksTitle'), gathering });
  });

  const limited = (req: Request, res: Response, next: NextFunction) => {
    render(req, res, 429, { form: 'registration.errors.tooMany' }).catch(next);
  };
  // Per address (a hospital's staff share one): a handful of registrations an hour each.
  const perIp = actionLimit(db, 'registration-ip', { limit: 20, key: byClientAddress, onLimited: limited });

  // Per address and fagdag: registering someone again and again must not flood their inbox. Over
  // it, the page answers as always and nothing is sent (nobody learns anything from the limit).
  const emailOf = (req: Request) => (req.body as Record<string, unknown> | undefined)?.email;
  const perAddress = actionLimit(db, 'registration-address', {
    limit: 3,
    key: (req) => `${String(req.params.slug).slice(0, 64)}:${String(emailOf(req)).trim().toLowerCase().slice(0, 254)}`,
    // Only registrations that would be saved count: a form with a mistake is shown again, and
    // nothing typed into a refused form is kept, not even as a limit's key.
    skip: (req) => filledHoneypot(req.body) || !registrationForm.safeParse(req.body).success,
    onLimited: (req, res) => res.redirect(303, `/pamelding/${String(req.params.slug).slice(0, 64)}/takk`),
  });

  router.post('/pamelding/:slug', perIp, perAddress, async (req, res) => {
    const { settings, gathering } = await loadPage(req);
    const thanks = `/pamelding/${settings.publicSlug}/takk`;
    // A bot filled the hidden field: it is told what a person is told, and nothing is stored or sent.
    if (filledHoneypot(req.body)) return res.redirect(303, thanks);
    if (registrationState({ ...settings, startsAt: gathering.startsAt, status: gathering.status }) !== 'open')
      return render(req, res, 409);
    await submitForm(res, {
      db,
      input: req.body,
      schema: registrationForm,
      render: (status, errors) => render(req, res, status, errors),
      save: async (form, trx) => {
        const { outcome, registration } = await registerForFagdag(
          trx,
          settings.gatheringId,
          {
            name: form.name,
            email: form.email,
            organisation: form.organisation,
            profession: form.profession,
            answers: answersOf(form).slice(0, settings.questions.length),
            language: res.locals.lang,
          },
          config.BASE_URL,
        );
        // Whatever happened, the page says the same: the email tells the person (nobody learns who is registered).
        if (registration && (outcome === 'confirmed' || outcome === 'waiting'))
          await recordAudit(trx, auditContext(req), {
            action: 'registerForFagdag',
            entityType: 'gatherings',
            entityId: settings.gatheringId,
            regionId: await regionOfGathering(trx, settings.gatheringId),
            after: { registration: registration.id, status: outcome },
          });
        return thanks;
      },
    });
  });

  async function loadRegistration(req: Request) {
    const parsed = tokenParams.safeParse(req.params);
    const registration = parsed.success ? await registrationByToken(db, hashSecretToken(parsed.data.token)) : undefined;
    const [gathering] = registration ? await feedGatherings(db, { gatheringIds: [registration.gatheringId] }) : [];
    if (!registration || !gathering) throw new NotFoundError('registration');
    return { registration, gathering };
  }

  // A GET only shows the button: mail scanners fetch links too.
  router.get('/avmelding/:token', async (req, res) => {
    const { registration, gathering } = await loadRegistration(req);
    res.render('registration/cancel', {
      title: res.locals.t('registration.cancel.title'),
      gathering,
      registration,
      started: gathering.startsAt <= new Date(),
      timeText: `${formatTime(gathering.startsAt)}–${formatTime(gathering.endsAt)}`,
      token: req.params.token,
    });
  });

  router.post('/avmelding/:token', actionLimit(db, 'registration-cancel', { limit: 10 }), async (req, res) => {
    const { registration, gathering } = await loadRegistration(req);
    if (gathering.startsAt > new Date())
      await db.transaction(async (trx) => {
        if (await cancelRegistration(trx, registration, config.BASE_URL))
          await recordAudit(trx, auditContext(req), {
            action: 'cancelRegistration',
            entityType: 'gatherings',
            entityId: registration.gatheringId,
            regionId: await regionOfGathering(trx, registration.gatheringId),
            before: { registration: registration.id, status: registration.status },
            after: { registration: registration.id, status: 'cancelled' },
          });
      });
    res.redirect(303, `/avmelding/${String(req.params.token)}`);
  });

  return router;
}
