import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { issueLoginToken } from '../../src/accounts/loginTokens';
import { startTestApp, type TestApp } from '../support/app';
import { artifact, browserAvailable, launchBrowser } from '../support/browser';
import { makeMembership, makeNetwork, makeParticipant, makeRegion, makeSector, makeUnit } from '../support/factories';
import { listen } from '../support/server';

const run = browserAvailable() ? describe : describe.skip;

run('the attendance page in a real browser', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Browser;
  let page: Page;
  let gatheringId: number;

  beforeAll(async () => {
    t = await startTestApp();
    server = await listen(t);
    browser = await launchBrowser();
    const db = t.db;
    const region = await makeRegion(db, { name: 'Vestland sør' });
    const network = await makeNetwork(db, {
      sector_id: await makeSector(db, { region_id: region, name: 'Solli DPS' }),
      name: 'ROP-nettverk Solli DPS',
    });
    const units = [
      ['Psykisk helse og rus', 'municipal', ['Ingrid Solheim', 'Kari Lunde']],
      ['Solli DPS, poliklinikk', 'mentalHealth', ['Ola Vik']],
      ['AFR, poliklinikk Os', 'addiction', ['Marte Berge']],
      ['NAV Bjørnafjorden', 'welfare', ['Jon Nilsen']],
    ] as const;
    const start = new Date(Date.now() - 26 * 3600 * 1000);
    const [g] = await db('gatherings')
      .insert({
        starts_at: start,
        ends_at: new Date(start.getTime() + 3 * 3600 * 1000),
        format: 'physical',
        status: 'planned',
        topic: 'Gode og mindre gode pasientforløp',
        venue: 'Solli DPS',
      })
      .returning('id');
    gatheringId = g!.id;
    await db('gathering_networks').insert({ gathering_id: gatheringId, network_id: network });
    const answers = ['yes', 'no', 'yes', null, 'maybe'];
    let leader = 0;
    let i = 0;
    for (const [name, type, people] of units) {
      const unit = await makeUnit(db, { region_id: region, name, service_type: type });
      for (const person of people) {
        const id = await makeParticipant(db, { unit_id: unit, name: person });
        await makeMembership(db, { network_id: network, participant_id: id, role: i === 2 ? 'leader' : 'participant' });
        if (i === 2) leader = id;
        await db('invitations').insert({
          gathering_id: gatheringId,
          participant_id: id,
          answer: answers[i],
          sent_version: 1,
        });
        i += 1;
      }
    }
    const kari = await db('participants').where({ name: 'Kari Lunde' }).first();
    const standIn = await makeParticipant(db, { unit_id: kari!.unit_id, name: 'Per Stedfortreder' });
    await db('invitations').insert({
      gathering_id: gatheringId,
      participant_id: standIn,
      sent_version: 1,
      stands_in_for: kari!.id,
      answer: 'yes',
    });
    await db('attendance_guests').insert({
      gathering_id: gatheringId,
      name: 'Gunn Gjest',
      unit_name: 'Bjørnafjorden kommune, barnevern',
      profession: 'Barnevernspedagog',
      service_type: 'municipal',
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nb-NO' });
    page = await context.newPage();
    const token = await issueLoginToken(db, leader);
    await page.goto(`${server.baseUrl}/login/verify?token=${token}`);
    await page.getByRole('button', { name: 'Logg inn' }).click();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  test('the leader marks who came and adds a guest without JavaScript; the page is accessible', async () => {
    await page.goto(`${server.baseUrl}/gatherings/${gatheringId}/attendance`);
    expect(await page.locator('h1').count()).toBe(1);
    await page.getByLabel('Kari Lunde').check();
    await page.getByRole('button', { name: 'Lagre oppmøte' }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('Oppmøtet er lagret');
    await page.getByLabel('Enhet eller tjeneste').fill('Pasient 010100 12356');
    await page.getByRole('button', { name: 'Legg til gjest' }).click();
    await page.screenshot({ path: artifact('attendance.png'), fullPage: true });
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(
      results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} ${v.nodes[0]?.target.join(' ')}`),
    ).toEqual([]);
  });
});
