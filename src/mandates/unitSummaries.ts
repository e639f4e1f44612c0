import type { Db } from '../db/knex';
import { yearRange } from '../kernel/dates';
import type { Language } from '../kernel/i18n';
import { type EmailRequest, enqueueEmails } from '../mail/outbox';
import { MANAGER_LANGUAGE } from './queries';

/** Units handled per batch: a run goes on batch after batch until every unit has had its summary. */
const BATCH = 200;

interface UnitToSummarise {
  id: number;
  regionId: number;
  name: string;
  organisation: string;
  managerName: string;
  managerEmail: string;
  managerLanguage: Language;
  hosted: number;
  presented: number;
  cased: number;
  /** Actions from the year's minutes the unit answers for, and how many are still open. */
  actions: number;
  openActions: number;
}

interface PersonYear {
  unitId: number;
  name: string;
  networkName: string;
  invited: number;
  attended: number;
}

/** The year's held gatherings (accepted, over by now); bound to the year's start and end. */
const HELD = `select g.id, g.host_unit_id, g.case_unit_id from gatherings g
               where g.status = 'planned' and g.starts_at >= ? and g.starts_at < ? and g.ends_at <= now()`;

/**
 * Units with a manager's address whose people were invited to a held gathering in the year and
 * whose summary for it is not sent yet, with the unit's duties that year. Bounded by BATCH.
 */
async function unitsToSummarise(db: Db, year: number): Promise<UnitToSummarise[]> {
  const range = yearRange(year);
  const result = await db.raw(
    `with gs as (${HELD})
     select u.id, u.region_id as "regionId", u.name, u.organisation, u.manager_name as "managerName",
            u.manager_email as "managerEmail",
            ${MANAGER_LANGUAGE},
            (select count(*) from gs where gs.host_unit_id = u.id)::int as hosted,
            (select count(*) from gathering_presenters gp join gs on gs.id = gp.gathering_id where gp.unit_id = u.id)::int as presented,
            (select count(*) from gs where gs.case_unit_id = u.id)::int as cased,
            (select count(*) from minutes_actions ma join gs on gs.id = ma.gathering_id where ma.responsible_unit_id = u.id)::int as actions,
            (select count(*) from minutes_actions ma join gs on gs.id = ma.gathering_id
              where ma.responsible_unit_id = u.id and ma.closed_at is null)::int as "openActions"
       from units u
      where u.archived_at is null and u.manager_email <> ''
        and not exists (select 1 from unit_summaries_sent s where s.unit_id = u.id and s.year = ?)
        and exists (select 1 from invitations i join gs on gs.id = i.gathering_id join participants p on p.id = i.participant_id
                     where p.unit_id = u.id and i.stands_in_for is null)
      order by u.id
      limit ?`,
    [range.from, range.to, year, BATCH],
  );
  return result.rows as UnitToSummarise[];
}

/** Each person of these units: per network, the year's held gatherings they were invited to and came to. */
async function peopleOf(db: Db, unitIds: number[], year: number): Promise<PersonYear[]> {
  const range = yearRange(year);
  const result = await db.raw(
    `with gs as (${HELD})
     select p.unit_id as "unitId", p.name, n.name as "networkName",
            count(distinct i.gathering_id)::int as invited,
            count(distinct a.gathering_id)::int as attended
       from invitations i
       join gs on gs.id = i.gathering_id
       join participants p on p.id = i.participant_id
       join gathering_networks gn on gn.gathering_id = i.gathering_id
       join networks n on n.id = gn.network_id
       left join attendances a on a.gathering_id = i.gathering_id and a.participant_id = p.id
      where p.unit_id = any(?) and i.stands_in_for is null and p.erased_at is null
        and exists (select 1 from memberships m where m.participant_id = p.id and m.network_id = n.id)
      group by p.unit_id, p.id, p.name, n.id, n.name
      order by p.name, n.name
      limit 20000`,
    [range.from, range.to, unitIds],
  );
  return result.rows as PersonYear[];
}

/**
 * Once a year each unit manager gets a short summary of the unit's participation in the year
 * before: per person and network, gatherings attended of those invited, the duties the unit
 * held, and the actions from the minutes it answers for. Each unit once per year, even when two runs overlap (the row in unit_summaries_sent is
 * written in the same transaction as the email is queued). Returns how many were queued.
 */
export async function sendUnitSummaries(db: Db, year: number, baseUrl: string): Promise<number> {
  let queued = 0;
  for (;;) {
    // biome-ignore lint/performance/noAwaitInLoops: one batch of units after the other, each its own transaction
    const units = await unitsToSummarise(db, year);
    if (units.length === 0) return queued;
    const people = await peopleOf(
      db,
      units.map((u) => u.id),
      year,
    );
    queued += await db.transaction(async (trx) => {
      const claimed = new Set(
        (
          await trx('unit_summaries_sent')
            .insert(units.map((u) => ({ unit_id: u.id, year })))
            .onConflict(['unit_id', 'year'])
            .ignore()
            .returning('unit_id')
        ).map((row: { unit_id: number }) => row.unit_id),
      );
      const emails: EmailRequest[] = units
        .filter((u) => claimed.has(u.id))
        .map((u) => ({
          template: 'unitSummary',
          to: { email: u.managerEmail, language: u.managerLanguage },
          regionId: u.regionId,
          params: {
            managerName: u.managerName,
            unit: `${u.organisation} – ${u.name}`,
            year,
            people: people.filter((p) => p.unitId === u.id),
            hosted: u.hosted,
            presented: u.presented,
            cased: u.cased,
            actions: u.actions,
            openActions: u.openActions,
            url: baseUrl,
          },
        }));
      if (emails.length > 0) await enqueueEmails(trx, emails, new URL(baseUrl).hostname);
      return emails.length;
    });
  }
}
