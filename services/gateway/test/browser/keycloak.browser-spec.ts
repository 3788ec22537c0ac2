import type { Browser, BrowserContext, Page } from 'playwright-core';
import { clearSignInFailures, DEMO_OTP_SECRET, findRepoRoot, totpCode, uniquePostcode } from '@fund-desk/testing';
import { checkA11y, gatewayUrl, launchBrowser, newPage, pageErrors, screenshot } from './support';

/**
 * Signing in through Keycloak's real pages in Chromium (the realm deploy/keycloak/fund-desk-realm.json that
 * deploy/local/stack runs): a parent signs in, applies and signs out; a fund worker cannot see a request before
 * giving the code from the authenticator app.
 */
jest.setTimeout(120_000);

let browser: Browser;
const contexts: BrowserContext[] = [];

async function open(path: string): Promise<Page> {
  const { context, page } = await newPage(browser, 'desktop');
  contexts.push(context);
  await page.goto(`${gatewayUrl()}${path}`);
  return page;
}

const onPage = async (page: Page, name: string | RegExp) => {
  await page.getByRole('heading', { level: 1, name }).waitFor();
  // Whatever the page still loads (a page may load several parts, each saying so) is gone.
  const loading = page.getByText('Even geduld, we halen de gegevens op…');
  for (let i = 0; i < 150 && (await loading.count()) > 0; i++) await page.waitForTimeout(100);
};

/** Keycloak's own sign-in form (its page, its origin). */
async function keycloakSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.waitForURL((url) => url.port === '8180');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('#kc-login').click();
}

/**
 * Answers Keycloak's one-time-code form. Keycloak accepts a code once: if another test file signed the same user in
 * within these 30 seconds, the form comes back with an error, and the next period's code is given.
 */
async function giveOtp(page: Page): Promise<void> {
  await page.locator('#otp').fill(totpCode(DEMO_OTP_SECRET));
  await page.locator('#kc-login').click();
  const back = await page.waitForURL((url) => url.port !== '8180', { timeout: 5000 }).then(
    () => true,
    () => false,
  );
  if (back) return;
  await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 300);
  await page.locator('#otp').fill(totpCode(DEMO_OTP_SECRET));
  await page.locator('#kc-login').click();
}

beforeAll(async () => {
  await clearSignInFailures(findRepoRoot(__dirname));
  browser = await launchBrowser();
});

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
});

describe('a parent with her account', () => {
  let page: Page;

  it("signs in on Keycloak's page and comes back to the page she asked for", async () => {
    page = await open('/applications');
    // Not signed in: the portal's sign-in page, which sends her to Keycloak and back to /applications.
    await onPage(page, 'Inloggen');
    await checkA11y(page, 'sign-in with the identity provider');
    await screenshot(page, 'sign-in-keycloak');
    await page.getByRole('link', { name: 'Inloggen' }).click();
    await keycloakSignIn(page, 'sanne', 'sanne-demo');
    await onPage(page, 'Mijn aanvragen');
    expect(new URL(page.url()).pathname).toBe('/applications');
    await page.getByText('demo-parent-sanne').waitFor();
    // The browser holds no token: only the HttpOnly session cookie, which scripts cannot read.
    const seen = await page.evaluate(() => {
      const web = globalThis as unknown as { document: { cookie: string }; sessionStorage: object };
      return { cookies: web.document.cookie, stored: Object.keys(web.sessionStorage) };
    });
    expect(seen).toEqual({ cookies: '', stored: [] });
    const [cookie] = (await page.context().cookies()).filter((c) => c.name === 'fd_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  });

  it('applies for a school trip (every change carries the CSRF token)', async () => {
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Nieuwe aanvraag' }).click();
    await onPage(page, 'Aanvraag doen');
    await page.getByLabel('Gemeente', { exact: true }).selectOption({ label: 'Leeuwarden' });
    await page.getByLabel('Postcode').fill(uniquePostcode());
    await page.getByRole('radio', { name: 'Ik voed mijn kinderen alleen op' }).check();
    await page.getByLabel('Netto inkomen per maand (euro)').fill('1450');
    await page.getByRole('button', { name: 'Volgende stap' }).click();
    await page.getByLabel('Voornaam').fill('Lieke');
    await page.getByLabel('Geboortedatum').fill('2015-05-20');
    await page.getByRole('button', { name: 'Volgende stap' }).click();
    await page.getByRole('button', { name: 'Iets aanvragen voor Lieke' }).click();
    const group = page.getByRole('group', { name: 'Aanvraag 1' });
    await group.getByLabel('Wat is er nodig?').selectOption({ label: 'Schoolreis of schoolkamp' });
    await group.getByLabel('Bedrag', { exact: true }).fill('45');
    await group.getByLabel('Naam van de school, club of winkel').fill('OBS De Tamarisk');
    await group.getByLabel('IBAN van de school, club of winkel').fill('NL91 ABNA 0417 1643 00');
    await page.getByRole('button', { name: 'Volgende stap' }).click();
    await page.getByLabel('E-mailadres').fill('sanne.ouder@example.nl');
    await page.getByRole('button', { name: 'Volgende stap' }).click();
    await page.getByLabel('Ik geef toestemming om mijn inkomen te controleren.').check();
    await page.getByLabel('Ik geef toestemming om aan elk fonds door te geven wat dat fonds nodig heeft.').check();
    await page.getByRole('button', { name: 'Aanvraag versturen' }).click();
    await onPage(page, 'Status van de aanvraag');
    await page.getByRole('heading', { name: 'Uw aanvraag is verstuurd' }).waitFor();
  });

  it('signs out: the session ends here and at Keycloak, so the next sign-in asks for the password again', async () => {
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await onPage(page, 'Inloggen');
    await page.getByText('U bent uitgelogd.').waitFor();
    expect((await page.context().cookies()).filter((c) => c.name === 'fd_session')).toEqual([]);
    await page.goto(`${gatewayUrl()}/applications`);
    await onPage(page, 'Inloggen');
    await page.getByRole('link', { name: 'Inloggen' }).click();
    await page.waitForURL((url) => url.port === '8180');
    await page.locator('#password').waitFor();
    expect(pageErrors.get(page)).toEqual([]);
  });
});

describe('a fund worker', () => {
  it('must give the code from the authenticator app before seeing any request', async () => {
    const page = await open('/fund/queue');
    await onPage(page, 'Inloggen');
    await page.getByRole('link', { name: 'Inloggen' }).click();
    // A worker no other test signs in (Keycloak refuses a code used twice within its 30 seconds).
    await keycloakSignIn(page, 'staff-kinderhulp', 'staff-demo');
    // Keycloak asks for the one-time code; nothing of fund-desk is shown yet.
    const otp = page.locator('#otp');
    await otp.waitFor();
    expect(new URL(page.url()).port).toBe('8180');
    await screenshot(page, 'sign-in-keycloak-otp');
    await giveOtp(page);
    await onPage(page, /^Aanvragen voor .*Kinderhulp/);
    await checkA11y(page, 'fund queue after two factors');
    expect(new URL(page.url()).pathname).toBe('/fund/queue');
  });
});

describe("a fund's administrator", () => {
  it('sees who of the fund read which request and who signed in, on a page of its own', async () => {
    // Kinderhulp's administrator: no other test file signs them in (Keycloak takes a code once).
    const page = await open('/fund/audit');
    await onPage(page, 'Inloggen');
    await page.getByRole('link', { name: 'Inloggen' }).click();
    await keycloakSignIn(page, 'fundadmin-kinderhulp', 'admin-demo');
    await page.locator('#otp').waitFor();
    await giveOtp(page);
    await onPage(page, /^Inzage en inloggen bij .*Kinderhulp/);
    const signIns = page.getByRole('region', { name: 'Inloggen en uitloggen' });
    await signIns.getByRole('cell', { name: 'ingelogd', exact: true }).first().waitFor();
    // The worker of the test above, and the administrator now.
    await expect(signIns.getByRole('cell', { name: 'demo-staff-kinderhulp' }).count()).resolves.toBeGreaterThan(0);
    await expect(signIns.getByRole('cell', { name: 'demo-fundadmin-kinderhulp' }).count()).resolves.toBeGreaterThan(0);
    await checkA11y(page, 'fund audit');
    await screenshot(page, 'fund-audit');
  });
});
