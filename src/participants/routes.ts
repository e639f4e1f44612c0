import { Router, type Response } from 'express';
import type { Db } from '../db/knex';
import { regionOptions } from '../regions/queries';
import { unitOptions } from '../units/queries';
import { SERVICE_TYPES } from '../units/schema';
import { submitForm, type FormErrors } from '../web/forms';
import { paginate } from '../web/pagination';
import { addArchiveRoutes, loadById } from '../web/params';
import { archiveParticipant, createParticipant, findParticipant, listParticipants, membershipsOfParticipant, updateParticipant, type Participant } from './queries';
import { participantForm, participantListQuery, participantUniqueIndexes, participantUpdateForm, PROFESSIONS } from './schema';

export function participantRoutes(db: Db): Router {
  const router = Router();
  const loadParticipant = (params: unknown) => loadById(params, (id) => findParticipant(db, id));
  const professionOptions = (res: Response) => PROFESSIONS.map((p) => ({ value: p, label: res.locals.t(`common.professions.${p}`) }));

  async function renderForm(res: Response, status: number, values: Record<string, unknown>, errors: FormErrors, participant?: Participant) {
    const t = res.locals.t;
    const units = await unitOptions(db);
    const regions = [...new Set(units.map((u) => u.regionName))];
    res.status(status).render('participants/form', {
      title: participant ? t('participants.editTitle', { name: participant.name }) : t('participants.newTitle'),
      action: participant ? `/participants/${participant.id}` : '/participants',
      participant,
      values,
      errors,
      unitOptions: regions.map((region) => ({
        group: region,
        options: units.filter((u) => u.regionName === region).map((u) => ({ value: u.id, label: `${u.organisation} – ${u.name}` })),
      })),
      professionOptions: professionOptions(res),
      languageOptions: [
        { value: 'nb', label: 'Bokmål' },
        { value: 'nn', label: 'Nynorsk' },
      ],
      breadcrumbs: [{ href: '/participants', label: t('participants.title') }, ...(participant ? [{ href: `/participants/${participant.id}`, label: participant.name }] : [])],
    });
  }

  router.get('/participants', async (req, res) => {
    const filters = participantListQuery.parse(req.query);
    const [{ rows, total }, regions] = await Promise.all([listParticipants(db, filters), regionOptions(db)]);
    res.render('participants/list', {
      title: res.locals.t('participants.title'),
      participants: rows,
      filters,
      regionOptions: regions.map((r) => ({ value: r.id, label: r.name })),
      serviceTypeOptions: SERVICE_TYPES.map((type) => ({ value: type, label: res.locals.t(`common.serviceTypes.${type}`) })),
      professionOptions: professionOptions(res),
      pagination: paginate({
        path: '/participants',
        query: {
          q: filters.q,
          regionId: filters.regionId?.toString(),
          serviceType: filters.serviceType,
          profession: filters.profession,
          archived: filters.archived ? 'on' : undefined,
        },
        page: filters.page,
        total,
      }),
    });
  });

  router.get('/participants/new', (_req, res) => renderForm(res, 200, { language: 'nb' }, {}));

  router.post('/participants', async (req, res) => {
    await submitForm(res, {
      input: req.body,
      schema: participantForm,
      unique: participantUniqueIndexes,
      render: (status, errors) => renderForm(res, status, req.body, errors),
      save: async (form) => `/participants/${await createParticipant(db, form)}`,
      saved: 'common.createdMessage',
    });
  });

  router.get('/participants/:id', async (req, res) => {
    const participant = await loadParticipant(req.params);
    const memberships = await membershipsOfParticipant(db, participant.id);
    res.render('participants/show', {
      title: participant.name,
      participant,
      memberships,
      breadcrumbs: [{ href: '/participants', label: res.locals.t('participants.title') }],
    });
  });

  router.get('/participants/:id/edit', async (req, res) => {
    const participant = await loadParticipant(req.params);
    const values = {
      ...participant,
      isUserRepresentative: participant.isUserRepresentative ? 'on' : undefined,
      isRelativesRepresentative: participant.isRelativesRepresentative ? 'on' : undefined,
    };
    await renderForm(res, 200, values, {}, participant);
  });

  router.post('/participants/:id', async (req, res) => {
    const participant = await loadParticipant(req.params);
    await submitForm(res, {
      input: req.body,
      schema: participantUpdateForm,
      unique: participantUniqueIndexes,
      render: (status, errors) => renderForm(res, status, req.body, errors, participant),
      save: async (form) => {
        await updateParticipant(db, participant.id, form.version, form);
        return `/participants/${participant.id}`;
      },
      saved: 'common.saved',
    });
  });

  addArchiveRoutes(router, '/participants', (id) => findParticipant(db, id), (id, archived) => archiveParticipant(db, id, archived));
  return router;
}
