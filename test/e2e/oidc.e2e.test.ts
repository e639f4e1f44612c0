import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { oidcRoutes } from '../../src/accounts/oidcRoutes';
import { startTestApp, type TestApp } from '../support/app';
import { artifact, browserAvailable, launchBrowser } from '../support/browser';
import { makeParticipant } from '../support/factories';
import { listen } from '../support/server';

// Sign-in through a real OpenID Connect provider (oidc-provider on loopback) in Chromium: the
// browser, not a test client, enforces the Content-Security-Policy on the form's redirect to the
// provider, and carries the cookies through the redirects back to the app.

const run = browserAvailable() ? describe : describe.skip;

const ACCOUNTS = {
  kari: { email: 'Kari.Oidc@Helse-Bergen.example', email_verified: true, name: 'Kari Oidc' },
  stranger: { email: 'ukjent@example.org', email_verified: true, name: 'Ukjent' },
};

/** What the browser reported on a page: console errors, failed requests and uncaught errors. */
type Report = { url: string; text: string };

const REFUSED_BY_POLICY = /Content Security Policy|form-action|ERR_BLOCKED_BY_CSP/i;

run('signing in with HelseID in a real browser', () => {
  let provider: ChildProcess;
  let providerExited: Promise<unknown>;
  let issuer: string;
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  /** Where the browser finds the app: another site than the provider's, as Samling and HelseID are. */
  let appUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    // The app's port must be known before the provider registers its redirect URI.
    const placeholder = await startTestApp();
    server = await listen(placeholder);
    const port = Number(new URL(server.baseUrl).port);
    // The provider is at 127.0.0.1; the app is at localhost (the same loopback address, which
    // Chromium treats as trustworthy too), so the browser goes from one site to another.
    appUrl = `http://localhost:${port}`;
    await server.close();
    await placeholder.close();

    provider = spawn(process.execPath, [path.join(__dirname, '../support/oidcProvider.mjs')], {
      env: {
        ...process.env,
        OIDC_CLIENT_ID: 'samling',
        OIDC_CLIENT_SECRET: 'a-test-secret-for-the-client',
        OIDC_REDIRECT_URI: `${appUrl}/auth/oidc/callback`,
        OIDC_ACCOUNTS: JSON.stringify(ACCOUNTS),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    providerExited = new Promise((resolve) => provider.once('exit', resolve));
    issuer = await new Promise<string>((resolve, reject) => {
      provider.stdout?.on('data', (chunk: Buffer) => {
        const match = /listening on (\S+)/.exec(chunk.toString());
        if (match?.[1]) resolve(match[1]);
      });
      provider.on('exit', (code) => reject(new Error(`provider exited with ${code}`)));
    });
    t = await startTestApp(
      {
        BASE_URL: appUrl,
        OIDC_ISSUER: issuer,
        OIDC_CLIENT_ID: 'samling',
        OIDC_CLIENT_SECRET: 'a-test-secret-for-the-client',
        OIDC_NAME: 'HelseID',
      },
      { oidc: oidcRoutes },
    );
    server = await listen(t, port);
    await makeParticipant(t.db, { name: 'Kari Oidc', email: 'kari.oidc@helse-bergen.example' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
    if (provider && provider.exitCode === null && provider.signalCode === null) {
      provider.kill();
      await providerExited;
    }
  });

  /**
   * A browser of its own (no cookies at the app or the provider), kept off the network: only the
   * app and the provider on loopback answer. Everything the browser complains about is recorded.
   */
  async function freshBrowser(): Promise<{
    context: BrowserContext;
    page: Page;
    reports: Report[];
    refused: Promise<never>;
  }> {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nb-NO' });
    const local = [new URL(appUrl).origin, new URL(issuer).origin];
    // The provider's development pages import a web font; nothing leaves the machine.
    await context.route(
      (url) => !local.includes(url.origin),
      (route) => route.abort('blockedbyclient'),
    );
    const page = await context.newPage();
    const reports: Report[] = [];
    // Rejects as soon as the browser refuses something by the policy, so a blocked step fails
    // with the browser's own words instead of a timeout.
    let refuse: (error: Error) => void = () => {};
    const refused = new Promise<never>((_, reject) => {
      refuse = reject;
    });
    refused.catch(() => {});
    const report = (entry: Report) => {
      reports.push(entry);
      if (REFUSED_BY_POLICY.test(entry.text)) refuse(new Error(`refused on ${entry.url}: ${entry.text}`));
    };
    page.on('console', (message) => {
      if (message.type() === 'error') report({ url: page.url(), text: message.text() });
    });
    page.on('pageerror', (error) => report({ url: page.url(), text: error.message }));
    page.on('requestfailed', (req) => {
      const failure = req.failure()?.errorText;
      // Cancelled by the browser itself: the test went on to the next page while a web font of
      // the last one was still loading. Not the app's failure (seen once in CI).
      if (failure === 'net::ERR_ABORTED') return;
      if (local.includes(new URL(req.url()).origin)) report({ url: req.url(), text: `request failed: ${failure}` });
    });
    return { context, page, reports, refused };
  }

  /** Nothing the Content-Security-Policy refused anywhere, and no other error on the app's own pages. */
  function expectNoComplaints(reports: Report[], expectedOnApp: Report[] = []) {
    expect(reports.filter((r) => REFUSED_BY_POLICY.test(r.text))).toEqual([]);
    expect(reports.filter((r) => r.url.startsWith(appUrl))).toEqual(expectedOnApp);
  }

  /** From Samling's sign-in page through the provider's login and consent pages, as `login`. */
  async function signInAtProvider(
    { page, refused }: { page: Page; refused: Promise<never> },
    login: string,
    shot: string,
  ) {
    await page.goto(`${appUrl}/login?returnTo=/me`);
    await page.screenshot({ path: artifact(`${shot}-1-login.png`), fullPage: true });
    await page.getByRole('button', { name: 'Logg inn med HelseID' }).click();

    // The provider's development login page: any known login name, the password is ignored.
    await Promise.race([
      page.waitForURL((url) => url.origin === new URL(issuer).origin && url.pathname.startsWith('/interaction/')),
      refused,
    ]);
    const loginName = page.locator('input[name="login"]');
    await loginName.waitFor();
    await page.screenshot({ path: artifact(`${shot}-2-provider-login.png`), fullPage: true });
    await loginName.fill(login);
    await page.locator('input[name="password"]').fill('ignored');
    await page.getByRole('button', { name: 'Sign-in' }).click();

    // Its consent page: one button.
    await page.locator('input[name="prompt"][value="consent"]').waitFor({ state: 'attached' });
    await page.screenshot({ path: artifact(`${shot}-3-provider-consent.png`), fullPage: true });
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  test('a registered person signs in through the provider and lands on Min side, signed in', async () => {
    const browsing = await freshBrowser();
    const { context, page, reports, refused } = browsing;
    try {
      await signInAtProvider(browsing, 'kari', 'oidc-kari');
      // Back at the app; where exactly is the assertion (a refused callback stays on its own URL).
      await Promise.race([page.waitForURL((url) => url.origin === appUrl), refused]);
      await page.screenshot({ path: artifact('oidc-kari-4-me.png'), fullPage: true });
      expect(page.url()).toBe(`${appUrl}/me`);
      expect(await page.locator('.site-user__name').textContent()).toBe('Kari Oidc');
      expect(await page.locator('main').textContent()).toContain('Innlogget som Kari Oidc');
      expectNoComplaints(reports);
    } finally {
      await context.close();
    }
  });

  test('an email Samling does not know ends on the error page with a way back, not signed in', async () => {
    const browsing = await freshBrowser();
    const { context, page, reports, refused } = browsing;
    try {
      await signInAtProvider(browsing, 'stranger', 'oidc-stranger');
      const callback = `${appUrl}/auth/oidc/callback?`;
      await Promise.race([page.waitForURL((url) => url.origin === appUrl), refused]);
      await page.screenshot({ path: artifact('oidc-stranger-4-refused.png'), fullPage: true });
      expect(page.url()).toContain(callback);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Innloggingen ble ikke fullført');
      expect(await page.locator('main').textContent()).toContain('ikke registrert i Samling');
      expect(await page.locator('.site-user__name').count()).toBe(0);

      await page.getByRole('link', { name: 'Tilbake til innlogging' }).click();
      await page.waitForURL(`${appUrl}/login`);
      await page.getByRole('button', { name: 'Logg inn med HelseID' }).waitFor();
      // Not signed in: Min side sends the browser to the sign-in page.
      await page.goto(`${appUrl}/me`);
      expect(new URL(page.url()).pathname).toBe('/login');
      // The refusal itself is the one error: Chromium logs a document's 403 as a failed load.
      expectNoComplaints(reports, [
        {
          url: expect.stringContaining(callback),
          text: 'Failed to load resource: the server responded with a status of 403 (Forbidden)',
        },
      ]);
    } finally {
      await context.close();
    }
  });
});
