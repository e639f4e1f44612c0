import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { issueLoginToken } from '../../src/accounts/loginTokens';
import { startTestApp, type TestApp } from '../support/app';
import { artifact, browserAvailable, launchBrowser } from '../support/browser';
import { makeGathering, makeMember, makeNetwork, makeRegion, makeSector, makeUnit } from '../support/factories';
import { listen } from '../support/server';

const run = browserAvailable() ? describe : describe.skip;

run('minutes in a real browser', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Browser;
  let page: Page;
  let networkId: number;
  let gatheringId: number;

  beforeAll(async () => {
    t = await startTestApp();
    server = await listen(t);
    browser = await launchBrowser();
    const db = t.db;
    const region = await makeRegion(db, { name: 'Vestland sør' });
    networkId = await makeNetwork(db, {
      sector_id: await makeSector(db, { region_id: region, name: 'Solli DPS' }),
      name: 'ROP-nettverk Solli DPS',
    });
    const unit = await makeUnit(db, {
      region_id: region,
      organisation: 'Bjørnafjorden kommune',
      name: 'Psykisk helse og rus',
    });
    await db('network_units').insert({ network_id: networkId, unit_id: unit });
    const leader = await makeMember(db, networkId, { role: 'leader', unit_id: unit, name: 'Ola Vik' });
    const member = await makeMember(db, networkId, { unit_id: unit, name: 'Kari Lunde' });
    gatheringId = await makeGathering(db, {
      networkIds: [networkId],
      startsAt: new Date(Date.now() - 26 * 3600 * 1000),
      topic: 'Gode og mindre gode pasientforløp',
      invite: [leader, member],
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

  test('the leader, only by clicking, writes minutes with an action, chooses a note-taker and publishes them', async () => {
    await page.goto(`${server.baseUrl}/networks/${networkId}`);
    await page.getByRole('link', { name: 'Referat', exact: true }).click();
    expect(page.url()).toContain(`/gatherings/${gatheringId}/minutes`);
    await page.getByLabel('Velg referent').selectOption({ label: 'Kari Lunde' });
    await page.getByRole('button', { name: 'Lagre referent' }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('Referenten er lagret');

    await page.getByRole('textbox', { name: /Hva ble diskutert/ }).fill('Vi gikk gjennom to pasientforløp.');
    await page
      .getByRole('textbox', { name: /Spørsmål til neste samling/ })
      .fill('Hvordan sikrer vi overgangen fra DPS?');
    await page.getByRole('button', { name: 'Lagre referatet' }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('Referatet er lagret');

    await page.getByLabel('Tiltak eller avtale').fill('Lage felles utskrivingsrutine');
    await page.getByLabel('Ansvarlig enhet').selectOption({ label: 'Bjørnafjorden kommune – Psykisk helse og rus' });
    await page.getByRole('button', { name: 'Legg til', exact: true }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('Tiltaket er lagt til');

    await page.getByRole('button', { name: 'Publiser referatet' }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('Referatet er publisert');
    expect(await page.locator('main').textContent()).toContain('Versjon 1 ble publisert');
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(
      results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} ${v.nodes[0]?.target.join(' ')}`),
    ).toEqual([]);
    await page.screenshot({ path: artifact('minutes.png'), fullPage: true });

    await page.getByRole('link', { name: 'Utskriftsvennlig referat' }).click();
    expect(await page.locator('h1').textContent()).toBe('Referat');
    expect(await page.locator('body').textContent()).toContain('Lage felles utskrivingsrutine');
    expect(await page.locator('body').textContent()).toContain('Kari Lunde');
    await page.screenshot({ path: artifact('minutes-print.png'), fullPage: true });

    // The open action is on the network page until it is closed.
    await page.goto(`${server.baseUrl}/networks/${networkId}`);
    const actions = page.locator('#actions');
    expect(await actions.textContent()).toContain('Lage felles utskrivingsrutine');
    await actions.getByRole('button', { name: /Lukk/ }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('Tiltaket er lukket');
    expect(await page.locator('#actions').textContent()).not.toContain('Lage felles utskrivingsrutine');
  });
});
