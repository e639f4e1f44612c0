import { Router, type Request, type Response } from 'express';
import { actorOf } from '../access/auth';
import { auditContext, recordAudit } from '../audit/record';
import type { Db } from '../db/knex';
import { queueEvaluationRequests } from '../evaluation/send';
import { sendCsv } from '../exports/csv';
import { gatheringBreadcrumbs } from '../gatherings/breadcrumbs';
import type { Gathering } from '../gatherings/queries';
import { invitationMailOptions } from '../invitations/send';
import type { Config } from '../kernel/config';
import { formatDate, formatDateTime, hasStarted, osloDate } from '../kernel/dates';
import type { Network } from '../networks/queries';
import { submitForm, type FormErrors } from '../web/forms';
import { actionLimit } from '../web/rateLimit';
import { findSettings, placesTaken, registrationsOf } from './queries';
import { deletionDate, pairAnswers, placesLeft } from './rules';
import { attendanceForm } from './schema';
import { loadFagdag } from './settingsRoutes';
import { replaceRegistrantAttendance } from './queries';

/** KORUS's list of a fagdag's registrations, their attendance and the CSV export. */
export function registrationListRoutes(db: Db, config: Config): Router {
  const router = Router();

  async function render(
    req: Request,
    res: Response,
    gathering: Gathering,
    network: Network,
    status = 200,
    errors: FormErrors = {},
  ) {
    const [settings, registrations, taken] = await Promise.all([
      findSettings(db, gathering.id),
      registrationsOf(db, gathering.id),
      placesTaken(db, gathering.id),
    ]);
    const questions = settings?.questions ?? [];
    const withAnswers = registrations.map((r) => ({ ...r, pairs: pairAnswers(questions, r.answers) }));
    res.status(status).render('registration/list', {
      title: res.locals.t('registration.list.title', { date: formatDate(gathering.startsAt, res.locals.lang) }),
      gathering,
      network,
      settings,
      taken,
      left: settings ? placesLeft(settings.capacity, taken) : 0,
      confirmed: withAnswers.filter((r) => r.status === 'confirmed'),
      waiting: withAnswers.filter((r) => r.status === 'waiting'),
      cancelledCount: registrations.filter((r) => r.status === 'cancelled').length,
      questions,
      started: hasStarted(gathering),
      deletionText: formatDate(deletionDate(gathering.endsAt, config.REGISTRATION_RETENTION_MONTHS), res.locals.lang),
      errors,
      breadcrumbs: gatheringBreadcrumbs(req, res, gathering, network),
    });
  }

  router.get('/gatherings/:id/registrations', async (req, res) => {
    const { gathering, network } = await loadFagdag(db, req);
    await render(req, res, gathering, network);
  });

  router.get('/gatherings/:id/registrations.csv', async (req, res) => {
    const { gathering, network } = await loadFagdag(db, req);
    const [settings, registrations] = await Promise.all([
      findSettings(db, gathering.id),
      registrationsOf(db, gathering.id),
    ]);
    const t = res.locals.t;
    const questions = settings?.questions ?? [];
    const deletion = osloDate(deletionDate(gathering.endsAt, config.REGISTRATION_RETENTION_MONTHS));
    const header = [
      ...[
        'name',
        'email',
        'organisation',
        'profession',
        'status',
        'member',
        'attended',
        'registeredAt',
        'deletedOn',
      ].map((k) => t(`registration.csv.${k}`)),
      ...questions,
    ];
    const rows = registrations.map((r) => [
      r.name,
      r.email,
      r.organisation,
      r.profession,
      t(`registration.statuses.${r.status}`),
      r.member ? t('registration.csv.yes') : t('registration.csv.no'),
      r.attended ? t('registration.csv.yes') : t('registration.csv.no'),
      formatDateTime(r.createdAt),
      // Those in no network are deleted a set time after the day; members' rows stay with the fagdag.
      r.member ? '' : deletion,
      ...pairAnswers(questions, r.answers).map((a) => a.answer),
    ]);
    await db.transaction((trx) =>
      recordAudit(trx, auditContext(req), {
        action: 'exportRegistrations',
        entityType: 'gatherings',
        entityId: gathering.id,
        regionId: network.regionId,
        about: { rows: rows.length },
      }),
    );
    const note = [
      t('registration.csv.retentionNote', { months: config.REGISTRATION_RETENTION_MONTHS, date: deletion }),
    ];
    sendCsv(res, `pamelding-${osloDate(gathering.startsAt)}.csv`, [header, ...rows, [], note]);
  });

  router.post(
    '/gatherings/:id/registrations/attendance',
    actionLimit(db, 'registration-attendance', { limit: 60 }),
    async (req, res) => {
      const { gathering, network } = await loadFagdag(db, req);
      if (!hasStarted(gathering) || gathering.status !== 'planned') return render(req, res, gathering, network, 409);
      await submitForm(res, {
        db,
        input: req.body,
        schema: attendanceForm,
        render: (status, errors) => render(req, res, gathering, network, status, errors),
        save: async (form, trx) => {
          const { before, after } = await replaceRegistrantAttendance(trx, gathering.id, form.present);
          await recordAudit(trx, auditContext(req), {
            action: 'recordRegistrantAttendance',
            entityType: 'gatherings',
            entityId: gathering.id,
            regionId: network.regionId,
            before: { present: before },
            after: { present: after },
          });
          // After the day, those present are asked to evaluate it, as participants are (once each).
          if (gathering.endsAt <= new Date())
            await queueEvaluationRequests(
              trx,
              gathering.id,
              await invitationMailOptions(trx, network, actorOf(req), config),
            );
          return `/gatherings/${gathering.id}/registrations`;
        },
        saved: 'registration.list.attendanceSaved',
      });
    },
  );

  return router;
}
