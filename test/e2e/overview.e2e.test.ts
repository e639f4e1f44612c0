import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { issueLoginToken } from '../../src/accounts/loginTokens';
import { seedDemo } from '../../src/demo/seedDemo';
import { currentYearInOslo, todayInOslo } from '../../src/kernel/dates';
import { startTestApp, type TestApp } from '../support/app';
import { artifact, browserAvailable, launchBrowser } from '../support/browser';
import { listen } from '../support/server';

const run = browserAvailable() ? describe : describe.skip;
const YEAR = currentYearInOslo() - 1;

// The demo data set tells last year's story (agendas, attendance, stand-ins, guests, evaluations),
// so a KORUS admin's pages show real figures and charts.
run("the KORUS overview, a network's figures and the annual report in a real browser", () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Browser;
  let page: Page;
  let networkId: number;

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.db, { today: todayInOslo() });
    server = await listen(t);
    browser = await launchBrowser();
    const admin = await t.db('korus_admins as k').join('participants as p', 'p.id', 'k.participant_id').first('p.id');
    networkId = (await t.db('networks').where({ name: 'ROP-nettverk Solli DPS' }).first('id'))!.id;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nb-NO' });
    page = await context.newPage();
    await page.goto(`${server.baseUrl}/login/verify?token=${await issueLoginToken(t.db, admin.id)}`);
    await page.getByRole('button', { name: 'Logg inn' }).click();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  const expectAccessible = async (what: string) => {
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect({
      what,
      violations: serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    }).toEqual({ what, violations: [] });
  };

  test('the overview shows every network with a status, and filters without JavaScript', async () => {
    await page.goto(`${server.baseUrl}/overview?year=${YEAR}`);
    await expect(page.locator('#status-counts').textContent()).resolves.toMatch(
      /8 nettverk: 4 grønne, 3 gule, 1 røde\./,
    );
    await page.screenshot({ path: artifact('overview.png'), fullPage: true });
    await expectAccessible('overview');
    await page.getByLabel('Type').selectOption('learning');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForLoadState();
    expect(page.url()).toContain('kind=learning');
    expect(await page.locator('#overview-table tbody tr').count()).toBe(1);
  });

  test('filter forms submit with their empty "all" choices and an empty search (nothing is required)', async () => {
    for (const [path, button] of [
      ['/participants', 'Filtrer'],
      ['/units', 'Filtrer'],
      ['/emails', 'Filtrer'],
      ['/audit', 'Filtrer'],
    ]) {
      await page.goto(`${server.baseUrl}${path}`);
      await page.locator('form.filter-bar').getByRole('button', { name: button }).click();
      await page.waitForURL((url) => url.search.length > 0);
      expect(new URL(page.url()).pathname).toBe(path);
    }
  });

  test("a network's figures draw accessible charts with the table behind them", async () => {
    await page.goto(`${server.baseUrl}/networks/${networkId}/figures?year=${YEAR}`);
    for (const id of ['attendance-chart', 'evaluation-chart', 'services-chart']) {
      const chart = page.locator(`svg[aria-labelledby="${id}-title ${id}-desc"]`);
      await expect(chart.count()).resolves.toBe(1);
      expect(await chart.locator('title').first().textContent()).toContain('ROP-nettverk Solli DPS');
      expect((await chart.boundingBox())?.height).toBeGreaterThan(100);
    }
    await page.locator('#services-chart-title').evaluate((el) => el.closest('figure')?.scrollIntoView());
    await page
      .locator('figure.chart')
      .first()
      .screenshot({ path: artifact('chart-attendance.png') });
    await page.screenshot({ path: artifact('network-figures.png'), fullPage: true });
    await page.locator('summary', { hasText: 'Tallene bak grafene' }).click();
    expect(await page.locator('#history-table tbody tr').count()).toBeGreaterThanOrEqual(4);
    await expectAccessible('network figures');
  });

  test("the region's annual report is accessible and fits A4", async () => {
    const region = (await t.db('regions').where({ name: 'Vestland sør' }).first('id'))!.id;
    await page.goto(`${server.baseUrl}/overview/report?year=${YEAR}&region=${region}`);
    await expectAccessible('annual report');
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: artifact('annual-report-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
  });
});
