import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { DateTime } from 'luxon';
import { issueLoginToken } from '../../src/accounts/loginTokens';
import { startTestApp, type TestApp } from '../support/app';
import { artifact, browserAvailable, launchBrowser } from '../support/browser';
import { makeGathering, makeKorusAdmin, makeNetworkInRegion, makeRegion } from '../support/factories';
import { listen } from '../support/server';

const run = browserAvailable() ? describe : describe.skip;

const seriousViolations = async (page: Page) =>
  (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} ${v.nodes[0]?.target.join(' ')}`);

run('registering for a fagdag in a real browser', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Browser;
  let fagdag: number;
  let korus: number;

  beforeAll(async () => {
    t = await startTestApp();
    server = await listen(t);
    browser = await launchBrowser();
    const region = await makeRegion(t.db, { name: 'Vestland sør' });
    korus = await makeKorusAdmin(t.db, region);
    const networks = [
      await makeNetworkInRegion(t.db, region, { name: 'ROP-nettverk Solli' }),
      await makeNetworkInRegion(t.db, region, { name: 'ROP-nettverk Voss' }),
    ];
    const start = DateTime.now().setZone('Europe/Oslo').plus({ days: 45 }).set({ hour: 9, minute: 0, second: 0 });
    fagdag = await makeGathering(t.db, {
      networkIds: networks,
      startsAt: start.toJSDate(),
      kind: 'fagdag',
      topic: 'ROP-skole: samtidig rus og psykisk lidelse',
      venue: 'Solli DPS, store sal',
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  test('KORUS opens registration by clicking from the fagdag; a visitor registers on the public page without JavaScript', async () => {
    const admin = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await admin.goto(`${server.baseUrl}/login/verify?token=${await issueLoginToken(t.db, korus)}`);
    await admin.getByRole('button', { name: 'Logg inn' }).click();
    await admin.goto(`${server.baseUrl}/gatherings/${fagdag}`);
    await admin.getByRole('link', { name: 'Innstillinger for påmelding' }).click();
    await admin.getByLabel('Antall plasser').fill('40');
    const deadline = DateTime.now().setZone('Europe/Oslo').plus({ days: 30 }).toISODate() as string;
    await admin.getByLabel('Påmeldingsfrist (dato)').fill(deadline);
    await admin.getByLabel('Spørsmål til de påmeldte').fill('Hensyn til kost?');
    await admin.getByRole('button', { name: 'Lagre' }).click();
    expect(await admin.getByRole('status').first().textContent()).toContain('Innstillingene for påmelding er lagret');
    const publicUrl = (await admin.locator('#public-link').getAttribute('href')) as string;
    expect(publicUrl).toMatch(/\/pamelding\/[A-Za-z0-9_-]+$/);

    // The visitor: no sign-in, no script.
    const visitor = await (
      await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } })
    ).newPage();
    await visitor.goto(`${server.baseUrl}${new URL(publicUrl).pathname}`);
    expect(await visitor.locator('h1').textContent()).toContain('Påmelding til fagdag');
    expect(await visitor.textContent('body')).toContain('ROP-skole: samtidig rus og psykisk lidelse');
    // The honeypot is not something a person sees: it sits off screen.
    const box = await visitor.locator('#field-website').boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(0);
    await visitor.getByLabel('Navn').fill('Sigrid Solberg');
    await visitor.getByLabel('E-post').fill('sigrid@voss.example');
    await visitor.getByLabel('Arbeidssted').fill('Voss kommune – Rustenesta');
    await visitor.getByLabel('Hensyn til kost?').fill('Glutenfri');
    await visitor.screenshot({ path: artifact('registration-public.png'), fullPage: true });
    await visitor.getByRole('button', { name: 'Meld meg på' }).click();
    expect(await visitor.locator('h1').textContent()).toContain('Sjekk e-posten din');
    const row = await t.db('registrations').where({ gathering_id: fagdag }).first();
    expect(row).toMatchObject({ name: 'Sigrid Solberg', status: 'confirmed', answers: ['Glutenfri'] });

    // The public page checked for accessibility (axe needs script, so in a context of its own).
    const checked = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await checked.goto(`${server.baseUrl}${new URL(publicUrl).pathname}`);
    expect(await seriousViolations(checked)).toEqual([]);

    // KORUS sees her on the list, reached by clicking.
    await admin.getByRole('link', { name: 'Påmeldte og venteliste' }).click();
    expect(await admin.textContent('body')).toContain('Sigrid Solberg');
    await admin.screenshot({ path: artifact('registration-list.png'), fullPage: true });
    expect(await seriousViolations(admin)).toEqual([]);
  });
});
