import { randomUUID } from 'node:crypto';
import type { Actor } from '../access/actor';
import { canChangePerson } from '../access/policy';
import type { Role } from '../access/roles';
import type { Db } from '../db/knex';
import { todayInOslo } from '../kernel/dates';
import { findPersonRoles } from '../participants/queries';
import type { ExistingPerson, ExistingUnit, RowPlan, RowSteps, Scope } from './plan';

/** How long a read file waits for its confirmation. */
export const DRAFT_LIFETIME_MINUTES = 60;

export interface Draft {
  id: string;
  fileName: string;
  headers: string[];
  rows: string[][];
}

/** Drafts nobody confirmed within the hour are deleted (called on every import request). */
export async function dropExpiredDrafts(db: Db): Promise<void> {
  await db('import_drafts')
    .where('created_at', '<', db.raw(`now() - interval '${DRAFT_LIFETIME_MINUTES} minutes'`))
    .delete();
}

export async function saveDraft(
  db: Db,
  draft: { actorId: number; scope: Scope; fileName: string; headers: string[]; rows: string[][] },
): Promise<string> {
  const id = randomUUID();
  await db('import_drafts').insert({
    id,
    actor_id: draft.actorId,
    scope_kind: draft.scope.kind,
    scope_id: scopeId(draft.scope),
    file_name: draft.fileName,
    headers: JSON.stringify(draft.headers),
    rows: JSON.stringify(draft.rows),
  });
  return id;
}

/** The actor's own draft for this scope, if it has not expired. */
export async function findDraft(db: Db, id: string, actorId: number, scope: Scope): Promise<Draft | undefined> {
  const row = await db('import_drafts')
    .where({ id, actor_id: actorId, scope_kind: scope.kind, scope_id: scopeId(scope) })
    .where('created_at', '>=', db.raw(`now() - interval '${DRAFT_LIFETIME_MINUTES} minutes'`))
    .first();
  if (!row) return undefined;
  return { id: row.id, fileName: row.file_name, headers: row.headers as string[], rows: row.rows as string[][] };
}

export async function deleteDraft(db: Db, id: string): Promise<void> {
  await db('import_drafts').where({ id }).delete();
}

const scopeId = (scope: Scope) => (scope.kind === 'region' ? scope.regionId : scope.networkId);

/** The region's units, and whether each is a current member of the scope's network. */
export async function existingUnits(db: Db, scope: Scope): Promise<ExistingUnit[]> {
  const rows = await db('units as u')
    .where('u.region_id', scope.regionId)
    .select('u.id', 'u.organisation', 'u.name', 'u.archived_at')
    .select(
      scope.kind === 'network'
        ? db.raw(
            'exists (select 1 from network_units nu where nu.unit_id = u.id and nu.network_id = ? and nu.left_on is null) as "inNetwork"',
            [scope.networkId],
          )
        : db.raw('false as "inNetwork"'),
    );
  return rows.map(
    (u: { id: number; organisation: string; name: string; archived_at: Date | null; inNetwork: boolean }) => ({
      id: u.id,
      organisation: u.organisation,
      name: u.name,
      archived: u.archived_at !== null,
      inNetwork: u.inNetwork,
    }),
  );
}

/** The people the sheet's addresses name (lower-cased), whether the actor may edit them unchecked. */
export async function existingPeople(db: Db, scope: Scope, emails: string[]): Promise<Map<string, ExistingPerson>> {
  const people = new Map<string, ExistingPerson>();
  for (let i = 0; i < emails.length; i += 1000) {
    // biome-ignore lint/performance/noAwaitInLoops: a transaction runs its queries one after the other; a thousand addresses a query
    const rows = await db('participants as p')
      .join('units as u', 'u.id', 'p.unit_id')
      .whereRaw('lower(p.email) = any(?)', [emails.slice(i, i + 1000)])
      .select('p.id', 'p.email', 'p.name', 'p.phone', 'p.unit_id', 'p.profession', 'p.language', 'u.region_id')
      .select(db.raw('(p.archived_at is not null or p.erased_at is not null) as archived'))
      .select(
        scope.kind === 'network'
          ? db.raw(
              'exists (select 1 from memberships m where m.participant_id = p.id and m.network_id = ? and m.ends_on is null) as "isMember"',
              [scope.networkId],
            )
          : db.raw('false as "isMember"'),
      );
    for (const p of rows)
      people.set(p.email.toLowerCase(), {
        id: p.id,
        email: p.email,
        name: p.name,
        phone: p.phone,
        unitId: p.unit_id,
        profession: p.profession,
        language: p.language,
        regionId: p.region_id,
        archived: p.archived,
        mayEdit: true,
        isMember: p.isMember,
      });
  }
  return people;
}

/** Marks those the actor may not edit (canChangePerson), asked only about people a sheet would change. */
export async function markWhoMayBeEdited(db: Db, actor: Actor, people: ExistingPerson[]): Promise<void> {
  for (const person of people) {
    // biome-ignore lint/performance/noAwaitInLoops: a transaction runs its queries one after the other; only people a sheet changes
    const roles = await findPersonRoles(db, person.id);
    person.mayEdit = roles !== undefined && canChangePerson(actor, roles, 'edit');
  }
}

/**
 * Writes what the plan says, in the caller's transaction: units made once, people created or
 * updated, units and people joining the scope's network. Refused rows write nothing. Gives the
 * ids of new members (for their invitations) and whether anything was written.
 */
export async function applyPlan(
  db: Db,
  scope: Scope,
  plans: RowPlan[],
): Promise<{ newMembers: number[]; wrote: boolean }> {
  const state: ApplyState = { createdUnits: new Map(), joinedUnits: new Set(), newMembers: [], wrote: false };
  // biome-ignore lint/performance/noAwaitInLoops: a transaction runs its queries one after the other, rows in sheet order
  for (const plan of plans) if (!plan.refused) await applyRow(db, scope, plan, state);
  return { newMembers: state.newMembers, wrote: state.wrote };
}

interface ApplyState {
  createdUnits: Map<string, number>;
  joinedUnits: Set<number>;
  newMembers: number[];
  wrote: boolean;
}

async function applyRow(db: Db, scope: Scope, plan: RowSteps, state: ApplyState): Promise<void> {
  const unitId = await applyUnit(db, scope, plan, state);
  let personId: number | undefined;
  const person = plan.person;
  if (person?.kind === 'new' && unitId !== undefined) {
    const [row] = await db('participants')
      .insert({
        unit_id: unitId,
        name: person.name,
        email: person.email,
        phone: person.phone,
        profession: person.profession,
        language: person.language,
      })
      .returning('id');
    personId = (row as { id: number }).id;
    state.wrote = true;
  } else if (person?.kind === 'update') {
    const { unitId: _unit, ...changes } = person.changes;
    await db('participants')
      .where({ id: person.id })
      .update({
        ...changes,
        ...('unitId' in person.changes && unitId !== undefined ? { unit_id: unitId } : {}),
        version: db.raw('version + 1'),
        updated_at: db.fn.now(),
      });
    personId = person.id;
    state.wrote = true;
  } else if (person?.kind === 'unchanged') personId = person.id;
  if (scope.kind === 'network' && personId !== undefined && plan.membership && plan.membership !== 'existing') {
    await db('memberships').insert({
      network_id: scope.networkId,
      participant_id: personId,
      role: plan.membership as Role,
      starts_on: todayInOslo(),
    });
    state.newMembers.push(personId);
    state.wrote = true;
  }
}

/** The row's unit: made once (the first row that names it), and joined to the scope's network once. */
async function applyUnit(db: Db, scope: Scope, plan: RowSteps, state: ApplyState): Promise<number | undefined> {
  if (!plan.unit) return undefined;
  let unitId = plan.unit.kind === 'matched' ? plan.unit.id : state.createdUnits.get(plan.unit.key);
  if (plan.unit.kind === 'created' && unitId === undefined) {
    const [row] = await db('units')
      .insert({
        region_id: scope.regionId,
        organisation: plan.unit.organisation,
        name: plan.unit.name,
        service_type: plan.unit.serviceType,
      })
      .returning('id');
    unitId = (row as { id: number }).id;
    state.createdUnits.set(plan.unit.key, unitId);
    state.wrote = true;
  }
  if (scope.kind === 'network' && unitId !== undefined && !state.joinedUnits.has(unitId)) {
    state.joinedUnits.add(unitId);
    if (!(plan.unit.kind === 'matched' && plan.unit.inNetwork)) {
      await db('network_units').insert({ network_id: scope.networkId, unit_id: unitId, joined_on: todayInOslo() });
      state.wrote = true;
    }
  }
  return unitId;
}
