import { Router } from 'express';
import { actorOf } from '../access/auth';
import {
  authorize,
  canEditGatherings,
  canLeadMinutes,
  canManageMembers,
  canManageNetwork,
  canViewNetwork,
} from '../access/policy';
import { coveredTopics, lateAgendas } from '../agenda/queries';
import type { CachedReads } from '../db/cachedReads';
import type { Db } from '../db/knex';
import { gatheringsInYear } from '../gatherings/queries';
import { currentYearInOslo, daysBeforeInOslo, hasStarted, osloDate, todayInOslo } from '../kernel/dates';
import { openActionsOfNetwork } from '../minutes/queries';
import { responsibleOf } from '../minutes/snapshot';
import { networkBreadcrumbs } from '../networks/breadcrumbs';
import { memberUnits, networkMembers, type Member } from '../networks/members';
import { findNetwork } from '../networks/queries';
import { SERVICE_TYPES } from '../units/serviceTypes';
import { loadById } from '../kernel/params';
import { nextSteps } from './nextSteps';
import { gatheringProgress } from './progress';
import { goalsOf } from '../goals/queries';
import { renderCachedPage } from '../web/cachedPage';

/** Fixed participants grouped by their unit's service type, in the model's order. */
function groupByServiceType(members: Member[]) {
  return SERVICE_TYPES.map((serviceType) => ({
    serviceType,
    members: members.filter((m) => m.serviceType === serviceType),
  })).filter((group) => group.members.length > 0);
}

/** How far back into the year before the network page still lists gatherings (what is left after them). */
const RECENT_DAYS = 60;

/** The network's page (GET /networks/:id): its people, its year's gatherings and what is left to do for each. */
export function networkPageRoutes(db: Db, reads: CachedReads): Router {
  const router = Router();

  /**
   * What a network's page shows, in eight queries; the same for everyone until the data changes.
   * Its gatherings are the year's, and in the new year's first weeks also the last ones of the
   * year before, whose minutes, attendance and evaluation are still to be done.
   */
  const networkPage = (id: number, year: number, today: string) =>
    reads.get(`networkPage:${id}:${today}`, async () => {
      const network = await findNetwork(db, id);
      if (!network) return undefined;
      const [members, units, gatherings, topics, late, goals, openActions] = await Promise.all([
        networkMembers(db, network.id, 'current'),
        memberUnits(db, network.id),
        gatheringsInYear(db, network.id, year, daysBeforeInOslo(today, RECENT_DAYS)),
        coveredTopics(db, network.id),
        lateAgendas(db, { networkId: network.id }),
        goalsOf(db, network.id, year),
        openActionsOfNetwork(db, network.id),
      ]);
      const progress = await gatheringProgress(
        db,
        gatherings.map((g) => g.id),
      );
      return { network, members, units, gatherings, topics, late, progress, goals, openActions };
    });

  router.get('/networks/:id', async (req, res) => {
    const year = currentYearInOslo();
    const today = todayInOslo();
    const { network, members, units, gatherings, topics, late, progress, goals, openActions } = await loadById(
      req.params,
      (id) => networkPage(id, year, today),
    );
    const actor = actorOf(req);
    authorize(canViewNetwork(actor, network));
    const editor = canEditGatherings(actor, network);
    // Everything the body shows that depends on the reader: it is part of the kept body's key.
    const can = {
      manage: canManageNetwork(actor, network),
      members: canManageMembers(actor, network),
      gatherings: editor,
    };
    const closable = openActions.map((a) => canLeadMinutes(actor, Array(a.networkCount).fill(network)));
    await renderCachedPage(req, res, reads, {
      view: 'networks/show',
      key: `${network.id}:${year}:${today}:${JSON.stringify([can, closable])}`,
      layout: { title: network.name, breadcrumbs: networkBreadcrumbs(req, res, network) },
      body: () => {
        const thisYear = gatherings.filter((g) => osloDate(g.startsAt).startsWith(String(year)));
        const now = new Date();
        // What is still to do after (and before) each gathering, for those who do it; a late agenda has its own tag.
        const stepsOf = (id: number) => {
          const p = progress.get(id);
          if (!editor || !p) return [];
          return nextSteps(p, now)
            .filter((s) => s.code !== 'publishAgenda')
            .map((s) => ({ ...s, text: res.locals.t(`gatherings.steps.${s.code}`) }));
        };
        return {
          network,
          year,
          leader: members.find((m) => m.role === 'leader'),
          workingGroup: members.filter((m) => m.role === 'workingGroup'),
          participantGroups: groupByServiceType(members.filter((m) => m.role === 'participant')),
          participantCount: members.filter((m) => m.role === 'participant').length,
          units,
          gatherings: gatherings.map((g) => ({
            ...g,
            late: late.some((l) => l.id === g.id),
            steps: stepsOf(g.id),
            // Minutes are written once a gathering has started; members read them when published.
            minutes: g.status !== 'cancelled' && hasStarted(g, now),
            minutesPublished: progress.get(g.id)?.minutesPublished ?? false,
          })),
          // Closed by those who lead the gathering's minutes (for a joint fagdag, KORUS of its networks).
          openActions: openActions.map((a, i) => ({ ...a, responsible: responsibleOf(a), closable: closable[i] })),
          topics,
          goals,
          lateCount: late.length,
          // Cancelled gatherings are listed (struck through) but never counted.
          heldOrPlannedCount: thisYear.filter((g) => g.status !== 'cancelled').length,
          physicalCount: thisYear.filter((g) => g.status === 'planned' && g.format !== 'digital').length,
          withRecent: thisYear.length < gatherings.length,
          previousYear: year - 1,
          can,
        };
      },
    });
  });
  return router;
}
