import { hasStarted } from '../kernel/dates';
import { recordAudit, type AuditContext } from '../audit/record';
import { feedGatherings } from '../calendar/feeds';
import type { Db } from '../db/knex';
import { recordAnswer, type Recipient } from './queries';
import { uninvite } from './cancellations';
import { invitationMailOptions, sendInvitations, type InvitationConfig } from './send';
import { findNetwork } from '../networks/queries';
import { FieldError } from '../kernel/errors';
import type { StandInForm } from './schema';

/** A unique email taken between our look-up and the insert: the same message as a taken address. */
export const standInUniqueIndexes = {
  participants_email_unique: { field: 'email', messageKey: 'attendance.errors.emailTaken' },
  // Two stand-ins named at once for the same person, or the same person invited at once: the later one is refused.
  invitations_one_stand_in: { field: 'form', messageKey: 'attendance.errors.tryAgain' },
  invitations_gathering_id_participant_id_unique: { field: 'form', messageKey: 'attendance.errors.tryAgain' },
};

/** The fixed participant's own invitation to the gathering (not a stand-in's), with their unit. */
export async function fixedInvitation(db: Db, gatheringId: number, participantId: number) {
  return (await db('invitations as i')
    .join('participants as p', 'p.id', 'i.participant_id')
    .where({ 'i.gathering_id': gatheringId, 'i.participant_id': participantId })
    .whereNull('i.stands_in_for')
    .first('i.id', 'p.id as participantId', 'p.name', 'p.email', 'p.unit_id as unitId', 'p.language')) as
    | { id: number; participantId: number; name: string; email: string; unitId: number; language: 'nb' | 'nn' }
    | undefined;
}

/** Colleagues who may stand in: active participants of the same unit, not already invited otherwise. */
export async function standInCandidates(db: Db, gatheringId: number, fixed: { participantId: number; unitId: number }) {
  return (await db('participants as p')
    .where('p.unit_id', fixed.unitId)
    .whereNull('p.archived_at')
    .whereNot('p.id', fixed.participantId)
    .whereNotExists(
      db('invitations as i')
        .select(db.raw('1'))
        .whereRaw('i.participant_id = p.id and i.gathering_id = ?', [gatheringId])
        .where((q) => q.whereNull('i.stands_in_for').orWhereNot('i.stands_in_for', fixed.participantId)),
    )
    .orderBy('p.name')
    .limit(500)
    .select('p.id', 'p.name')) as { id: number; name: string }[];
}

/** The stand-in currently named for a fixed participant at a gathering. */
export async function currentStandIn(db: Db, gatheringId: number, fixedParticipantId: number) {
  return (await db('invitations as i')
    .join('participants as p', 'p.id', 'i.participant_id')
    .where({ 'i.gathering_id': gatheringId, 'i.stands_in_for': fixedParticipantId })
    .first('p.id', 'p.name')) as { id: number; name: string } | undefined;
}

/**
 * Names (or replaces) the stand-in for a fixed participant at one gathering, in the caller's
 * transaction: the substitute must belong to the same unit; a new person is created in that
 * unit. The substitute is invited to this gathering only (same email and calendar UID as
 * everyone else's invitation), a replaced stand-in is told they are no longer invited, and the fixed
 * participant's answer becomes 'no'. For a gathering already under way nothing is emailed:
 * the leader is recording who came.
 */
export async function nameStandIn(
  trx: Db,
  input: {
    gatheringId: number;
    fixedParticipantId: number;
    form: StandInForm;
    mailConfig: InvitationConfig;
    actor: { name: string; email: string };
    audit: AuditContext;
    field?: string;
  },
): Promise<{ standInId: number; replacedId?: number }> {
  const chooseField = input.form.participantId !== undefined ? 'participantId' : 'email';
  const fixed = await fixedInvitation(trx, input.gatheringId, input.fixedParticipantId);
  if (!fixed) throw new FieldError(input.field ?? 'form', 'attendance.errors.notFixed');
  const [gathering] = await feedGatherings(trx, { gatheringIds: [input.gatheringId] });
  if (!gathering || gathering.status === 'cancelled') throw new FieldError('form', 'attendance.errors.cancelled');
  const network = await networkOf(trx, gathering.id);
  if (!network) throw new FieldError('form', 'attendance.errors.cancelled');

  const substitute = await resolveSubstitute(trx, fixed, input.form, input.audit, network.regionId);
  const previous = await currentStandIn(trx, gathering.id, fixed.participantId);
  if (previous?.id !== substitute.participantId) {
    const invitedAlready = await trx('invitations')
      .where({ gathering_id: gathering.id, participant_id: substitute.participantId })
      .first('id');
    if (invitedAlready) throw new FieldError(chooseField, 'attendance.errors.alreadyInvited');
    const ahead = !hasStarted(gathering);
    const mail = await invitationMailOptions(trx, network, input.actor, input.mailConfig);
    if (previous) {
      await uninvite(trx, gathering.id, previous.id, { ...mail, reason: 'replaced', standingInFor: fixed.name });
      await trx('attendances').where({ gathering_id: gathering.id, participant_id: previous.id }).delete();
    }
    // The row carries stands_in_for first; sending then only bumps its sent version.
    await trx('invitations').insert({
      gathering_id: gathering.id,
      participant_id: substitute.participantId,
      sent_version: gathering.version,
      stands_in_for: fixed.participantId,
    });
    if (ahead)
      await sendInvitations(
        trx,
        [{ gathering, invite: [{ ...substitute, standingInFor: fixed.name }], update: [] }],
        mail,
      );
  }
  await recordAnswer(trx, fixed.id, 'no');
  await recordAudit(trx, input.audit, {
    action: 'nameStandIn',
    entityType: 'gatherings',
    entityId: gathering.id,
    regionId: network.regionId,
    before: { standIn: { forParticipantId: fixed.participantId, participantId: previous?.id ?? null } },
    after: { standIn: { forParticipantId: fixed.participantId, participantId: substitute.participantId } },
  });
  return {
    standInId: substitute.participantId,
    replacedId: previous && previous.id !== substitute.participantId ? previous.id : undefined,
  };
}

/**
 * Records a person's answer to their invitation. A fixed participant who answers that they come
 * after all, before the gathering, no longer needs their stand-in, who is told so.
 */
export async function answerInvitation(
  trx: Db,
  input: {
    invitation: { id: number; gatheringId: number; participantId: number; standsInFor: number | null };
    answer: 'yes' | 'maybe' | 'no';
    startsAt: Date;
    person: { name: string; email: string };
    mailConfig: InvitationConfig;
    audit: AuditContext;
  },
): Promise<void> {
  await recordAnswer(trx, input.invitation.id, input.answer);
  if (input.answer !== 'yes' || input.invitation.standsInFor !== null || hasStarted(input)) return;
  await removeStandIn(trx, {
    gatheringId: input.invitation.gatheringId,
    fixedParticipantId: input.invitation.participantId,
    mailConfig: input.mailConfig,
    actor: input.person,
    audit: input.audit,
  });
}

/** The network a gathering's emails go out from: its first (a joint fagdag has several). */
async function networkOf(trx: Db, gatheringId: number) {
  const networkId = (
    await trx('gathering_networks').where({ gathering_id: gatheringId }).orderBy('network_id').first('network_id')
  )?.network_id as number | undefined;
  return networkId ? findNetwork(trx, networkId) : undefined;
}

/**
 * Takes the stand-in for a fixed participant off a gathering (the leader removes them, or the
 * fixed participant answers that they come after all): the stand-in is told they need not come.
 * Returns whether there was one.
 */
export async function removeStandIn(
  trx: Db,
  input: {
    gatheringId: number;
    fixedParticipantId: number;
    mailConfig: InvitationConfig;
    actor: { name: string; email: string };
    audit: AuditContext;
  },
): Promise<boolean> {
  const [standIn, fixed, network] = [
    await currentStandIn(trx, input.gatheringId, input.fixedParticipantId),
    await fixedInvitation(trx, input.gatheringId, input.fixedParticipantId),
    await networkOf(trx, input.gatheringId),
  ];
  if (!standIn || !fixed || !network) return false;
  const mail = await invitationMailOptions(trx, network, input.actor, input.mailConfig);
  await uninvite(trx, input.gatheringId, standIn.id, { ...mail, reason: 'notNeeded', standingInFor: fixed.name });
  await trx('attendances').where({ gathering_id: input.gatheringId, participant_id: standIn.id }).delete();
  await recordAudit(trx, input.audit, {
    action: 'removeStandIn',
    entityType: 'gatherings',
    entityId: input.gatheringId,
    regionId: network.regionId,
    before: { standIn: { forParticipantId: fixed.participantId, participantId: standIn.id } },
    after: { standIn: null },
  });
  return true;
}

async function resolveSubstitute(
  trx: Db,
  fixed: { participantId: number; unitId: number; language: 'nb' | 'nn' },
  form: StandInForm,
  audit: AuditContext,
  regionId: number,
): Promise<Recipient> {
  const columns = [
    'id as participantId',
    'name',
    'email',
    'language',
    'unit_id as unitId',
    'archived_at as archivedAt',
  ];
  type Row = Recipient & { unitId: number; archivedAt: Date | null };
  if (form.participantId !== undefined) {
    const chosen = (await trx('participants').where({ id: form.participantId }).first(columns)) as Row | undefined;
    if (!chosen || chosen.unitId !== fixed.unitId || chosen.archivedAt || chosen.participantId === fixed.participantId)
      throw new FieldError('participantId', 'attendance.errors.standInChoice');
    return recipient(chosen);
  }
  const existing = (await trx('participants').whereRaw('lower(email) = ?', [form.email]).first(columns)) as
    | Row
    | undefined;
  if (existing) {
    if (existing.unitId !== fixed.unitId) throw new FieldError('email', 'attendance.errors.otherUnit');
    if (existing.archivedAt || existing.participantId === fixed.participantId)
      throw new FieldError('email', 'attendance.errors.emailTaken');
    return recipient(existing);
  }
  const [created] = await trx('participants')
    .insert({
      unit_id: fixed.unitId,
      name: form.name,
      email: form.email,
      profession: form.profession,
      language: fixed.language,
    })
    .returning(['id']);
  const id = (created as { id: number }).id;
  await recordAudit(trx, audit, {
    action: 'create',
    entityType: 'participants',
    entityId: id,
    regionId,
    after: { name: form.name, email: form.email, unitId: fixed.unitId, asStandIn: true },
  });
  return { participantId: id, name: form.name, email: form.email, language: fixed.language };
}

const recipient = (row: Recipient): Recipient => ({
  participantId: row.participantId,
  name: row.name,
  email: row.email,
  language: row.language,
});
