import { canManageMembers } from '../access/policy';
import { loadNetworkFor } from '../networks/access';
import { Router, type Request, type Response } from 'express';
import { recordAudit } from '../audit/record';
import type { Config } from '../kernel/config';
import type { Db } from '../db/knex';
import { cancelForLeaver } from '../invitations/cancellations';
import { invitationMailOptions, inviteNewMember } from '../invitations/send';
import { actorOf } from '../access/auth';
import { NotFoundError } from '../kernel/errors';
import { submitForm, type FormErrors } from '../web/forms';
import { FieldError } from '../kernel/errors';
import { auditContext } from '../audit/record';
import { networkBreadcrumbs } from '../networks/breadcrumbs';
import { missingFromWorkingGroup } from '../networks/composition';
import {
  addMembership,
  addMemberUnit,
  changeRole,
  endMembership,
  endMemberUnit,
  findMembership,
  memberUnits,
  membershipCandidates,
  networkMembers,
  unitCandidates,
} from '../networks/members';
import type { Network } from '../networks/queries';
import { memberParams, membershipForm, membershipUniqueIndexes, memberUnitForm, roleForm } from '../networks/schema';
import { ROLES } from '../access/roles';
import { actionLimit } from '../web/rateLimit';

/**
 * The network's membership page: who belongs (and did), in which role, and which units are
 * members. Joiners are invited to the gatherings ahead, leavers told they are no longer invited.
 * Only those who may manage the network's members (`canManageMembers`) reach it.
 */
export function memberRoutes(db: Db, config: Config): Router {
  const loadNetwork = (req: Request) => loadNetworkFor(db, req, canManageMembers);
  const router = Router();
  const membersPage = (network: Network) => `/networks/${network.id}/members`;

  async function renderMembers(
    req: Request,
    res: Response,
    network: Network,
    status = 200,
    values: Record<string, unknown> = {},
    errors: FormErrors = {},
  ) {
    const t = res.locals.t;
    const [current, past, units, candidates, unitChoices] = await Promise.all([
      networkMembers(db, network.id, 'current'),
      networkMembers(db, network.id, 'past'),
      memberUnits(db, network.id),
      membershipCandidates(db, network.id, network.regionId),
      unitCandidates(db, network.id, network.regionId),
    ]);
    const roleOptions = ROLES.map((role) => ({ value: role, label: t(`networks.roles.${role}`) }));
    const missing = missingFromWorkingGroup(current);
    res.status(status).render('networks/members', {
      title: t('networks.members.title', { name: network.name }),
      network,
      // Seed rule: the leader works with a group from the municipality, mental health care and addiction treatment.
      workingGroupLacks: missing.map((s) => t(`common.serviceTypes.${s}`)).join(', '),
      current,
      past,
      units,
      values,
      errors,
      roleOptions,
      candidateOptions: candidates.map((p) => ({ value: p.id, label: `${p.name} – ${p.organisation}, ${p.unitName}` })),
      unitOptions: unitChoices.map((u) => ({ value: u.id, label: `${u.organisation} – ${u.name}` })),
      breadcrumbs: [...networkBreadcrumbs(req, res, network), { href: `/networks/${network.id}`, label: network.name }],
    });
  }

  /** The membership named in the URL, which must be a current one of this network. */
  async function loadMember(req: Request) {
    const parsed = memberParams.safeParse(req.params);
    if (!parsed.success) throw new NotFoundError('membership');
    const network = await loadNetwork(req);
    const membership = await findMembership(db, network.id, parsed.data.memberId);
    if (!membership) throw new NotFoundError('membership');
    return { network, membership };
  }

  router.get('/networks/:id/members', async (req, res) => {
    await renderMembers(req, res, await loadNetwork(req));
  });

  router.post('/networks/:id/memberships', actionLimit(db, 'membership-add', { limit: 100 }), async (req, res) => {
    const network = await loadNetwork(req);
    await submitForm(res, {
      db,
      input: req.body,
      schema: membershipForm,
      unique: membershipUniqueIndexes,
      render: (status, errors) => renderMembers(req, res, network, status, req.body, errors),
      save: async (form, trx) => {
        const candidates = await membershipCandidates(trx, network.id, network.regionId);
        if (!candidates.some((c) => c.id === form.participantId))
          throw new FieldError('participantId', 'errors.choice');
        await addMembership(trx, network.id, form.participantId, form.role);
        // A newcomer gets the invitations already sent for the gatherings still ahead.
        await inviteNewMember(trx, form.participantId, await invitationMailOptions(trx, network, actorOf(req), config));
        await recordAudit(trx, auditContext(req), {
          action: 'addMember',
          entityType: 'networks',
          entityId: network.id,
          regionId: network.regionId,
          after: form,
        });
        return membersPage(network);
      },
      saved: 'networks.members.added',
    });
  });

  router.post('/networks/:id/memberships/:memberId/role', async (req, res) => {
    const { network, membership } = await loadMember(req);
    await submitForm(res, {
      db,
      input: req.body,
      schema: roleForm,
      unique: membershipUniqueIndexes,
      render: (status, errors) => renderMembers(req, res, network, status, {}, errors),
      save: async (form, trx) => {
        await changeRole(trx, network.id, membership.id, form.role);
        await recordAudit(trx, auditContext(req), {
          action: 'changeRole',
          entityType: 'networks',
          entityId: network.id,
          regionId: network.regionId,
          before: { role: membership.role },
          after: { role: form.role },
          about: { participantId: membership.participant_id },
        });
        return membersPage(network);
      },
      saved: 'networks.members.roleChanged',
    });
  });

  router.post(
    '/networks/:id/memberships/:memberId/end',
    actionLimit(db, 'membership-end', { limit: 100 }),
    async (req, res) => {
      const { network, membership } = await loadMember(req);
      await db.transaction(async (trx) => {
        await endMembership(trx, membership.id);
        await cancelForLeaver(
          trx,
          membership.participant_id,
          await invitationMailOptions(trx, network, actorOf(req), config),
        );
        await recordAudit(trx, auditContext(req), {
          action: 'endMember',
          entityType: 'networks',
          entityId: network.id,
          regionId: network.regionId,
          before: { role: membership.role },
          after: { role: null },
          about: { participantId: membership.participant_id },
        });
      });
      res.locals.setFlash('networks.members.ended');
      res.redirect(303, membersPage(network));
    },
  );

  router.post('/networks/:id/units', async (req, res) => {
    const network = await loadNetwork(req);
    await submitForm(res, {
      db,
      input: req.body,
      schema: memberUnitForm,
      unique: membershipUniqueIndexes,
      render: (status, errors) => renderMembers(req, res, network, status, req.body, errors),
      save: async (form, trx) => {
        const choices = await unitCandidates(trx, network.id, network.regionId);
        if (!choices.some((u) => u.id === form.unitId)) throw new FieldError('unitId', 'errors.choice');
        await addMemberUnit(trx, network.id, form.unitId);
        await recordAudit(trx, auditContext(req), {
          action: 'addUnit',
          entityType: 'networks',
          entityId: network.id,
          regionId: network.regionId,
          after: form,
        });
        return membersPage(network);
      },
      saved: 'networks.members.unitAdded',
    });
  });

  router.post('/networks/:id/units/:memberId/end', async (req, res) => {
    const parsed = memberParams.safeParse(req.params);
    if (!parsed.success) throw new NotFoundError('member unit');
    const network = await loadNetwork(req);
    const ended = await db.transaction(async (trx) => {
      const unitId = await endMemberUnit(trx, network.id, parsed.data.memberId);
      if (unitId)
        await recordAudit(trx, auditContext(req), {
          action: 'endUnit',
          entityType: 'networks',
          entityId: network.id,
          regionId: network.regionId,
          before: { unitId },
          after: { unitId: null },
        });
      return unitId;
    });
    if (!ended) throw new NotFoundError('member unit');
    res.locals.setFlash('networks.members.unitEnded');
    res.redirect(303, membersPage(network));
  });

  return router;
}
