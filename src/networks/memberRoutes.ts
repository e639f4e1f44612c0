import { Router, type Request, type Response } from 'express';
import type { Db } from '../db/knex';
import { NotFoundError } from '../web/errors';
import { FieldError, submitForm, type FormErrors } from '../web/forms';
import { addMembership, addMemberUnit, changeRole, endMembership, endMemberUnit, findMembership, memberUnits, membershipCandidates, networkMembers, unitCandidates } from './members';
import type { Network } from './queries';
import { networkBreadcrumbs } from './breadcrumbs';
import { memberParams, membershipForm, membershipUniqueIndexes, memberUnitForm, ROLES, roleForm } from './schema';

/** The network's membership page: who belongs (and did), in which role, and which units are members. */
export function memberRoutes(db: Db, loadNetwork: (params: unknown) => Promise<Network>): Router {
  const router = Router();

  async function renderMembers(res: Response, network: Network, status = 200, values: Record<string, unknown> = {}, errors: FormErrors = {}) {
    const t = res.locals.t;
    const [current, past, units, candidates, unitChoices] = await Promise.all([
      networkMembers(db, network.id, 'current'),
      networkMembers(db, network.id, 'past'),
      memberUnits(db, network.id),
      membershipCandidates(db, network.id, network.regionId),
      unitCandidates(db, network.id, network.regionId),
    ]);
    const roleOptions = ROLES.map((role) => ({ value: role, label: t(`networks.roles.${role}`) }));
    res.status(status).render('networks/members', {
      title: t('networks.members.title', { name: network.name }),
      network,
      current: current.map((member) => ({ ...member, roleOptions })),
      past,
      units,
      values,
      errors,
      roleOptions,
      candidateOptions: candidates.map((p) => ({ value: p.id, label: `${p.name} – ${p.organisation}, ${p.unitName}` })),
      unitOptions: unitChoices.map((u) => ({ value: u.id, label: `${u.organisation} – ${u.name}` })),
      breadcrumbs: [...networkBreadcrumbs(res, network), { href: `/networks/${network.id}`, label: network.name }],
    });
  }

  router.get('/networks/:id/members', async (req, res) => {
    await renderMembers(res, await loadNetwork(req.params));
  });

  router.post('/networks/:id/memberships', async (req, res) => {
    const network = await loadNetwork(req.params);
    await submitForm(res, {
      input: req.body,
      schema: membershipForm,
      unique: membershipUniqueIndexes,
      render: (status, errors) => renderMembers(res, network, status, req.body, errors),
      save: async (form) => {
        const candidates = await membershipCandidates(db, network.id, network.regionId);
        if (!candidates.some((c) => c.id === form.participantId)) throw new FieldError('participantId', 'errors.choice');
        await addMembership(db, network.id, form.participantId, form.role);
        return `/networks/${network.id}/members`;
      },
      saved: 'networks.members.added',
    });
  });

  router.post('/networks/:id/memberships/:memberId/role', async (req, res) => {
    const { network, memberId } = await loadMember(req);
    await submitForm(res, {
      input: req.body,
      schema: roleForm,
      unique: membershipUniqueIndexes,
      render: (status, errors) => renderMembers(res, network, status, {}, errors),
      save: async (form) => {
        await changeRole(db, network.id, memberId, form.role);
        return `/networks/${network.id}/members`;
      },
      saved: 'networks.members.roleChanged',
    });
  });

  router.post('/networks/:id/memberships/:memberId/end', async (req, res) => {
    const { network, memberId } = await loadMember(req);
    await endMembership(db, memberId);
    res.locals.setFlash('networks.members.ended');
    res.redirect(303, `/networks/${network.id}/members`);
  });

  router.post('/networks/:id/units', async (req, res) => {
    const network = await loadNetwork(req.params);
    await submitForm(res, {
      input: req.body,
      schema: memberUnitForm,
      unique: membershipUniqueIndexes,
      render: (status, errors) => renderMembers(res, network, status, req.body, errors),
      save: async (form) => {
        const choices = await unitCandidates(db, network.id, network.regionId);
        if (!choices.some((u) => u.id === form.unitId)) throw new FieldError('unitId', 'errors.choice');
        await addMemberUnit(db, network.id, form.unitId);
        return `/networks/${network.id}/members`;
      },
      saved: 'networks.members.unitAdded',
    });
  });

  router.post('/networks/:id/units/:memberId/end', async (req, res) => {
    const parsed = memberParams.safeParse(req.params);
    if (!parsed.success) throw new NotFoundError('member unit');
    const network = await loadNetwork({ id: parsed.data.id });
    if (!(await endMemberUnit(db, network.id, parsed.data.memberId))) throw new NotFoundError('member unit');
    res.locals.setFlash('networks.members.unitEnded');
    res.redirect(303, `/networks/${network.id}/members`);
  });

  async function loadMember(req: Request) {
    const parsed = memberParams.safeParse(req.params);
    if (!parsed.success) throw new NotFoundError('membership');
    const network = await loadNetwork({ id: parsed.data.id });
    if (!(await findMembership(db, network.id, parsed.data.memberId))) throw new NotFoundError('membership');
    return { network, memberId: parsed.data.memberId };
  }

  return router;
}
