import AxeBuilder from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { issueLoginToken } from '../../src/accounts/loginTokens';
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

run('the service catalogue in a real browser', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestApp();
    server = await listen(t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  test('a member finds a service by searching in Norwegian and prints "who does what" for the network', async () => {
    const region = await makeRegion(t.db, { name: 'Vestland sør' });
    const sector = await makeSector(t.db, {
      region_id: region,
      name: 'Bjørgvin DPS',
      municipalities: ['Bergen', 'Askøy'],
    });
    const network = await makeNetwork(t.db, { sector_id: sector, name: 'ROP-nettverk Bjørgvin' });
    const clinic = await makeUnit(t.db, {
      region_id: region,
      organisation: 'Helse Bergen',
      name: 'Ruspoliklinikken',
      service_type: 'addiction',
    });
    const team = await makeUnit(t.db, { region_id: region, organisation: 'Askøy kommune', name: 'ROP-teamet' });
    await t.db('network_units').insert([
      { network_id: network, unit_id: clinic },
      { network_id: network, unit_id: team },
    ]);
    await t.db('service_profiles').insert([
      {
        unit_id: clinic,
        offer: 'Poliklinisk rusbehandlingen for voksne, også for pårørende.',
        how_to_contact: 'Henvisning fra fastlege eller kommunen.',
        contact_phone: '55 00 00 00',
        contact_email: 'rus@helse-bergen.example',
        municipalities: ['Bergen'],
        confirmed_at: new Date(),
      },
      { unit_id: team, offer: 'Bolig og oppfølging i hjemmet.', municipalities: ['Askøy'], confirmed_at: new Date() },
    ]);
    const member = await makeParticipant(t.db, { unit_id: team, name: 'Mia Medlem' });
    await makeMembership(t.db, { network_id: network, participant_id: member });

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/login/verify?token=${await issueLoginToken(t.db, member)}`);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Logg inn' }).click()]);
    await page.goto(`${server.baseUrl}/me`);
    // Reached by clicking only: the menu's "Tjenestekatalog".
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('link', { name: 'Tjenestekatalog', exact: true }).click(),
    ]);
    await page.getByLabel('Søk i fritekst').fill('rusbehandling');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Søk', exact: true }).click()]);
    await expect(page.locator('#catalogue-count').textContent()).resolves.toContain('1');
    await expect(page.locator('.catalogue-list').textContent()).resolves.toContain('Ruspoliklinikken');
    await expect(page.locator('.catalogue-list').textContent()).resolves.not.toContain('ROP-teamet');
    await page.screenshot({ path: artifact('catalogue-search.png'), fullPage: true });
    expect(
      (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations.map(
        (v) => v.id,
      ),
    ).toEqual([]);

    // One unit's page, then the network's printable sheet, from the network's page.
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('link', { name: 'Helse Bergen – Ruspoliklinikken' }).click(),
    ]);
    await expect(page.locator('h1').textContent()).resolves.toContain('Ruspoliklinikken');
    await page.goto(`${server.baseUrl}/networks/${network}`);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Utskrift: hvem gjør hva' }).click()]);
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('h1').textContent()).resolves.toBe('Hvem gjør hva i vår sektor');
    await expect(page.locator('.catalogue-unit').count()).resolves.toBe(2);
    // On paper the links back are gone, and the sheet fits an A4 page's width.
    await expect(page.locator('.screen-only').isVisible()).resolves.toBe(false);
    await page.screenshot({ path: artifact('catalogue-print.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.length).toBeGreaterThan(1000);

    // Who's who, from the network's page: names for everyone, no one's contact details unless shared.
    await page.emulateMedia({ media: 'screen' });
    await page.goto(`${server.baseUrl}/networks/${network}`);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Hvem er hvem' }).click()]);
    await expect(page.locator('table').textContent()).resolves.toContain('Mia Medlem');
    await expect(page.locator('table').textContent()).resolves.toContain('Ikke delt');
    expect(
      (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations.map(
        (v) => v.id,
      ),
    ).toEqual([]);
    await page.screenshot({ path: artifact('catalogue-whos-who.png'), fullPage: true });
    await context.close();

    // KORUS edits a profile: an identity number in a field is refused there, the rest kept.
    const admin = await makeKorusAdmin(t.db, region);
    const korus = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const form = await korus.newPage();
    await form.goto(`${server.baseUrl}/login/verify?token=${await issueLoginToken(t.db, admin)}`);
    await Promise.all([form.waitForNavigation(), form.getByRole('button', { name: 'Logg inn' }).click()]);
    await form.goto(`${server.baseUrl}/catalogue/units/${team}`);
    await Promise.all([form.waitForNavigation(), form.getByRole('link', { name: 'Rediger tjenesteprofilen' }).click()]);
    expect(
      (
        await new AxeBuilder({ page: form }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
      ).violations.map((v) => v.id),
    ).toEqual([]);
    await form.getByLabel('Målgruppe').fill('Gjelder blant andre 010100 12356');
    await form.getByLabel('Bergen').check();
    await Promise.all([form.waitForNavigation(), form.getByRole('button', { name: 'Lagre tjenesteprofilen' }).click()]);
    await expect(form.locator('#field-targetGroup-error').textContent()).resolves.toMatch(/fødselsnummer/i);
    await expect(form.getByLabel('Bergen').isChecked()).resolves.toBe(true);
    await form.screenshot({ path: artifact('catalogue-form-refused.png'), fullPage: true });
    await korus.close();
  });
});
