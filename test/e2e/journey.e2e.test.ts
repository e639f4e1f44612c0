import AxeBuilder from '@axe-core/playwright';
import type { ParsedMail } from 'mailparser';
import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app';
import { artifact, browserAvailable, launchBrowser } from '../support/browser';
import { makeKorusAdmin, makeRegion, makeSector } from '../support/factories';
import { freePort } from '../support/processes';
import { listen } from '../support/server';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { startTestWorker } from '../support/worker';

const run = browserAvailable() ? describe : describe.skip;
const YEAR = DateTime.now().setZone('Europe/Oslo').year + 1;

/** The little of the DOM these checks use (the project's TypeScript has no DOM library). */
interface HTMLLikeElement {
  tagName: string;
  id: string;
  textContent: string | null;
  matches(selector: string): boolean;
  closest(selector: string): HTMLLikeElement | null;
}

const to = (mail: ParsedMail) => (mail.to && 'text' in mail.to ? mail.to.text : '');

// One year in a network's life, driven through Chromium like people would: KORUS sets the network
// up, the leader plans and invites, a participant answers from the email, and the figures follow.
run('the journey: from a new network to the regional overview, in a real browser', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Browser;
  let base: string;
  let region: number;
  const contexts: BrowserContext[] = [];
  /** Every page a person saw on the way, by who saw it, for the nynorsk pass. */
  const visited: { who: 'admin' | 'leader' | 'participant'; path: string }[] = [];

  beforeAll(async () => {
    smtp = await startSmtpServer();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await startTestApp({ SMTP_URL: smtp.url, BASE_URL: base });
    server = await listen(t, port);
    worker = await startTestWorker(t.url, smtp.url, base);
    browser = await launchBrowser();
    // The only rows written straight to the database: the region, its DPS sector and a KORUS admin.
    region = await makeRegion(t.db, { name: 'Vestland nord', korus_centre: 'KORUS Vest Bergen' });
    await makeSector(t.db, { region_id: region, name: 'Øyane DPS', municipalities: ['Alver', 'Austrheim', 'Fedje'] });
    const admin = await makeKorusAdmin(t.db, region);
    await t
      .db('participants')
      .where({ id: admin })
      .update({ name: 'Kristin Korus', email: 'kristin.korus@korus.example' });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await worker?.stop();
    await server?.close();
    await t?.close();
    await smtp?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nb-NO' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    return page;
  }

  /** The next message to an address that matches, as it arrives at the SMTP server. */
  async function mailTo(address: string, subject: RegExp): Promise<ParsedMail> {
    const started = Date.now();
    for (;;) {
      const mail = smtp.messages.find((m) => to(m) === address && subject.test(m.subject ?? ''));
      if (mail) return mail;
      if (Date.now() - started > 15_000)
        throw new Error(
          `no mail to ${address} matching ${subject}; got ${smtp.messages.map((m) => `${to(m)}: ${m.subject}`).join(' | ')}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The first link in a mail's text that starts with the app's address and has the path. */
  function linkIn(mail: ParsedMail, path: RegExp): string {
    const link = (mail.text ?? '')
      .match(/https?:\/\/\S+/g)
      ?.find((url) => url.startsWith(base) && path.test(new URL(url).pathname));
    if (!link) throw new Error(`no link to ${path} in "${mail.subject}":\n${mail.text}`);
    return link;
  }

  /** WCAG 2.1 AA: no serious or critical violations on the page as it is now. */
  async function expectAccessible(page: Page, what: string) {
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const severe = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${what}: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(' ')}`);
    expect(severe).toEqual([]);
  }

  /** A page on the way: one h1, accessible, remembered for the nynorsk pass, and optionally a screenshot. */
  async function seen(page: Page, who: 'admin' | 'leader' | 'participant', what: string, screenshot?: string) {
    expect(await page.locator('h1').count()).toBe(1);
    await expectAccessible(page, what);
    const url = new URL(page.url());
    visited.push({ who, path: url.pathname + url.search });
    if (screenshot) await page.screenshot({ path: artifact(`journey-${screenshot}.png`), fullPage: true });
  }

  /** Clicks what submits a form or follows a link, and waits until the next page has loaded (not just started to). */
  async function press(page: Page, target: Locator) {
    await page.evaluate(() => Object.assign(globalThis, { journeyOldPage: true }));
    await target.click();
    await page.waitForFunction(() => !('journeyOldPage' in globalThis));
    await page.waitForLoadState('load');
  }

  /** Waits for the page's status message (a flash after a saved form) to say this. */
  async function expectStatus(page: Page, text: string) {
    try {
      await page.getByRole('status').filter({ hasText: text }).first().waitFor();
    } catch (error) {
      throw new Error(`no status "${text}" on ${page.url()}:\n${await page.locator('main').innerText()}`, {
        cause: error,
      });
    }
  }

  /**
   * Moves focus with Tab only until it is on the element, checking on the way that every focused
   * control shows where focus is (an outline or a box shadow under :focus-visible).
   */
  async function tabTo(page: Page, selector: string) {
    const target = page.locator(selector);
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const g = globalThis as unknown as {
          document: { activeElement: HTMLLikeElement | null };
          getComputedStyle: (e: HTMLLikeElement) => { outlineStyle: string; outlineWidth: string; boxShadow: string };
        };
        const el = g.document.activeElement;
        if (!el || el.tagName === 'BODY') return undefined;
        const ring = (e: HTMLLikeElement) => {
          const style = g.getComputedStyle(e);
          return (style.outlineStyle !== 'none' && style.outlineWidth !== '0px') || style.boxShadow !== 'none';
        };
        // Designsystemet draws a checkbox's or radio's focus ring around its whole field (box and label).
        const field = el.closest('.ds-field');
        const visible =
          el.matches(':focus-visible') &&
          (ring(el) || (el.matches('[type=checkbox],[type=radio]') && field !== null && ring(field)));
        return { visible, what: `${el.tagName.toLowerCase()}#${el.id} ${el.textContent?.trim().slice(0, 40) ?? ''}` };
      });
      if (focus) expect(focus).toEqual({ what: focus.what, visible: true });
      if (
        await target.evaluate(
          (el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
        )
      )
        return;
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  async function signIn(page: Page, email: string) {
    await page.goto(`${base}/login`);
    await page.getByLabel('E-postadresse (jobb)').fill(email);
    await press(page, page.getByRole('button', { name: 'Send meg en innloggingslenke' }));
    const mail = await mailTo(email, /logg inn/i);
    await page.goto(linkIn(mail, /^\/login\/verify/));
    await press(page, page.getByRole('button', { name: 'Logg inn' }));
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  }

  let admin: Page;
  let leader: Page;
  let participant: Page;
  let networkId: number;

  test('a KORUS admin signs in from the emailed link, creates a network and appoints its leader', async () => {
    admin = await newPage();
    await signIn(admin, 'kristin.korus@korus.example');
    await admin.goto(`${base}/networks/new`);
    await admin.getByLabel('DPS-sektor').selectOption({ label: 'Øyane DPS' });
    await admin.getByLabel('Navn').fill('ROP-nettverk Øyane DPS');
    await press(admin, admin.getByRole('button', { name: 'Opprett' }));
    await admin.waitForURL(/\/networks\/\d+$/);
    networkId = Number(/\/networks\/(\d+)$/.exec(admin.url())?.[1]);
    await seen(admin, 'admin', 'new network', 'network-created');
    // The leader-to-be works in the municipality: a unit and a person first, then the appointment.
    await admin.goto(`${base}/units/new`);
    await admin.getByLabel('Region').selectOption({ label: 'Vestland nord' });
    await admin.getByLabel('Organisasjon').fill('Alver kommune');
    await admin.getByLabel('Enhet', { exact: true }).fill('Psykisk helse og rus');
    await admin.getByLabel('Tjenestetype').selectOption({ label: 'Kommune' });
    await admin.getByLabel('Besøksadresse').fill('Kvernhusmyrane 20, 5914 Isdalstø');
    await admin.getByLabel('Kan være vertskap for samlinger').check();
    await press(admin, admin.getByRole('button', { name: 'Opprett' }));
    await admin.waitForURL(/\/units\/\d+$/);
    await admin.goto(`${base}/participants/new`);
    await admin.getByLabel('Navn').fill('Liv Leiro');
    await admin.getByLabel('E-post (jobb)').fill('liv.leiro@alver.example');
    await admin.getByLabel('Enhet').selectOption({ label: 'Alver kommune – Psykisk helse og rus' });
    await admin.getByLabel('Yrke').selectOption({ label: 'Sykepleier' });
    await press(admin, admin.getByRole('button', { name: 'Opprett' }));
    await admin.waitForURL(/\/participants\/\d+$/);
    await admin.goto(`${base}/networks/${networkId}/members`);
    await admin.getByLabel('Deltaker').selectOption({ label: 'Liv Leiro – Alver kommune, Psykisk helse og rus' });
    await admin.getByLabel('Rolle', { exact: true }).selectOption({ label: 'Nettverksleder' });
    await press(admin, admin.getByRole('button', { name: 'Legg til', exact: true }));
    await expectStatus(admin, 'Medlemmet er lagt til.');
    await seen(admin, 'admin', 'members with the leader', 'leader-appointed');
  });

  const colleagues = [
    {
      unit: ['Helse Bergen', 'Øyane DPS, poliklinikk', 'Psykisk helsevern'],
      name: 'Ola Vassel',
      email: 'ola.vassel@helse-bergen.example',
      profession: 'Psykolog',
    },
    {
      unit: ['Helse Bergen', 'AFR, poliklinikk Knarvik', 'Rusbehandling (TSB)'],
      name: 'Marte Brakstad',
      email: 'marte.brakstad@helse-bergen.example',
      profession: 'Lege',
    },
    {
      unit: ['NAV Alver', 'Oppfølging', 'NAV'],
      name: 'Jon Fjellanger',
      email: 'jon.fjellanger@nav.example',
      profession: 'NAV-veileder',
    },
  ];

  test('the leader signs in from the emailed link and adds member units and participants', async () => {
    leader = await newPage();
    await signIn(leader, 'liv.leiro@alver.example');
    await leader.goto(`${base}/networks/${networkId}`);
    await seen(leader, 'leader', 'network page, as leader');
    for (const c of colleagues) {
      await leader.goto(`${base}/units/new`);
      await leader.getByLabel('Region').selectOption({ label: 'Vestland nord' });
      await leader.getByLabel('Organisasjon').fill(c.unit[0] as string);
      await leader.getByLabel('Enhet', { exact: true }).fill(c.unit[1] as string);
      await leader.getByLabel('Tjenestetype').selectOption({ label: c.unit[2] as string });
      await leader.getByLabel('Kan være vertskap for samlinger').check();
      await press(leader, leader.getByRole('button', { name: 'Opprett' }));
      await leader.waitForURL(/\/units\/\d+$/);
      await leader.goto(`${base}/participants/new`);
      await leader.getByLabel('Navn').fill(c.name);
      await leader.getByLabel('E-post (jobb)').fill(c.email);
      await leader.getByLabel('Enhet').selectOption({ label: `${c.unit[0]} – ${c.unit[1]}` });
      await leader.getByLabel('Yrke').selectOption({ label: c.profession });
      await press(leader, leader.getByRole('button', { name: 'Opprett' }));
      await leader.waitForURL(/\/participants\/\d+$/);
    }
    await seen(leader, 'leader', 'a participant', 'participant');
    await leader.goto(`${base}/networks/${networkId}/members`);
    for (const unit of [
      'Alver kommune – Psykisk helse og rus',
      ...colleagues.map((c) => `${c.unit[0]} – ${c.unit[1]}`),
    ]) {
      await leader.getByLabel('Enhet', { exact: true }).selectOption({ label: unit });
      await press(leader, leader.getByRole('button', { name: 'Legg til enhet' }));
      await expectStatus(leader, 'Enheten er lagt til.');
    }
    for (const c of colleagues) {
      await leader.getByLabel('Deltaker').selectOption({ label: `${c.name} – ${c.unit[0]}, ${c.unit[1]}` });
      await leader.getByLabel('Rolle', { exact: true }).selectOption({ label: 'Fast deltaker' });
      await press(leader, leader.getByRole('button', { name: 'Legg til', exact: true }));
      await expectStatus(leader, 'Medlemmet er lagt til.');
    }
    expect(await leader.locator('#current-heading').textContent()).toContain('(4)');
    await seen(leader, 'leader', 'members', 'members');
  });

  test('the leader proposes and accepts the year plan', async () => {
    // From the members page by links only: the network, its year plan, next year.
    await press(leader, leader.locator('.ds-breadcrumbs').getByRole('link', { name: 'ROP-nettverk Øyane DPS' }));
    await press(leader, leader.getByRole('link', { name: 'Årsplan', exact: true }));
    await press(leader, leader.getByRole('link', { name: `${YEAR} →` }));
    await press(leader, leader.getByRole('button', { name: `Foreslå årsplan for ${YEAR}` }));
    expect(await leader.locator('.gathering-card').count()).toBe(4);
    await seen(leader, 'leader', 'proposed plan', 'plan-proposed');
    await press(leader, leader.getByRole('button', { name: 'Godkjenn årsplanen' }));
    await expectStatus(leader, 'Årsplanen er godkjent.');
    await seen(leader, 'leader', 'accepted plan', 'plan-accepted');
  });

  let gatheringId: number;

  test("the leader builds and publishes the first gathering's agenda", async () => {
    await press(leader, leader.getByRole('link', { name: /^Agenda/ }).first());
    gatheringId = Number(/\/gatherings\/(\d+)\/agenda/.exec(leader.url())?.[1]);
    await press(leader, leader.getByRole('button', { name: 'Lag agenda fra malen' }));
    await leader.getByLabel('Eller skriv et nytt tema').fill('Samarbeid om ROP-pasientar i Alver');
    await press(leader, leader.getByRole('button', { name: 'Bruk tema' }));
    await expectStatus(leader, 'Temaet er satt.');
    // The case is held back until the unit presenting it confirms it is anonymised.
    expect(await leader.getByRole('button', { name: 'Publiser agendaen' }).getAttribute('aria-describedby')).toBe(
      'publish-blocked',
    );
    await press(leader, leader.getByRole('link', { name: 'Rediger – Kasus' }));
    await seen(leader, 'leader', 'agenda item');
    await leader.getByLabel('Tittel').fill('Kasus: Per (42) mellom DPS og NAV');
    await leader.getByLabel('Kasuset er anonymisert').check();
    await press(leader, leader.getByRole('button', { name: 'Lagre' }));
    await seen(leader, 'leader', 'agenda builder', 'agenda');
    await press(leader, leader.getByRole('button', { name: 'Publiser agendaen' }));
    await expectStatus(leader, 'Agendaen er publisert.');
    expect(await leader.locator('main').innerText()).toContain('Versjon 1 ble publisert');
    await press(leader, leader.getByRole('link', { name: 'Utskriftsvennlig agenda' }));
    await seen(leader, 'leader', 'agenda print view', 'agenda-print');
  });

  const firstGatheringDate = async () => {
    const g = await t.db('gatherings').where({ id: gatheringId }).first('starts_at');
    return DateTime.fromJSDate(g!.starts_at as Date).setZone('Europe/Oslo');
  };

  // From here the leader only follows links: print view → the gathering's own page → …
  const hubLink = (page: Page) => page.locator(`a[href="/gatherings/${gatheringId}"]`).first();

  test('the leader sends the invitations; a participant gets one with a calendar part and answers from its link', async () => {
    await press(leader, leader.getByRole('link', { name: 'Tilbake til samlingen' }));
    await seen(leader, 'leader', "the gathering's own page before it", 'gathering-before');
    expect(await leader.locator('.step-list').innerText()).toContain('Send invitasjonene');
    await press(leader, leader.getByRole('link', { name: 'Invitasjoner og svar' }));
    await seen(leader, 'leader', 'send invitations', 'send');
    await press(leader, leader.getByRole('button', { name: 'Send 16 e-poster' }));
    await expectStatus(leader, 'invitasjon');
    const date = (await firstGatheringDate()).toFormat('d.M.yyyy');
    const mail = await mailTo(
      'ola.vassel@helse-bergen.example',
      new RegExp(`^Invitasjon: ROP-nettverk Øyane DPS ${date.replace(/\./g, '\\.')}$`),
    );
    expect(mail.text).toContain('Hei Ola Vassel,');
    expect(mail.text).toContain('Samarbeid om ROP-pasientar i Alver');
    const calendar = mail.attachments.find((a) => a.contentType === 'text/calendar');
    expect(calendar?.content.toString()).toContain('METHOD:REQUEST');
    expect(calendar?.content.toString()).toContain('BEGIN:VEVENT');
    expect(calendar?.content.toString()).toMatch(/DTSTART;TZID=Europe\/Oslo:\d{8}T\d{6}/);
    participant = await newPage();
    await participant.goto(linkIn(mail, /^\/rsvp\//));
    await seen(participant, 'participant', 'invitation answer', 'rsvp');
    await press(participant, participant.getByRole('button', { name: 'Ja, jeg kommer' }));
    await expectStatus(participant, 'Takk, Ola Vassel! Du har svart at du kommer.');
    await seen(participant, 'participant', 'invitation answered', 'rsvp-answered');
    // The plan page after sending: its card leads to the gathering, and on to its details and answers.
    await press(leader, hubLink(leader));
    await press(leader, leader.getByRole('link', { name: 'Tid, sted og ansvar' }));
    expect(
      await leader.getByRole('heading', { name: 'Svar på invitasjonen' }).locator('xpath=..').innerText(),
    ).toContain('Kommer (1)');
    await seen(leader, 'leader', 'gathering with answers');
  });

  test('time passes; the leader registers attendance with the keyboard only', async () => {
    // Time passes: the first gathering took place yesterday. The one write to move the story on.
    // Same time of day, a day or two ago (whole days back, so the times stay as planned).
    await t.db.raw(
      "update gatherings set starts_at = starts_at - back, ends_at = ends_at - back from (select (starts_at::date - current_date + 1) * interval '1 day' as back from gatherings where id = ?) moved where id = ?",
      [gatheringId, gatheringId],
    );
    await leader.reload();
    await press(leader, hubLink(leader));
    await seen(leader, 'leader', "the gathering's own page after it", 'gathering-after');
    await press(leader, leader.locator('.step-list').getByRole('link', { name: 'Registrer oppmøtet' }));
    expect(new URL(leader.url()).pathname).toBe(`/gatherings/${gatheringId}/attendance`);
    await seen(leader, 'leader', 'attendance', 'attendance');
    const keys = leader.keyboard;
    // Ola said yes and is ticked already; Marte came too, and Liv herself. Jon did not.
    for (const name of ['Marte Brakstad', 'Liv Leiro']) {
      expect(await leader.getByLabel(name).isChecked()).toBe(false);
      await tabTo(leader, `#${await leader.getByLabel(name).getAttribute('id')}`);
      await keys.press('Space');
      expect(await leader.getByLabel(name).isChecked()).toBe(true);
    }
    await tabTo(leader, 'button[type=submit]:text-is("Lagre oppmøte")');
    await Promise.all([leader.waitForURL(/attendance/, { waitUntil: 'load' }), keys.press('Enter')]);
    await expectStatus(leader, 'Oppmøtet er lagret.');
    expect(await leader.getByLabel('Ola Vassel').isChecked()).toBe(true);
    expect(await leader.getByLabel('Jon Fjellanger').isChecked()).toBe(false);
    // A guest with no name and no unit: the error summary is announced and leads to the fields.
    await tabTo(leader, 'button[type=submit]:text-is("Legg til gjest")');
    await keys.press('Enter');
    const summary = leader.locator('.ds-error-summary');
    await summary.waitFor();
    expect(await summary.getAttribute('role')).toBe('alert');
    expect(await summary.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual([
      '#field-name',
      '#field-unitName',
    ]);
    await seen(leader, 'leader', 'attendance with errors', 'attendance-errors');
    expect(await leader.getByLabel('Navn', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await tabTo(leader, '.ds-error-summary a[href="#field-name"]');
    await keys.press('Enter');
    await leader.waitForFunction(
      () =>
        (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id ===
        'field-name',
    );
    await keys.type('Gunn Gjest');
    await keys.press('Tab');
    await keys.type('Alver kommune, barnevern');
    await tabTo(leader, 'button[type=submit]:text-is("Legg til gjest")');
    await Promise.all([leader.waitForURL(/attendance/, { waitUntil: 'load' }), keys.press('Enter')]);
    await expectStatus(leader, 'Gjesten er lagt til');
    expect(await leader.locator('main').innerText()).toContain('Gunn Gjest');
  });

  test('the participant gets the evaluation email and answers it in the browser', async () => {
    const mail = await mailTo('ola.vassel@helse-bergen.example', /^Hvordan var samlingen\? ROP-nettverk Øyane DPS/);
    // Everyone marked present is asked; Jon, who did not come, is not.
    await mailTo('marte.brakstad@helse-bergen.example', /^Hvordan var samlingen\?/);
    expect(smtp.messages.some((m) => to(m) === 'jon.fjellanger@nav.example' && /^Hvordan/.test(m.subject ?? ''))).toBe(
      false,
    );
    await participant.goto(linkIn(mail, /^\/evaluation\//));
    await seen(participant, 'participant', 'evaluation form', 'evaluation');
    await participant.getByLabel('4', { exact: true }).check();
    await participant.getByRole('group', { name: 'Var temaet relevant for arbeidet ditt?' }).getByLabel('Ja').check();
    await participant
      .getByRole('group', { name: 'Var det nok tid til erfaringsutveksling?' })
      .getByLabel('Nei')
      .check();
    await participant.getByLabel('Hva fungerte bra?').fill('Kasuset med NAV og DPS.');
    await press(participant, participant.getByRole('button', { name: 'Send evalueringen' }));
    await expectStatus(participant, 'Takk for svaret ditt!');
    await seen(participant, 'participant', 'evaluation answered', 'evaluation-answered');
    await press(leader, hubLink(leader));
    await press(leader, leader.getByRole('link', { name: 'Evaluering' }));
    expect(await leader.locator('main').innerText()).toContain('1 av 3 har svart.');
    await seen(leader, 'leader', 'evaluation results');
  });

  test('the regional overview shows the network with the figures that follow', async () => {
    const year = (await firstGatheringDate()).year;
    await admin.goto(`${base}/overview?year=${year}`);
    const row = admin.getByRole('row').filter({ hasText: 'ROP-nettverk Øyane DPS' });
    expect(await row.count()).toBe(1);
    // The gathering moved into this year: held, digital, its agenda (published "now") counted as
    // late, three of four members there, and an evaluation still open (with one answer): nothing
    // of it counts until it has closed with three answers. No accepted plan this year: red.
    const cells = (await row.getByRole('cell').allInnerTexts()).map((c) => c.replace(/\s+/g, ' ').trim());
    expect(cells).toEqual([
      'Rød mangler årsplan, agenda for sent',
      '1 av 1 holdt',
      '0',
      '0/1',
      '75 %',
      '75 %',
      '–',
      '0/1',
      '0',
    ]);
    await seen(admin, 'admin', 'overview', 'overview');
    await press(admin, row.getByRole('link', { name: 'ROP-nettverk Øyane DPS' }));
    await seen(admin, 'admin', 'network figures', 'figures');
  });

  test('error states are accessible: a form with errors, the 404 page, a forbidden page', async () => {
    await leader.goto(`${base}/participants/new`);
    await press(leader, leader.getByRole('button', { name: 'Opprett' }));
    expect(await leader.locator('.ds-error-summary').getAttribute('role')).toBe('alert');
    expect(await leader.locator('.ds-error-summary a').first().getAttribute('href')).toMatch(/^#field-/);
    await seen(leader, 'leader', 'participant form with errors', 'form-errors');
    const missing = await leader.goto(`${base}/networks/999999`);
    expect(missing?.status()).toBe(404);
    await seen(leader, 'leader', '404 page', 'not-found');
    const forbidden = await leader.goto(`${base}/regions/${region}/edit`);
    expect(forbidden?.status()).toBe(403);
    await seen(leader, 'leader', 'forbidden page', 'forbidden');
  });

  // Words written only in bokmål: each has another form in nynorsk (ikkje, korleis, eg, kva, viss,
  // nokon, noko, vere, kven, kvar, kva for, mykje, berre, frå, kjem, veke, deltakarar, enno, lagra,
  // måndag, tysdag, laurdag). Onsdag, torsdag, fredag and søndag are written alike in both.
  const BOKMAL_ONLY =
    /(?<!\p{L})(ikke|hvordan|jeg|hva|hvis|noen|noe|være|hvem|hvor|hvilke|hvilken|mye|bare|fra|kommer|uke|deltakere|deltaker|ennå|lagret|mandag|tirsdag|lørdag)(?!\p{L})/giu;
  const NAMESPACES =
    'accounts|agenda|attendance|audit|calendar|common|emails|errors|evaluation|exports|gatherings|invitations|mail|networks|oidc|overview|participants|planning|regions|sectors|units';
  const KEY = new RegExp(`\\b(${NAMESPACES})\\.[a-zA-Z]+`, 'g');

  test('in nynorsk (chosen with the header button) the same pages have no missing keys and no bokmål-only words', async () => {
    const pages = { admin, leader, participant };
    const found: string[] = [];
    let bokmalHits = 0;
    for (const who of ['admin', 'leader', 'participant'] as const) {
      const page = pages[who];
      const paths = [...new Set(visited.filter((v) => v.who === who).map((v) => v.path))];
      await page.goto(`${base}${paths[0]}`);
      // The check can tell: the same page in bokmål has such words.
      bokmalHits += [...((await page.locator('body').textContent()) ?? '').matchAll(BOKMAL_ONLY)].length;
      await press(page, page.getByRole('button', { name: 'Nynorsk' }));
      expect(await page.locator('html').getAttribute('lang')).toBe('nn');
      for (const path of paths) {
        await page.goto(`${base}${path}`);
        expect(await page.locator('html').getAttribute('lang')).toBe('nn');
        // What people typed and the shared topic bank are data, not the interface's words.
        const text = await page.evaluate(() => {
          const g = globalThis as unknown as {
            document: {
              body: {
                cloneNode(deep: boolean): {
                  querySelectorAll(s: string): { remove(): void }[];
                  innerText?: string;
                  textContent: string | null;
                };
              };
            };
          };
          const body = g.document.body.cloneNode(true);
          for (const el of body.querySelectorAll('#field-topicId option, .agenda-item__title, [data-user-text]'))
            el.remove();
          return body.textContent ?? '';
        });
        for (const match of text.matchAll(KEY)) found.push(`${who} ${path}: key ${match[0]}`);
        for (const match of text.matchAll(BOKMAL_ONLY))
          found.push(
            `${who} ${path}: "${match[0]}" in …${text.slice(Math.max(0, (match.index ?? 0) - 40), (match.index ?? 0) + 40).replace(/\s+/g, ' ')}…`,
          );
        if (path === paths[0]) await page.screenshot({ path: artifact(`journey-nn-${who}.png`), fullPage: true });
      }
    }
    expect(bokmalHits).toBeGreaterThan(0);
    expect(found).toEqual([]);
  });
});
