import AxeBuilder from '@axe-core/playwright';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { issueLoginToken } from '../../src/accounts/loginTokens';
import { DEMO_KORUS_ADMIN_EMAIL, DEMO_LEADER_EMAIL } from '../../src/demo/demoData';
import { seedDemo } from '../../src/demo/seedDemo';
import { todayInOslo } from '../../src/kernel/dates';
import { startTestApp, type TestApp } from '../support/app';
import { artifact, browserAvailable, launchBrowser } from '../support/browser';
import { listen } from '../support/server';

const run = browserAvailable() ? describe : describe.skip;

const WIDE = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

// The demo data set (eight networks, last year's and this year's gatherings) on a wide screen
// and a phone: axe, sideways scrolling, the header's size and the keyboard.
run('accessibility and phones in a real browser', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Browser;
  let admin: Page;
  let leader: Page;
  const ids = { admin: 0, leader: 0, network: 0, sector: 0, region: 0, cancelled: 0, ahead: 0, held: 0 };
  const thisYear = DateTime.now().setZone('Europe/Oslo').year;

  async function signedIn(personId: number, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: WIDE, locale: 'nb-NO', ...options });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.baseUrl}/login/verify?token=${await issueLoginToken(t.db, personId)}`);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  /** A gathering of one network, written directly: `at` is an ISO date and time in Oslo. */
  async function gathering(networkId: number, at: string, fields: Record<string, unknown>): Promise<number> {
    const start = DateTime.fromISO(at, { zone: 'Europe/Oslo' });
    const [row] = await t
      .db('gatherings')
      .insert({
        starts_at: start.toJSDate(),
        ends_at: start.plus({ hours: 3 }).toJSDate(),
        format: 'physical',
        status: 'planned',
        venue: 'Solli DPS, Nesttun',
        ...fields,
      })
      .returning('id');
    await t.db('gathering_networks').insert({ gathering_id: row!.id, network_id: networkId });
    return row!.id as number;
  }

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.db, { today: todayInOslo() });
    server = await listen(t);
    browser = await launchBrowser();
    const person = async (email: string) => (await t.db('participants').where({ email }).first('id'))!.id as number;
    ids.admin = await person(DEMO_KORUS_ADMIN_EMAIL);
    ids.leader = await person(DEMO_LEADER_EMAIL);
    const network = await t.db('networks').where({ name: 'ROP-nettverk Solli DPS' }).first('id', 'sector_id');
    ids.network = network!.id;
    ids.sector = network!.sector_id;
    ids.region = (await t.db('sectors').where({ id: ids.sector }).first('region_id'))!.region_id;
    // A cancelled gathering in this year's plan, and one ahead next year for the leader to change.
    ids.cancelled = await gathering(ids.network, `${thisYear}-05-06T12:00`, {
      status: 'cancelled',
      topic: 'Avlyst: samtykke og taushetsplikt',
    });
    ids.ahead = await gathering(ids.network, `${thisYear + 1}-02-10T12:00`, { topic: 'Ambulante tjenester' });
    const held = await t
      .db('gatherings as g')
      .join('gathering_networks as gn', 'gn.gathering_id', 'g.id')
      .where('gn.network_id', ids.network)
      .where('g.starts_at', '<', DateTime.now().minus({ days: 30 }).toJSDate())
      .where({ 'g.status': 'planned', 'g.kind': 'regular' })
      .orderBy('g.starts_at', 'desc')
      .first('g.id');
    ids.held = held.id;
    admin = await signedIn(ids.admin);
    leader = await signedIn(ids.leader);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  /** WCAG 2.1 AA: the serious or critical violations on the page. */
  async function severeViolations(page: Page): Promise<string[]> {
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }
  async function expectAccessible(what: string, page: Page) {
    expect({ what, severe: await severeViolations(page) }).toEqual({ what, severe: [] });
  }

  const scrollWidth = async (page: Page) => Number(await page.evaluate('document.documentElement.scrollWidth'));
  const headerHeight = async (page: Page) => (await page.locator('header.site-header').boundingBox())?.height ?? 0;

  test('the year plan with a cancelled gathering has no serious accessibility violations at 1280 and 390 px', async () => {
    await leader.goto(`${server.baseUrl}/networks/${ids.network}/plan?year=${thisYear}`);
    const card = leader.locator(`#gathering-${ids.cancelled}`);
    await card.getByText('Avlyst', { exact: true }).waitFor();
    await expectAccessible('year plan, 1280 px', leader);
    await card.screenshot({ path: artifact('phone-cancelled-card.png') });
    await leader.setViewportSize(PHONE);
    await leader.screenshot({ path: artifact('phone-year-plan.png'), fullPage: true });
    await expectAccessible('year plan, 390 px', leader);
    await leader.setViewportSize(WIDE);
  });

  test('no page scrolls sideways at 390 px: wide tables scroll in their own box', async () => {
    const pages: [Page, string][] = [
      [admin, `/overview?year=${thisYear - 1}`],
      [admin, `/overview?year=${thisYear}`],
      [leader, `/networks/${ids.network}/plan?year=${thisYear}`],
      [leader, `/networks/${ids.network}`],
      [admin, `/regions/${ids.region}`],
      [leader, '/me'],
      [admin, '/me'],
      // Wider still before: a table of members, and the annual report (a page of its own, for print).
      [leader, `/networks/${ids.network}/members`],
      [admin, `/overview/report?year=${thisYear - 1}&region=${ids.region}`],
    ];
    for (const [page, path] of pages) {
      await page.setViewportSize(PHONE);
      await page.goto(`${server.baseUrl}${path}`);
      expect({ path, scrollWidth: await scrollWidth(page) }).toEqual({ path, scrollWidth: PHONE.width });
      await page.setViewportSize(WIDE);
    }
    // The overview's table is wider than a phone: it scrolls inside its box.
    await admin.setViewportSize(PHONE);
    await admin.goto(`${server.baseUrl}/overview?year=${thisYear - 1}`);
    const box = admin.locator('.table-scroll:has(#overview-table)');
    const sizes = await box.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(sizes.scroll).toBeGreaterThan(sizes.client);
    await admin.screenshot({ path: artifact('phone-overview.png'), fullPage: true });
    await admin.setViewportSize(WIDE);
  });

  test('on a phone the header is one row with the navigation behind a "Meny" button that works without JavaScript; on a wide screen it shows in full', async () => {
    const page = await signedIn(ids.admin, { javaScriptEnabled: false });
    await page.setViewportSize(PHONE);
    await page.goto(`${server.baseUrl}/me`);
    const menu = page.locator('header.site-header summary', { hasText: 'Meny' });
    const overview = page.getByRole('link', { name: 'Oversikt', exact: true });
    await menu.waitFor();
    expect(await headerHeight(page)).toBeLessThanOrEqual(120);
    expect(await overview.isVisible()).toBe(false);
    await page.screenshot({ path: artifact('phone-header-closed.png') });
    // The keyboard opens it: skip link, brand, the menu button.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent?.trim()')).toBe('Meny');
    await page.keyboard.press('Enter');
    await overview.waitFor();
    await page.getByRole('button', { name: 'Logg ut' }).waitFor();
    await page.screenshot({ path: artifact('phone-header-open.png') });
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent?.trim()')).toBe('Oversikt');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/overview/);
    expect(await overview.isVisible()).toBe(false);

    await page.setViewportSize(WIDE);
    await page.goto(`${server.baseUrl}/me`);
    await overview.waitFor();
    expect(await menu.isVisible()).toBe(false);
    // The same single navigation, all of it showing.
    expect(await page.getByRole('navigation', { name: 'Hovedmeny' }).count()).toBe(1);
    for (const name of ['Oversikt', 'Regioner', 'Enheter', 'Deltakere', 'E-post', 'Endringslogg', 'Min side'])
      expect(await page.getByRole('link', { name, exact: true }).isVisible()).toBe(true);
    expect(await headerHeight(page)).toBeLessThanOrEqual(120);
    await page.screenshot({ path: artifact('wide-header.png') });
    await page.context().close();
  });

  /** Presses Tab until the focused element's text (or label) matches; returns that text. */
  async function tabTo(page: Page, name: RegExp, limit = 150): Promise<string> {
    const focused = `(() => {
      const el = document.activeElement;
      if (!el) return '';
      const label = el.getAttribute('aria-label') || (el.labels && el.labels[0] ? el.labels[0].textContent : '') || el.textContent || '';
      return label.replace(/\\s+/g, ' ').trim();
    })()`;
    const seen: string[] = [];
    for (let i = 0; i < limit; i += 1) {
      await page.keyboard.press('Tab');
      const text = String(await page.evaluate(focused));
      if (name.test(text)) return text;
      seen.push(text);
    }
    throw new Error(`no ${name} within ${limit} Tabs; focused in turn: ${seen.join(' | ')}`);
  }

  test("with Tab and Enter only, a network leader goes from the network page to a gathering's edit page and saves a change", async () => {
    const page = await signedIn(ids.leader);
    await page.goto(`${server.baseUrl}/networks/${ids.network}`);
    // The skip link comes first and moves focus to the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent?.trim()')).toBe('Hopp til hovedinnhold');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement?.id')).toBe('main');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('Boolean(document.activeElement?.closest("main"))')).toBe(true);

    await tabTo(page, /^Årsplan$/);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/plan$/);
    await tabTo(page, new RegExp(`^${thisYear + 1} →$`));
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`year=${thisYear + 1}`));
    // The buttons on a card name its gathering for screen readers: "Endre onsdag 10. februar …".
    await tabTo(page, new RegExp(`^Endre .*10\\. februar ${thisYear + 1}$`));
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/gatherings/${ids.ahead}/edit`));
    await tabTo(page, /^Tema/);
    await page.keyboard.type('Ambulante tjenester og FACT');
    await tabTo(page, /^Lagre$/);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/plan\\?year=${thisYear + 1}`));
    await page.getByText('Endringene er lagret.').waitFor();
    expect(await page.locator(`#gathering-${ids.ahead}`).textContent()).toContain('Ambulante tjenester og FACT');
    await page.context().close();
  });

  test('the pages people use most have no serious accessibility violations on a phone and do not scroll sideways there', async () => {
    // At 1280 px the other browser tests (and the year plan above) check the rest.
    const wideToo = new Set([
      `/overview/indicators?region=${ids.region}&year=${thisYear}`,
      '/participants',
      `/participants/${ids.leader}`,
      `/gatherings/${ids.ahead}`,
      `/gatherings/${ids.held}`,
      `/networks/${ids.network}/agenda-template`,
      `/networks/${ids.network}/plan/send/preview?gathering=${ids.ahead}&as=standIn`,
    ]);
    const pages: [Page, string][] = [
      [admin, `/overview?year=${thisYear - 1}`],
      [admin, `/overview/report?year=${thisYear - 1}&region=${ids.region}`],
      [admin, `/overview/indicators?region=${ids.region}&year=${thisYear}`],
      [admin, '/regions'],
      [admin, `/regions/${ids.region}`],
      [admin, `/regions/${ids.region}/plan?year=${thisYear}`],
      [admin, `/sectors/${ids.sector}`],
      [admin, '/units'],
      [admin, '/participants'],
      [admin, `/participants/${ids.leader}`],
      [admin, '/emails'],
      [admin, '/audit'],
      [leader, `/networks/${ids.network}`],
      [leader, `/networks/${ids.network}/figures?year=${thisYear - 1}`],
      [leader, `/networks/${ids.network}/members`],
      [leader, `/networks/${ids.network}/duties`],
      [leader, `/gatherings/${ids.ahead}`],
      [leader, `/gatherings/${ids.held}`],
      [leader, `/networks/${ids.network}/agenda-template`],
      [leader, `/networks/${ids.network}/plan/send/preview?gathering=${ids.ahead}&as=standIn`],
      [leader, `/gatherings/${ids.ahead}/edit`],
      [leader, `/gatherings/${ids.ahead}/agenda`],
      [leader, `/gatherings/${ids.held}/attendance`],
      [leader, `/gatherings/${ids.held}/evaluation`],
      [leader, '/me'],
    ];
    const problems: string[] = [];
    for (const [page, path] of pages) {
      for (const viewport of wideToo.has(path) ? [PHONE, WIDE] : [PHONE]) {
        await page.setViewportSize(viewport);
        const response = await page.goto(`${server.baseUrl}${path}`);
        const at = `${path} at ${viewport.width} px`;
        if (response?.status() !== 200) problems.push(`${at}: status ${response?.status()}`);
        for (const violation of await severeViolations(page)) problems.push(`${at}: ${violation}`);
        const width = await scrollWidth(page);
        if (width > viewport.width) problems.push(`${at}: scrolls sideways (${width} px wide)`);
      }
    }
    expect(problems).toEqual([]);
    await admin.setViewportSize(WIDE);
    await leader.setViewportSize(WIDE);
  }, 180_000);
});
