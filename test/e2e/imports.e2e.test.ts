import { writeFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { issueLoginToken } from '../../src/accounts/loginTokens';
import { startTestApp, type TestApp } from '../support/app';
import { artifact, browserAvailable, launchBrowser } from '../support/browser';
import { makeKorusAdmin, makeRegion } from '../support/factories';
import { listen } from '../support/server';

const run = browserAvailable() ? describe : describe.skip;

run('importing a spreadsheet in a real browser', () => {
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

  test('a KORUS admin uploads a sheet and reads, on a computer and a phone, what will happen to each row', async () => {
    const region = await makeRegion(t.db, { name: 'Sunnhordland' });
    const admin = await makeKorusAdmin(t.db, region);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Ark1');
    sheet.addRow(['Navn', 'E-post', 'Telefon', 'Virksomhet', 'Enhet', 'Yrke', 'Tjenestetype', 'Kommentar']);
    sheet.addRow([
      'Ola Nordmann',
      'ola@stord.example',
      '912 34 567',
      'Stord kommune',
      'Rus',
      'Sykepleier',
      'Kommune',
      '',
    ]);
    sheet.addRow([
      'Kari Lie',
      'kari@stord.example',
      '',
      'Stord kommune',
      'Rus',
      'Psykolog',
      'Kommune',
      'pnr 01010012356',
    ]);
    const file = artifact('import-upload.xlsx');
    writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/login/verify?token=${await issueLoginToken(t.db, admin)}`);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Logg inn' }).click()]);
    await page.goto(`${server.baseUrl}/regions/${region}/import`);
    await page.setInputFiles('input[type=file]', file);
    await Promise.all([
      page.waitForNavigation(),
      page.click('form[enctype="multipart/form-data"] button[type=submit]'),
    ]);

    await page.screenshot({ path: artifact('import-preview.png'), fullPage: true });
    // What will happen is the second column, in view without scrolling the table sideways.
    const outcome = page.locator('tr[data-line="3"] td').nth(1);
    await expect(outcome.textContent()).resolves.toContain('Avvist');
    expect((await outcome.boundingBox())!.x + 10).toBeLessThan(1280);
    await expect(page.content()).resolves.not.toContain('01010012356');
    expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: artifact('import-preview-phone.png'), fullPage: true });
    expect((await page.locator('tr[data-line="2"] td').nth(1).boundingBox())!.x + 10).toBeLessThan(390);
    await context.close();
  });
});
