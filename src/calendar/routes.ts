import { createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { id } from '../kernel/fields';
import { loadActor } from '../access/actor';
import { canViewNetwork } from '../access/policy';
import type { Config } from '../kernel/config';
import type { CachedReads } from '../db/cachedReads';
import type { Db } from '../db/knex';
import { findNetwork, findNetworks } from '../networks/queries';
import { actorOf } from '../access/auth';
import { hashSecretToken } from '../kernel/secretTokens';
import { NotFoundError } from '../kernel/errors';
import type { Language } from '../kernel/i18n';
import { buildCalendar } from './event';
import { gatheringEvent } from './gatheringEvent';
import {
  feedGatherings,
  networksOfPerson,
  personByCalendarToken,
  renewCalendarToken,
  type FeedGathering,
} from './feeds';

const feedParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{32}$/) });
const networkFeedParams = feedParams.extend({ networkId: id() });
// Feeds are cached under the token's hash: the secret itself is not kept in memory.
const tokenKey = (token: string) => hashSecretToken(token).toString('base64url');

/**
 * Subscribable calendar feeds (webcal): a person's feed of all their networks' gatherings, and
 * one per network, behind a secret token the person renews from their page.
 */
export function calendarRoutes(
  db: Db,
  config: Config,
  reads: CachedReads,
): { publicRoutes: Router; personalRoutes: Router } {
  function calendarText(name: string, gatherings: FeedGathering[], language: Language): string {
    return buildCalendar({
      name,
      gatherings: gatherings.map((g) => gatheringEvent(g, language, config.BASE_URL)),
    });
  }

  /**
   * A feed as calendar programs fetch it again and again: built once until the data changes, with
   * an ETag worked out with it, so a program asking whether it changed gets 304 without a body.
   * Undefined is "not there" (and never kept).
   */
  async function sendFeed(req: Request, res: Response, key: string, build: () => Promise<string | undefined>) {
    const feed = await reads.get(`ics:${key}`, async () => {
      const text = await build();
      return text === undefined
        ? undefined
        : { text, etag: `"${createHash('sha1').update(text).digest('base64url')}"` };
    });
    if (feed === undefined) throw new NotFoundError('calendar feed');
    res.type('text/calendar; charset=utf-8');
    res.set({ 'Cache-Control': 'private, max-age=300', ETag: feed.etag });
    if (req.fresh) return void res.status(304).end();
    res.send(feed.text);
  }

  const publicRoutes = Router();
  publicRoutes.get('/calendar/:token.ics', async (req, res) => {
    const parsed = feedParams.safeParse(req.params);
    if (!parsed.success) throw new NotFoundError('calendar feed');
    const { token } = parsed.data;
    await sendFeed(req, res, tokenKey(token), async () => {
      const person = await personByCalendarToken(db, token);
      return (
        person &&
        calendarText(
          'Samling',
          await feedGatherings(db, { networkIds: await networksOfPerson(db, person.id) }),
          person.language,
        )
      );
    });
  });
  publicRoutes.get('/calendar/:token/networks/:networkId.ics', async (req, res) => {
    const parsed = networkFeedParams.safeParse(req.params);
    if (!parsed.success) throw new NotFoundError('calendar feed');
    const { token, networkId } = parsed.data;
    await sendFeed(req, res, `${tokenKey(token)}:${networkId}`, async () => {
      const person = await personByCalendarToken(db, token);
      const [network, actor] = person ? await Promise.all([findNetwork(db, networkId), loadActor(db, person.id)]) : [];
      // Only a network the token's owner may see; anything else is simply not there.
      if (!person || !network || !actor || !canViewNetwork(actor, network)) return undefined;
      return calendarText(network.name, await feedGatherings(db, { networkIds: [network.id] }), person.language);
    });
  });

  const personalRoutes = Router();
  personalRoutes.post('/me/calendar', async (req, res) => {
    const actor = actorOf(req);
    const token = await renewCalendarToken(db, actor.id);
    const base = new URL(config.BASE_URL);
    const webcal = (path: string) => `webcal://${base.host}${path}`;
    const networks = await findNetworks(db, [...actor.networks.keys()]);
    res.render('calendar/links', {
      title: res.locals.t('calendar.title'),
      personal: { https: new URL(`/calendar/${token}.ics`, base).toString(), webcal: webcal(`/calendar/${token}.ics`) },
      networks: networks.map((n) => ({
        name: n.name,
        https: new URL(`/calendar/${token}/networks/${n.id}.ics`, base).toString(),
      })),
    });
  });

  return { publicRoutes, personalRoutes };
}
