import { hasStarted } from '../kernel/dates';
import { randomInt } from 'node:crypto';
import { gatheringBreadcrumbs } from '../gatherings/breadcrumbs';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { recordAudit } from '../audit/record';
import { feedGatherings } from '../calendar/feeds';
import type { Config } from '../kernel/config';
import type { Db } from '../db/knex';
import { loadGatheringFor } from '../gatherings/access';
import { invitationMailOptions } from '../invitations/send';
import { actorOf } from '../access/auth';
import { formatTime } from '../kernel/dates';
import { NotFoundError } from '../kernel/errors';
import { parseForm, type FormErrors } from '../web/forms';
import { auditContext } from '../audit/record';
import { localeOf, translator } from '../kernel/i18n';
import { byClientAddress, actionLimit } from '../web/rateLimit';
import { evaluationsOf, recordEvaluation, requestByToken, requestCounts } from './queries';
import type { MarkKey } from './marks';
import { evaluationForm, tokenParams } from './schema';
import { evaluationClosed, queueEvaluationRequests, sendEvaluationReminder } from './send';
import { isClosed, resultsShown } from './closing';
import { MIN_ANSWERS_SHOWN, summariseEvaluations, USEFULNESS_SCORES } from './summary';

const FIFTEEN_MINUTES = 15 * 60 * 1000;

/** Free-text answers in a random order, never in the order they came in (which could tell who wrote what). */
const shuffledTexts = (texts: string[]) => {
  const list = texts.map((text) => text.trim()).filter((text) => text !== '');
  for (let i = list.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [list[i], list[j]] = [list[j] as string, list[i] as string];
  }
  return list;
};

/** The evaluation form opened from the email (no sign-in), and the leader's results page. */
export function evaluationRoutes(db: Db, config: Config, key: MarkKey): { publicRoutes: Router; leaderRoutes: Router } {
  const publicRoutes = Router();

  async function loadRequest(req: Request) {
    const parsed = tokenParams.safeParse(req.params);
    const request = parsed.success ? await requestByToken(db, parsed.data.token, key) : undefined;
    if (!request) throw new NotFoundError('evaluation request');
    const [gathering] = await feedGatherings(db, { gatheringIds: [request.gatheringId] });
    if (!gathering) throw new NotFoundError('gathering');
    return { request, gathering };
  }

  async function renderForm(req: Request, res: Response, status = 200, errors: FormErrors = {}, forceAnswered = false) {
    const { request, gathering } = await loadRequest(req);
    // Shown in the asked person's language, unless this browser has chosen one.
    if (!(req.cookies as Record<string, unknown> | undefined)?.['samling.lang']) {
      res.locals.lang = request.language;
      res.locals.t = translator(request.language);
    }
    const t = res.locals.t;
    const yesNo = [
      { value: 'yes', label: t('evaluation.yes') },
      { value: 'no', label: t('evaluation.no') },
    ];
    res.status(status).render('evaluation/form', {
      title: t('evaluation.title'),
      gathering,
      timeText: `${formatTime(gathering.startsAt)}–${formatTime(gathering.endsAt)}`,
      answered: request.used || forceAnswered,
      closed: isClosed(request.closesAt, new Date()),
      // Only right after one's own answer; a later visit just says it is answered, never what.
      saved: req.query.saved === '1',
      token: req.params.token,
      // Input is kept after an error, but never shown once the link is used.
      values: status === 422 || status === 429 ? req.body : {},
      errors,
      usefulnessOptions: USEFULNESS_SCORES.map((score) => ({
        value: String(score),
        label: t(`evaluation.scores.${score}`),
      })),
      aimOptions: USEFULNESS_SCORES.map((score) => ({
        value: String(score),
        label: t(`evaluation.aimScores.${score}`),
      })),
      yesNo,
    });
  }

  const limited = (req: Request, res: Response, next: NextFunction) => {
    renderForm(req, res, 429, { form: 'evaluation.tooMany' }).catch(next);
  };
  // Behind one hospital's address a whole network may answer at once: generous per address, tight per link.
  const perIp = actionLimit(db, 'evaluation-ip', {
    windowMs: FIFTEEN_MINUTES,
    limit: 100,
    key: byClientAddress,
    onLimited: limited,
  });
  const perLink = actionLimit(db, 'evaluation-link', {
    windowMs: FIFTEEN_MINUTES,
    limit: 10,
    key: (req) => `link:${String(req.params.token).slice(0, 64)}`,
    onLimited: limited,
  });

  // A GET never uses the link: mail scanners and link previews fetch links too.
  publicRoutes.get('/evaluation/:token', (req, res) => renderForm(req, res));

  publicRoutes.post('/evaluation/:token', perIp, perLink, async (req, res) => {
    const { request, gathering } = await loadRequest(req);
    if (request.used) return renderForm(req, res, 409);
    // Closed: nobody answers after the results may have been seen.
    if (isClosed(request.closesAt, new Date())) return renderForm(req, res, 410);
    const parsed = parseForm(evaluationForm(gathering.aim !== ''), req.body);
    if (!parsed.ok) return renderForm(req, res, 422, parsed.errors);
    const recorded = await db.transaction((trx) => recordEvaluation(trx, request, key, parsed.data));
    // Another post with the same link got there first: it counts, this one does not.
    if (!recorded) return renderForm(req, res, 409, {}, true);
    res.redirect(303, `/evaluation/${String(req.params.token)}?saved=1`);
  });

  const leaderRoutes = Router();
  const load = (req: Request) => loadGatheringFor(db, req, 'edit');
  const resultsPath = (id: number) => `/gatherings/${id}/evaluation`;
  // Over the limit the results page says so, rather than a 429 page.
  const leaderLimit = {
    limit: 10,
    key: (req: Request) => `${req.actor?.id ?? 'anonymous'}:${String(req.params.id).slice(0, 12)}`,
    onLimited: (req: Request, res: Response) => {
      res.locals.setFlash('evaluation.tooMany');
      res.redirect(303, resultsPath(Number(req.params.id)));
    },
  };

  leaderRoutes.get('/gatherings/:id/evaluation', async (req, res) => {
    const { gathering, network } = await load(req);
    const t = res.locals.t;
    const lang = res.locals.lang as 'nb' | 'nn';
    const [counts, rows] = await Promise.all([requestCounts(db, gathering.id), evaluationsOf(db, gathering.id)]);
    const closed = isClosed(counts.closesAt, new Date());
    const shown = resultsShown(rows.length, counts.closesAt, new Date());
    const summary = shown ? summariseEvaluations(rows) : undefined;
    const number = (value: number, digits: number) =>
      value.toLocaleString(localeOf(lang), { minimumFractionDigits: digits, maximumFractionDigits: digits });
    const percent = (share: number | null) => (share === null ? '' : `${Math.round(share * 100)} %`);
    const started = hasStarted(gathering) && gathering.status === 'planned';
    res.render('evaluation/results', {
      title: t('evaluation.resultsTitle'),
      gathering,
      network,
      counts,
      started,
      canRemind: !closed && counts.reminderSentAt === null && counts.asked > counts.answered,
      unanswered: counts.asked - counts.answered,
      minShown: MIN_ANSWERS_SHOWN,
      closed,
      closesAt: counts.closesAt,
      summary,
      average: summary?.usefulnessAverage == null ? '' : number(summary.usefulnessAverage, 1),
      aimAverage: summary?.aimMetAverage == null ? '' : number(summary.aimMetAverage, 1),
      distribution: summary?.shown
        ? USEFULNESS_SCORES.map((score) => ({
            score,
            label: t(`evaluation.scores.${score}`),
            count: summary.usefulnessCounts[score] ?? 0,
          }))
        : [],
      topicRelevant: percent(summary?.topicRelevantShare ?? null),
      enoughExchange: percent(summary?.enoughExchangeShare ?? null),
      texts: summary?.shown
        ? {
            whatWorked: shuffledTexts(rows.map((r) => r.whatWorked)),
            whatToChange: shuffledTexts(rows.map((r) => r.whatToChange)),
            topicWishes: shuffledTexts(rows.map((r) => r.topicWishes)),
            aimComment: shuffledTexts(rows.map((r) => r.aimComment)),
          }
        : undefined,
      breadcrumbs: gatheringBreadcrumbs(req, res, gathering, network),
    });
  });

  leaderRoutes.post(
    '/gatherings/:id/evaluation/send',
    actionLimit(db, 'evaluation-send', leaderLimit),
    async (req, res) => {
      const { gathering, network } = await load(req);
      if (await evaluationClosed(db, gathering.id)) {
        res.locals.setFlash('evaluation.closed');
        return res.redirect(303, resultsPath(gathering.id));
      }
      // Only people recorded present are asked, and only once the gathering has started.
      if (!hasStarted(gathering) || gathering.status !== 'planned') {
        res.locals.setFlash('evaluation.notStarted');
        return res.redirect(303, resultsPath(gathering.id));
      }
      const mail = await invitationMailOptions(db, network, actorOf(req), config);
      const asked = await db.transaction(async (trx) => {
        const count = await queueEvaluationRequests(trx, gathering.id, mail);
        if (count > 0)
          await recordAudit(trx, auditContext(req), {
            action: 'sendEvaluation',
            entityType: 'gatherings',
            entityId: gathering.id,
            regionId: network.regionId,
            after: { asked: count },
          });
        return count;
      });
      res.locals.setFlash(asked > 0 ? 'evaluation.sent' : 'evaluation.nobodyNew');
      res.redirect(303, resultsPath(gathering.id));
    },
  );

  leaderRoutes.post(
    '/gatherings/:id/evaluation/remind',
    actionLimit(db, 'evaluation-remind', leaderLimit),
    async (req, res) => {
      const { gathering, network } = await load(req);
      const mail = await invitationMailOptions(db, network, actorOf(req), config);
      const reminded = await db.transaction(async (trx) => {
        const count = await sendEvaluationReminder(trx, gathering.id, mail, key);
        if (typeof count === 'number' && count > 0)
          await recordAudit(trx, auditContext(req), {
            action: 'remindEvaluation',
            entityType: 'gatherings',
            entityId: gathering.id,
            regionId: network.regionId,
            after: { reminded: count },
          });
        return count;
      });
      res.locals.setFlash(
        reminded === 'alreadySent'
          ? 'evaluation.alreadyReminded'
          : reminded > 0
            ? 'evaluation.reminded'
            : 'evaluation.nobodyToRemind',
      );
      res.redirect(303, resultsPath(gathering.id));
    },
  );

  return { publicRoutes, leaderRoutes };
}
