import { writeFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { DateTime } from 'luxon';
import type { Browser } from 'playwright-core';
import { issueLoginToken } from '../../src/accounts/loginTokens';
import { startTestApp, type TestApp } from '../support/app';
import { artifact, browserAvailable, launchBrowser } from '../support/browser';
import { makeGathering, makeMember, makeNetworkInRegion, makeRegion } from '../support/factories';
import { pdfWithPages } from '../support/materialFiles';
import { listen } from '../support/server';

const run = browserAvailable() ? describe : describe.skip;

run('materials in a real browser', () => {
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

  test('a leader finds the gathering by clicking, attaches a PDF, sees it listed and downloads it; a PDF with a fødselsnummer is refused at the field', async () => {
    const region = await makeRegion(t.db, { name: 'Hordaland' });
    const network = await makeNetworkInRegion(t.db, region, { name: 'ROP Bjørgvin' });
    const leader = await makeMember(t.db, network, { role: 'leader', name: 'Liv Leder' });
    // A gathering in this year in Oslo (the network page shows this year's), a week away.
    const now = DateTime.now().setZone('Europe/Oslo');
    const startsAt = (now.month === 12 ? now.minus({ days: 7 }) : now.plus({ days: 7 })).set({ hour: 12 }).toJSDate();
    const gathering = await makeGathering(t.db, { networkIds: [network], startsAt, topic: 'Rus og psykose' });
    const good = artifact('materials-lysark.pdf');
    writeFileSync(good, pdfWithPages(['Velkommen', 'Program for dagen']));
    const bad = artifact('materials-kasus.pdf');
    writeFileSync(bad, pdfWithPages(['Kasus', 'Pasient 15076500565']));

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/login/verify?token=${await issueLoginToken(t.db, leader)}`);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Logg inn' }).click()]);
    await page.goto(`${server.baseUrl}/networks/${network}`);
    await Promise.all([page.waitForNavigation(), page.click(`a[href="/gatherings/${gathering}"]`)]);

    await page.setInputFiles('#material-upload input[type=file]', good);
    await Promise.all([page.waitForNavigation(), page.click('#material-upload button[type=submit]')]);
    expect(page.url()).toBe(`${server.baseUrl}/gatherings/${gathering}/materials`);
    await expect(page.locator('#material-list').textContent()).resolves.toContain('materials-lysark.pdf');
    expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
    await page.screenshot({ path: artifact('materials-page.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#material-list a[download]')]);
    expect(download.suggestedFilename()).toBe('materials-lysark.pdf');

    await page.setInputFiles('#material-upload input[type=file]', bad);
    await Promise.all([page.waitForNavigation(), page.click('#material-upload button[type=submit]')]);
    await expect(page.locator('#field-file-error').textContent()).resolves.toContain(
      'Filen inneholder et fødselsnummer på side 2',
    );
    await expect(page.locator('#material-list li').count()).resolves.toBe(1);
    await context.close();
  });
});
