import { DateTime } from 'luxon';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { issueLoginToken } from '../../src/accounts/loginTokens';
import { hashSecretToken, newSecretToken } from '../../src/kernel/secretTokens';
import { startTestApp, type TestApp } from '../support/app';
import { artifact, browserAvailable, launchBrowser } from '../support/browser';
import {
  makeKorusAdmin,
  makeMembership,
  makeNetwork,
  makeParticipant,
  makeRegion,
  makeSector,
  makeUnit,
} from '../support/factories';
import { listen } from '../support/server';

const run = browserAvailable() ? describe : describe.skip;

run('pages in a real browser', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Browser;
  let page: Page;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await startTestApp();
    server = await listen(t);
    browser = await launchBrowser();
    const db = t.db;
    ids.region = await makeRegion(db, { name: 'Vestland sør', korus_centre: 'KORUS Vest Bergen' });
    ids.sector = await makeSector(db, {
      region_id: ids.region,
      name: 'Solli DPS',
      municipalities: ['Bjørnafjorden', 'Austevoll', 'Samnanger'],
    });
    ids.network = await makeNetwork(db, { sector_id: ids.sector, name: 'ROP-nettverk Solli DPS' });
    const units = [
      ['Bjørnafjorden kommune', 'Psykisk helse og rus', 'municipal'],
      ['Helse Bergen', 'Solli DPS, poliklinikk', 'mentalHealth'],
      ['Helse Bergen', 'AFR, poliklinikk Os', 'addiction'],
      ['NAV Bjørnafjorden', 'Oppfølging', 'welfare'],
      ['Mental Helse Hordaland', 'Brukerrepresentanter', 'userOrganisation'],
    ] as const;
    const people = [
      ['Ingrid Solheim', 'nurse'],
      ['Ola Vik', 'psychologist'],
      ['Marte Berge', 'physician'],
      ['Jon Nilsen', 'navAdviser'],
      ['Siv Hauge', 'experienceConsultant'],
    ] as const;
    for (const [i, [organisation, name, type]] of units.entries()) {
      const unit = await makeUnit(db, {
        region_id: ids.region,
        organisation,
        name,
        service_type: type,
        address: 'Hamnevegen 1, 5200 Os',
      });
      await db('network_units').insert({ network_id: ids.network, unit_id: unit });
      const [personName, profession] = people[i] as readonly [string, string];
      const person = await makeParticipant(db, {
        unit_id: unit,
        name: personName,
        profession,
        is_user_representative: type === 'userOrganisation',
      });
      await makeMembership(db, {
        network_id: ids.network,
        participant_id: person,
        role: i === 1 ? 'leader' : i === 0 ? 'workingGroup' : 'participant',
      });
      ids[`unit${i}`] = unit;
    }
    const year = DateTime.now().setZone('Europe/Oslo').year;
    for (const [month, day, format] of [
      [3, 12, 'physical'],
      [6, 11, 'digital'],
      [9, 17, 'physical'],
      [11, 26, 'hybrid'],
    ] as const) {
      const start = DateTime.fromObject({ year, month, day, hour: 12 }, { zone: 'Europe/Oslo' });
      const [g] = await db('gatherings')
        .insert({
          starts_at: start.toJSDate(),
          ends_at: start.plus({ hours: 3 }).toJSDate(),
          format,
          status: 'planned',
          topic: 'Gode og mindre gode pasientforløp',
          host_unit_id: format === 'digital' ? null : ids.unit1,
          venue: 'Solli DPS, Nesttun',
        })
        .returning('id');
      await db('gathering_networks').insert({ gathering_id: g!.id, network_id: ids.network });
    }
    ids.admin = await makeKorusAdmin(db, ids.region);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nb-NO' });
    page = await context.newPage();
    const token = await issueLoginToken(db, ids.admin);
    await page.goto(`${server.baseUrl}/login/verify?token=${token}`);
    await page.getByRole('button', { name: 'Logg inn' }).click();
  });

  /** WCAG 2.1 AA: no serious or critical violations. */
  async function expectAccessible(path: string, on: Page = page) {
    const results = await new AxeBuilder({ page: on }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const severe = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${path}: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(' ')}`);
    expect(severe).toEqual([]);
  }

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  test("the network page shows leader, units, participants and the year's gatherings", async () => {
    await page.goto(`${server.baseUrl}/networks/${ids.network}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('ROP-nettverk Solli DPS');
    await page.screenshot({ path: artifact('network.png'), fullPage: true });
    await expectAccessible('network');
  });

  test('a form with an error shows the message at the field and keeps the input', async () => {
    await page.goto(`${server.baseUrl}/participants/new`);
    await page.getByLabel('Navn').fill('Kari Nordmann');
    await page.getByLabel('E-post (jobb)').fill('ikke-en-epost');
    await page.getByRole('button', { name: 'Opprett' }).click();
    expect(await page.locator('#field-email-error').textContent()).toContain('gyldig e-postadresse');
    expect(await page.getByLabel('Navn').inputValue()).toBe('Kari Nordmann');
    await page.screenshot({ path: artifact('participant-form-error.png'), fullPage: true });
    await expectAccessible('participant form with errors');
  });

  test('the region and the participant list render on a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.baseUrl}/regions/${ids.region}`);
    await page.screenshot({ path: artifact('region-phone.png'), fullPage: true });
    await page.goto(`${server.baseUrl}/participants`);
    await page.screenshot({ path: artifact('participants-phone.png'), fullPage: true });
    await expectAccessible('participants on a phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('every page a KORUS admin reaches has no serious accessibility violations', async () => {
    const paths = [
      '/regions',
      `/regions/${ids.region}`,
      `/regions/${ids.region}/edit`,
      `/sectors/${ids.sector}`,
      `/sectors/${ids.sector}/edit`,
      `/networks/${ids.network}/members`,
      `/networks/${ids.network}/edit`,
      '/units',
      `/units/${ids.unit0}`,
      '/units/new',
      '/participants/new',
      '/audit',
      '/emails',
      '/me',
    ];
    for (const path of paths) {
      await page.goto(`${server.baseUrl}${path}`);
      expect(await page.locator('h1').count()).toBe(1);
      await expectAccessible(path);
    }
  });

  test('a participant sees what is coming on Min side, answers with the keyboard, and opens the agenda from the link in the invitation', async () => {
    const db = t.db;
    const ingrid = (await db('participants').where({ name: 'Ingrid Solheim' }).first('id'))!.id as number;
    const start = DateTime.now().setZone('Europe/Oslo').plus({ months: 2 }).set({ hour: 12, minute: 0 });
    const [g] = await db('gatherings')
      .insert({
        starts_at: start.toJSDate(),
        ends_at: start.plus({ hours: 3 }).toJSDate(),
        format: 'hybrid',
        status: 'planned',
        topic: 'Ambulante tjenester',
        venue: 'Solli DPS, Nesttun',
        meeting_url: 'https://teams.example/solli',
      })
      .returning('id');
    await db('gathering_networks').insert({ gathering_id: g!.id, network_id: ids.network });
    const item = (kind: string, title: string, minutes: number) => ({
      kind,
      title,
      description: '',
      durationMinutes: minutes,
      responsible: '',
    });
    await db('agenda_versions').insert({
      gathering_id: g!.id,
      version: 1,
      snapshot: JSON.stringify({
        topic: 'Ambulante tjenester',
        startTime: '12:00',
        endTime: '15:00',
        items: [
          item('welcome', 'Velkommen', 15),
          item('topicTalk', 'FACT-teamet forteller', 45),
          item('exchange', 'Erfaringsutveksling', 120),
        ],
      }),
    });
    const [invitation] = await db('invitations')
      .insert({ gathering_id: g!.id, participant_id: ingrid, sent_version: 1 })
      .returning('id');
    const rsvp = newSecretToken(24);
    await db('rsvp_tokens').insert({ token_hash: hashSecretToken(rsvp), invitation_id: invitation!.id });

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nb-NO' });
    const mine = await context.newPage();
    await mine.goto(`${server.baseUrl}/login/verify?token=${await issueLoginToken(db, ingrid)}`);
    await mine.getByRole('button', { name: 'Logg inn' }).click();
    await mine.goto(`${server.baseUrl}/me`);
    const card = mine.locator(`#gathering-${g!.id}`);
    await card.getByText('Du har ikke svart ennå.').waitFor();
    await card.getByText('12:15–13:00').waitFor();
    await mine.screenshot({ path: artifact('me-upcoming.png'), fullPage: true });
    await expectAccessible('/me with a gathering ahead', mine);
    // Keyboard only: Tab to the answer and press Enter.
    await card.getByRole('button', { name: 'Kommer' }).focus();
    await mine.keyboard.press('Enter');
    await mine.waitForURL(/\/me#gathering-/);
    await mine.getByText('Svaret ditt er lagret.').waitFor();
    expect(await mine.locator(`#gathering-${g!.id}`).textContent()).toContain('Ditt svar: Kommer');
    await mine.setViewportSize({ width: 390, height: 844 });
    await mine.screenshot({ path: artifact('me-upcoming-phone.png'), fullPage: true });
    expect(await mine.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await expectAccessible('/me on a phone', mine);
    await context.close();

    // The invitation's own link, in a browser that has never signed in.
    const anonymousContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const anonymous = await anonymousContext.newPage();
    await anonymous.goto(`${server.baseUrl}/rsvp/${rsvp}`);
    await anonymous.getByRole('link', { name: 'Se agendaen' }).click();
    expect(await anonymous.locator('h1').textContent()).toContain('Ambulante tjenester');
    expect(await anonymous.locator('td.time').allTextContents()).toEqual(['12:00–12:15', '12:15–13:00', '13:00–15:00']);
    await anonymous.screenshot({ path: artifact('agenda-from-invitation.png'), fullPage: true });
    await expectAccessible('agenda from the invitation link', anonymous);
    await anonymousContext.close();
  });

  test('the sign-in page, in nynorsk, is accessible too', async () => {
    const context = await browser.newContext();
    const anonymous = await context.newPage();
    await anonymous.goto(`${server.baseUrl}/login`);
    await anonymous.getByRole('button', { name: 'Nynorsk' }).click();
    expect(await anonymous.locator('h1').textContent()).toBe('Logg inn');
    expect(await anonymous.locator('html').getAttribute('lang')).toBe('nn');
    await anonymous.screenshot({ path: artifact('login-nn.png'), fullPage: true });
    const results = await new AxeBuilder({ page: anonymous })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(
      results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
    ).toEqual([]);
    await context.close();
  });

  test('a year plan is proposed with a click and the plan pages are accessible', async () => {
    const next = DateTime.now().setZone('Europe/Oslo').year + 1;
    await page.goto(`${server.baseUrl}/networks/${ids.network}/plan?year=${next}`);
    await page.getByRole('button', { name: `Foreslå årsplan for ${next}` }).click();
    expect(await page.locator('.gathering-card').count()).toBe(4);
    await page.screenshot({ path: artifact('year-plan.png'), fullPage: true });
    await expectAccessible('year plan');
    const edit = page.getByRole('link', { name: /^Endre/ }).first();
    await edit.click();
    await expectAccessible('gathering edit');
    for (const path of [
      `/networks/${ids.network}/settings`,
      `/networks/${ids.network}/duties`,
      `/regions/${ids.region}/plan?year=${next}`,
    ]) {
      await page.goto(`${server.baseUrl}${path}`);
      await expectAccessible(path);
    }
    await page.screenshot({ path: artifact('region-year.png'), fullPage: true });
  });

  test('an agenda is built from the template without JavaScript, and its print view is A4-ready', async () => {
    const next = DateTime.now().setZone('Europe/Oslo').year + 1;
    await page.goto(`${server.baseUrl}/networks/${ids.network}/plan?year=${next}`);
    await page
      .getByRole('link', { name: /^Agenda/ })
      .first()
      .click();
    await page.getByRole('button', { name: 'Lag agenda fra malen' }).click();
    expect(await page.locator('.agenda-item').count()).toBe(7);
    await page.getByLabel('Eller skriv et nytt tema').fill('Gode og mindre gode pasientforløp');
    await page.getByRole('button', { name: 'Bruk tema' }).click();
    await page.getByRole('button', { name: /Flytt ned – Faglig innlegg/ }).click();
    await page.screenshot({ path: artifact('agenda-builder.png'), fullPage: true });
    await expectAccessible('agenda builder');
    await page.goto(`${page.url().replace(/\/agenda.*$/, '')}/agenda/print`);
    await page.screenshot({ path: artifact('agenda-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: artifact('agenda-print-media.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await expectAccessible('agenda print view');
  });

  test('the evaluation form works without signing in or JavaScript, shows errors at the fields, and is accessible', async () => {
    // A gathering two days ago: its evaluation is open (for 14 days), whatever day it is.
    const held = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    const [row] = await t
      .db('gatherings')
      .insert({
        starts_at: held,
        ends_at: new Date(held.getTime() + 3 * 3600 * 1000),
        format: 'physical',
        status: 'planned',
        topic: 'Evaluering i nettleseren',
      })
      .returning('id');
    const gathering = row!.id as number;
    await t.db('gathering_networks').insert({ gathering_id: gathering, network_id: ids.network });
    const people = (await t
      .db('memberships')
      .where({ network_id: ids.network })
      .orderBy('participant_id')
      .pluck('participant_id')) as number[];
    const tokens = people.slice(0, 4).map(() => newSecretToken(24));
    await t.db('evaluation_requests').insert(
      tokens.map((token, i) => ({
        gathering_id: gathering,
        participant_id: people[i],
        token_hash: hashSecretToken(token),
      })),
    );
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    const anonymous = await context.newPage();
    anonymous.setDefaultTimeout(5000);
    await anonymous.goto(`${server.baseUrl}/evaluation/${tokens[0]}`);
    await anonymous.getByRole('button', { name: 'Send evalueringen' }).click();
    expect(await anonymous.locator('#field-usefulness-error').textContent()).toBe('Velg et tall fra 1 til 5.');
    await anonymous.screenshot({ path: artifact('evaluation-form-error.png'), fullPage: true });
    // axe needs JavaScript in the page: the same form, with its errors, in a context that has it.
    const checking = await (await browser.newContext()).newPage();
    await checking.goto(`${server.baseUrl}/evaluation/${tokens[3]}`);
    await checking.getByRole('button', { name: 'Send evalueringen' }).click();
    const results = await new AxeBuilder({ page: checking })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(
      results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} ${v.nodes[0]?.target.join(' ')}`),
    ).toEqual([]);
    await checking.context().close();
    for (const [i, token] of tokens.slice(0, 3).entries()) {
      await anonymous.goto(`${server.baseUrl}/evaluation/${token}`);
      await anonymous.getByLabel(i === 0 ? '5 – svært nyttig' : String(4 - i)).check();
      await anonymous.getByRole('group', { name: 'Var temaet relevant for arbeidet ditt?' }).getByLabel('Ja').check();
      await anonymous
        .getByRole('group', { name: 'Var det nok tid til erfaringsutveksling?' })
        .getByLabel(i === 1 ? 'Nei' : 'Ja')
        .check();
      await anonymous.getByLabel('Hva fungerte bra?').fill(`Svar ${i + 1}`);
      await anonymous.getByLabel('Ønsker til tema for senere samlinger').fill('Samtykke og taushetsplikt');
      if (i === 0) await anonymous.screenshot({ path: artifact('evaluation-form.png'), fullPage: true });
      await anonymous.getByRole('button', { name: 'Send evalueringen' }).click();
      expect(await anonymous.getByRole('status').textContent()).toContain('Takk for svaret ditt!');
    }
    await context.close();
    // Results show once the evaluation has closed: the network closes its evaluations a day after.
    await t.db('networks').where({ id: ids.network }).update({ evaluation_days: 1 });
    await page.goto(`${server.baseUrl}/gatherings/${gathering}/evaluation`);
    expect(await page.locator('#usefulness-average').textContent()).toBe('3,3');
    await page.screenshot({ path: artifact('evaluation-results.png'), fullPage: true });
    await expectAccessible('evaluation results');
  }, 90_000);
});
