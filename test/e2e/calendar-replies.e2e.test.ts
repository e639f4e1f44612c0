import AxeBuilder from '@axe-core/playwright';
import { DateTime } from 'luxon';
import type { Browser } from 'playwright-core';
import { issueLoginToken } from '../../src/accounts/loginTokens';
import { parseItipAnswer } from '../../src/calendarReplies/itip';
import { recordCalendarAnswer } from '../../src/calendarReplies/record';
import { startTestApp, type TestApp } from '../support/app';
import { artifact, browserAvailable, launchBrowser } from '../support/browser';
import { makeGathering, makeMember, makeNetwork } from '../support/factories';
import { replyMessage, type ReplyFixture } from '../support/replies';
import { listen } from '../support/server';

const run = browserAvailable() ? describe : describe.skip;

run('calendar answers in a real browser', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Browser;
  let leader: number;
  let gatheringId: number;

  beforeAll(async () => {
    t = await startTestApp({ REPLY_ADDRESS: 'svar@samling.test' });
    server = await listen(t);
    browser = await launchBrowser();
    const network = await makeNetwork(t.db, { name: 'ROP-nettverk Solli DPS' });
    leader = await makeMember(t.db, network, { role: 'leader', name: 'Ola Vik' });
    const people = [
      ['ingrid@kommune.example', 'Ingrid Solheim'],
      ['jon@nav.example', 'Jon Nilsen'],
      ['siv@brukerorg.example', 'Siv Hauge'],
    ] as const;
    const ids = [];
    for (const [email, name] of people) ids.push(await makeMember(t.db, network, { email, name }));
    gatheringId = await makeGathering(t.db, {
      networkIds: [network],
      startsAt: DateTime.now().plus({ days: 40 }).set({ hour: 12, minute: 0 }).toJSDate(),
      invite: [leader, ...ids],
    });
    const { uid } = (await t.db('gatherings').where({ id: gatheringId }).first('uid'))!;
    const answers: [ReplyFixture, string, string, string?][] = [
      ['outlook-accept', people[0][0], people[0][1]],
      ['google-decline', people[1][0], people[1][1]],
      ['outlook-counter', people[2][0], people[2][1]],
      ['apple-tentative', people[2][0], people[2][1], 'someone.else@example.org'],
    ];
    for (const [fixture, email, name, from] of answers) {
      const parsed = parseItipAnswer(
        replyMessage(fixture, {
          uid,
          attendee: email,
          attendeeName: name,
          to: 'svar@samling.test',
          proposedStart: '20270408T120000',
          proposedEnd: '20270408T150000',
        }).calendar,
      );
      if (!parsed.ok) throw new Error(fixture);
      await recordCalendarAnswer(t.db, {
        messageId: `${fixture}-${email}`,
        senders: [from ?? email],
        itip: parsed.itip,
        mailConfig: { BASE_URL: server.baseUrl, REPLY_ADDRESS: 'svar@samling.test' },
      });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  test('the leader clicks from the gathering to its calendar answers and reads what became of each', async () => {
    for (const [name, viewport] of [
      ['', { width: 1280, height: 900 }],
      ['-phone', { width: 390, height: 844 }],
    ] as const) {
      const context = await browser.newContext({ viewport, locale: 'nb-NO' });
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/login/verify?token=${await issueLoginToken(t.db, leader)}`);
      await page.getByRole('button', { name: 'Logg inn' }).click();
      await page.goto(`${server.baseUrl}/gatherings/${gatheringId}/edit`);
      await page.getByRole('link', { name: 'Svar fra kalenderen' }).click();
      await page.waitForURL(new RegExp(`/gatherings/${gatheringId}/calendar-replies$`));
      const rows = (name: RegExp) => page.getByRole('table').getByRole('row', { name }).count();
      expect(await rows(/Ingrid Solheim.*Kommer.*Registrert som svaret.*Outlook/)).toBe(1);
      expect(await rows(/Jon Nilsen.*Kan ikke.*Registrert som svaret.*Google Calendar/)).toBe(1);
      expect(await rows(/Siv Hauge.*Foreslår nytt tidspunkt.*Vist til deg/)).toBe(1);
      expect(await rows(/Siv Hauge.*Kanskje.*Ikke registrert.*annen adresse/)).toBe(1);
      await page.screenshot({ path: artifact(`calendar-replies${name}.png`), fullPage: true });
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(
        results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
      ).toEqual([]);
      await context.close();
    }
  });
});
